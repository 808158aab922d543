"""Confirming a new login e-mail through the link sent to it (asked for from /profil)."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from council.auth import bp
from council.auth.forms import ActionForm
from council.auth.services.accounts import AccountError
from council.auth.services.email_change import confirm_email_change, pending_email_change
from council.auth.services.notifications import send_email_changed
from council.database import rollback_on
from council.extensions import db


@bp.route("/compte/adresse-email/<token>", methods=["GET", "POST"], endpoint="confirm_email_change")
def confirm_email(token: str):
    """Confirm a new login e-mail through the link sent to it. GET only shows a button (a mail
    scanner opening the link changes nothing); after the POST the old address is told."""
    max_age = current_app.config["EMAIL_CHANGE_HOURS"] * 3600
    change = pending_email_change(token, current_app.secret_key, max_age)
    if change is None:
        return render_template("auth/email_change_invalid.html"), 400
    form = ActionForm()
    if not form.validate_on_submit():
        return render_template("auth/email_change_confirm.html", form=form, new_email=change.new_email)
    change = pending_email_change(token, current_app.secret_key, max_age, for_update=True)
    if change is None:  # confirmed meanwhile, by a request sent at the same instant
        return render_template("auth/email_change_invalid.html"), 400
    with rollback_on(AccountError) as refusal:
        old_email = confirm_email_change(change)
    if refusal.error:
        return render_template("auth/email_change_invalid.html", reason=str(refusal.error)), 409
    db.session.commit()
    send_email_changed(old_email, change.new_email)
    flash("Votre nouvelle adresse e-mail est enregistrée : c'est désormais celle de votre compte.",
          "success")
    return redirect(url_for("membership.profile" if current_user.is_authenticated else "auth.login"))
