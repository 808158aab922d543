"""The member's own page at /profil: contact details, login e-mail, password, resignation."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from council import dates, french
from council.auth.access import PASSWORD_CHANGE_REQUIRED
from council.auth.services import passwords
from council.auth.services.accounts import AccountError
from council.auth.services.email_change import request_email_change
from council.auth.services.notifications import send_email_change, send_password_changed
from council.database import rollback_on
from council.extensions import db, limiter
from council.membership import bp, providers
from council.membership.forms import (
    ContactForm,
    EmailChangeForm,
    PasswordChangeForm,
    PreferencesForm,
    ResignForm,
)
from council.membership.models import MemberStatus
from council.membership.services import roster
from council.membership.services.notifications import send_resignation_notice

EMAIL_CHANGE_SENT = (
    "Un lien de confirmation vient d'être envoyé à la nouvelle adresse ; il est valable {duration}. "
    "Votre adresse ne change qu'une fois ce lien ouvert. Votre adresse actuelle en est "
    "prévenue."
)


def _render(member, contact_form=None, password_form=None, email_form=None, preferences_form=None):
    if contact_form is None and member is not None:
        contact_form = ContactForm(formdata=None, obj=member).for_college(member.college)
    if preferences_form is None and member is not None:
        preferences_form = PreferencesForm(formdata=None).fill_from(member)
    sections = providers.profile_sections()  # what other areas add (the calendar subscription)
    section_context = {}
    for section in sections:
        section_context.update(section.context())
    return render_template("membership/profile.html", member=member, contact_form=contact_form,
                           password_form=password_form
                           or PasswordChangeForm(formdata=None).for_owner(current_user),
                           email_form=email_form or EmailChangeForm(formdata=None),
                           preferences_form=preferences_form,
                           back="/profil", sections=[section.template for section in sections],
                           **section_context)


@bp.route("/profil", methods=["GET", "POST"])
@login_required
def profile():
    """See one's record; a member edits their phone and address."""
    member = roster.member_of(current_user)
    if member is None:
        return _render(None)
    form = ContactForm().for_college(member.college)
    if not form.validate_on_submit():
        return _render(member, contact_form=form if form.is_submitted() else None)
    roster.update_contact(member, form.phone.data, form.address_given)
    db.session.commit()
    flash("Vos coordonnées sont enregistrées.", "success")
    return redirect(url_for(".profile"))


@bp.route("/profil/preferences", methods=["POST"])
@login_required
def preferences():
    """A member's choices about meetings: invitations by e-mail, the alarm in their feed."""
    member = roster.member_of(current_user)
    if member is None or not member.is_active:
        flash("Vous n'êtes pas membre actif du conseil.", "error")
        return redirect(url_for(".profile"))
    form = PreferencesForm()
    if not form.validate_on_submit():
        return _render(member, preferences_form=form)
    roster.update_preferences(member, form.invitations_by_email.data, form.alarm_minutes)
    db.session.commit()
    flash("Vos préférences sont enregistrées.", "success")
    return redirect(url_for(".profile") + "#preferences-title")


@bp.route("/profil/adresse-email", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def change_email():
    """Ask to change one's login e-mail (password first): a link goes to the new address and
    nothing changes until it is opened. The answer is the same whether or not the new address
    already belongs to an account."""
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            change = request_email_change(current_user, form.new_email.data, form.email_password.data,
                                          current_app.secret_key)
        except AccountError as error:
            form[{"password": "email_password"}.get(error.field, "new_email")].errors.append(str(error))
        else:
            db.session.commit()
            send_email_change(change)
            flash(EMAIL_CHANGE_SENT.format(
                duration=french.plural(current_app.config["EMAIL_CHANGE_HOURS"], "heure")), "success")
            return redirect(url_for(".profile"))
    return _render(roster.member_of(current_user), email_form=form)


@bp.route("/profil/mot-de-passe", methods=["POST"])
@login_required
def change_password():
    """Change one's password (the current one first); this session stays open, others end."""
    form = PasswordChangeForm().for_owner(current_user)
    if form.validate_on_submit():
        with rollback_on(AccountError) as refusal:
            passwords.change_password(current_user, form.current.data, form.password.data)
        if refusal.error:
            form[refusal.error.field or "current"].errors.append(str(refusal.error))
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # the new session token
            session.pop(PASSWORD_CHANGE_REQUIRED, None)  # a weak password kept this session to this form
            send_password_changed(current_user)
            flash("Votre mot de passe est changé.", "success")
            return redirect(url_for(".profile"))
    return _render(roster.member_of(current_user), password_form=form)


@bp.route("/profil/demission", methods=["GET", "POST"])
@login_required
def resign():
    """Resign from the council: the record stays in the history, the member account closes."""
    member = roster.member_of(current_user)
    if member is None or not member.is_active:
        flash("Vous n'êtes pas membre actif du conseil.", "error")
        return redirect(url_for(".profile"))
    form = ResignForm()
    if not form.validate_on_submit():
        return render_template("membership/resign.html", member=member, form=form)
    roster.record_departure(member, MemberStatus.RESIGNED, dates.today(),
                            form.reason.data, current_user)
    db.session.commit()
    send_resignation_notice(member, form.reason.data)  # a failure is logged; the resignation stands
    providers.after_departure(member)  # invitations to meetings to come withdrawn (e-mail)
    if not current_user.is_active:
        logout_user()
        session.clear()
    flash("Votre démission est enregistrée. Merci pour votre engagement au conseil citoyen.", "success")
    return redirect(url_for("public.home"))
