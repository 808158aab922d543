"""The public application at /candidature, its confirmation, and the activation link."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    session,
    url_for,
)

from council.auth.models import User
from council.auth.services import account_for_link
from council.extensions import db, limiter
from council.membership import bp, services
from council.membership.forms import ActivationForm, ApplicationForm
from council.membership.notifications import send_acknowledgement
from council.membership.roster import set_first_password
from council.membership.tokens import InvalidToken, read_activation_token, token_still_unused
from council.reference.services import neighbourhoods


def _application_limit() -> str:
    return current_app.config["APPLICATION_RATE_LIMIT"]


def _counted(_response) -> bool:
    """Only submissions that went through (stored, refused, or caught) count against the limit;
    a form sent back with a typing mistake does not."""
    return g.get("application_counted", False)


def _render_form(form, refusal=None, status: int = 200):
    return render_template(
        "membership/apply.html", form=form, refusal=refusal,
        minimum_age=current_app.config["MINIMUM_AGE"],
        neighbourhood_names=[name for _slug, name in current_app.config["NEIGHBOURHOODS"]],
    ), status


@bp.route("/candidature", methods=["GET", "POST"])
@limiter.limit(_application_limit, methods=["POST"], deduct_when=_counted)
def apply():
    """Apply to join: an eligible application is stored as pending and acknowledged by e-mail;
    an ineligible one is shown every reason and only counted, anonymously."""
    form = ApplicationForm()
    form.set_neighbourhoods(neighbourhoods())
    if form.is_submitted() and form.website.data:  # the honeypot: only robots fill it in
        g.application_counted = True
        return redirect(url_for(".application_sent"))
    if not form.validate_on_submit():
        return _render_form(form)
    g.application_counted = True
    submission = services.submit(form.application_fields(), form.applicant(), services.today_in_paris())
    if submission.duplicate:
        form.email.errors.append(submission.duplicate)
        return _render_form(form)
    db.session.commit()
    if submission.application is None:
        return _render_form(form, refusal=submission.decision)
    session["application_reference"] = submission.application.reference
    session["acknowledgement_sent"] = send_acknowledgement(submission.application)
    return redirect(url_for(".application_sent"))


@bp.route("/candidature/envoyee")
def application_sent():
    """The confirmation: the reference to keep, and what happens next."""
    return render_template("membership/application_sent.html",
                           reference=session.get("application_reference"),
                           mail_sent=session.get("acknowledgement_sent", True))


def _user_for_token(token: str, for_update: bool = False) -> tuple[User | None, bool]:
    """The account the link was made for, if the link is still good; else (None, expired?).
    ``for_update`` before using it: the row is locked and read afresh (``account_for_link``)."""
    try:
        user_id, fingerprint = read_activation_token(
            token, current_app.config["SECRET_KEY"],
            max_age_days=int(current_app.config["ACTIVATION_LINK_DAYS"]))
    except InvalidToken as error:
        return None, error.expired
    user = account_for_link(user_id, for_update=for_update)
    if user is None or not user.active or not token_still_unused(user, fingerprint):
        return None, False
    return user, False


@bp.route("/compte/activation/<token>", methods=["GET", "POST"])
def activate(token: str):
    """Choose a first password from the e-mailed link (valid a few days, usable once)."""
    user, expired = _user_for_token(token) if len(token) <= 500 else (None, False)
    if user is None:
        return render_template("membership/activation_invalid.html", expired=expired), 410
    form = ActivationForm()
    if not form.validate_on_submit():
        return render_template("membership/activate.html", form=form)
    user, _expired = _user_for_token(token, for_update=True)
    if user is None:  # used meanwhile, by a request sent at the same instant
        return render_template("membership/activation_invalid.html", expired=False), 410
    set_first_password(user, form.password.data)
    db.session.commit()
    flash("Votre mot de passe est enregistré. Vous pouvez maintenant vous connecter.", "success")
    return redirect(url_for("auth.login"))
