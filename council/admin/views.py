"""Administration pages: accounts and roles (admins only; changes need the password again)."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from council.admin import bp
from council.admin.forms import AccountForm, LinkMemberForm
from council.admin.services import account_here, accounts_page
from council.audit import labels
from council.audit.services import entries_page
from council.auth.access import recent_auth_required, role_required
from council.auth.models import Role, User
from council.auth.services.accounts import AccountError, update_account
from council.database import rollback_on
from council.extensions import db
from council.french import period_in_words
from council.http import page_argument
from council.membership.models import Member
from council.membership.services.roster import (
    link_member_account,
    member_of,
    members_without_account,
)
from council.privacy.services import purge_status


@bp.route("/comptes")
@role_required(Role.ADMIN)
def accounts():
    """Every account with its role and state."""
    page = accounts_page(page_argument())
    return render_template("admin/accounts.html", page=page, purge=purge_status())


@bp.route("/comptes/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@recent_auth_required
def account(user_id: int):
    """Change an account's role or disable it (each change goes to the audit log)."""
    user = account_here(user_id) or abort(404)
    form = AccountForm(data={"role": user.role.value, "active": user.active_here})
    if form.validate_on_submit():
        with rollback_on(AccountError) as refusal:
            changes = update_account(current_user, user, Role(form.role.data), form.active.data)
        if refusal.error:
            form.role.errors.append(str(refusal.error))
        else:
            db.session.commit()
            flash("Le compte a été mis à jour." if changes else "Aucun changement.", "success")
            return redirect(url_for("admin.accounts"))
    return _render_account(user, form)


def _render_account(user: User, form: AccountForm, link_form: LinkMemberForm | None = None):
    member = member_of(user)
    if link_form is None:
        link_form = LinkMemberForm(formdata=None)
    link_form.set_members([] if member else members_without_account())
    return render_template("admin/account.html", form=form, user=user, member=member,
                           link_form=link_form)


@bp.route("/comptes/<int:user_id>/fiche", methods=["POST"])
@role_required(Role.ADMIN)
@recent_auth_required
def link_member(user_id: int):
    """Link the account to a roster record without one (e.g. a former member accepted again
    whose address was already this account's: acceptance never links accounts itself)."""
    user = account_here(user_id) or abort(404)
    form = LinkMemberForm()
    form.set_members(members_without_account())
    if form.validate_on_submit():
        with rollback_on(AccountError) as refusal:
            link_member_account(current_user, db.get_or_404(Member, form.chosen_id), user)
        if refusal.error:
            flash(str(refusal.error), "error")
        else:
            db.session.commit()
            flash("Le compte est relié à la fiche de membre.", "success")
        return redirect(url_for("admin.account", user_id=user.id))
    account_form = AccountForm(data={"role": user.role.value, "active": user.active_here})
    return _render_account(user, account_form, form)


@bp.route("/journal")
@role_required(Role.ADMIN)
def audit_log():
    """Who did what and when: account numbers, never e-mails; how long lines are kept, and
    when the last purge ran."""
    page = entries_page(page_argument())
    audit_retention = period_in_words(current_app.config["RETENTION_AUDIT_DAYS"])
    return render_template("admin/audit_log.html", page=page, labels=labels,
                           audit_retention=audit_retention, purge=purge_status())
