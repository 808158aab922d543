"""Administration pages: accounts and roles (admins only; changes need the password again)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from council import audit
from council.admin import bp
from council.admin.forms import AccountForm, LinkMemberForm
from council.admin.services import (
    accounts_page,
    link_member_account,
    member_of_account,
    members_without_account,
    update_account,
)
from council.auth.access import recent_auth_required, role_required
from council.auth.models import Role, User
from council.auth.services import AccountError
from council.extensions import db
from council.http import page_argument


@bp.route("/comptes")
@role_required(Role.ADMIN)
def accounts():
    """Every account with its role and state."""
    page = accounts_page(page_argument())
    return render_template("admin/accounts.html", page=page)


@bp.route("/comptes/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@recent_auth_required
def account(user_id: int):
    """Change an account's role or disable it."""
    user = db.session.get(User, user_id) or abort(404)
    form = AccountForm(data={"role": user.role.value, "active": user.active})
    if form.validate_on_submit():
        try:
            changes = update_account(current_user, user, Role(form.role.data), form.active.data)
        except AccountError as error:
            form.role.errors.append(str(error))
        else:
            _audit(changes, user)
            db.session.commit()
            flash("Le compte a été mis à jour." if changes else "Aucun changement.", "success")
            return redirect(url_for("admin.accounts"))
    return _render_account(user, form)


def _render_account(user: User, form: AccountForm, link_form: LinkMemberForm | None = None):
    member = member_of_account(user)
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
    from council.membership.models import Member

    user = db.session.get(User, user_id) or abort(404)
    form = LinkMemberForm()
    form.set_members(members_without_account())
    if form.validate_on_submit():
        try:
            link_member_account(current_user, db.session.get(Member, form.chosen_id), user)
        except AccountError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Le compte est relié à la fiche de membre.", "success")
        return redirect(url_for("admin.account", user_id=user.id))
    return _render_account(user, AccountForm(data={"role": user.role.value, "active": user.active}), form)


def _audit(changes: list[str], user: User) -> None:
    """Record each change (role:member->organiser, enabled, disabled) in the audit log."""
    for change in changes:
        audit.log(current_user, f"account.{change.split(':')[0]}", "user", user.id, note=change)


@bp.route("/journal")
@role_required(Role.ADMIN)
def audit_log():
    """Who did what and when (no personal data in the entries)."""
    from council.audit.services import entries_page

    page = entries_page(page_argument())
    return render_template("admin/audit_log.html", page=page)
