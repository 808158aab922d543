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
from flask_login import login_user

from council import dates
from council.auth import access
from council.auth.services.passwords import set_first_password
from council.councils.services import neighbourhood_names, rules
from council.extensions import db, limiter
from council.membership import bp
from council.membership.forms import ActivationForm, ApplicationForm
from council.membership.services import applications
from council.membership.services.activation import account_to_activate
from council.membership.services.notifications import send_acknowledgement
from council.reference.services import neighbourhoods


def _application_limit() -> str:
    return current_app.config["APPLICATION_RATE_LIMIT"]


def _refused_limit() -> str:
    return current_app.config["APPLICATION_REFUSED_RATE_LIMIT"]


def _stored(_response) -> bool:
    """Submissions that went through (stored, a duplicate, or caught by the honeypot) count
    against the strict limit; a form sent back with a typing mistake does not."""
    return g.get("application_outcome") == "stored"


def _refused(_response) -> bool:
    """Refusals for eligibility count against their own, looser limit."""
    return g.get("application_outcome") == "refused"


LIMIT_MESSAGE = (
    "Trop de candidatures ont été envoyées depuis cette connexion en peu de temps. Revenez en "
    "arrière avec le bouton « Retour » de votre navigateur : ce que vous avez tapé y est en général "
    "encore, et vous pourrez l'envoyer dans une heure. Vous aidez plusieurs personnes à candidater "
    "(centre social, association) ? Écrivez aux organisateurs du conseil citoyen, à l'adresse de "
    "contact en bas de page : ils enregistreront les candidatures avec vous."
)


def _render_form(form, refusal=None, status: int = 200):
    return render_template(
        "membership/apply.html", form=form, refusal=refusal,
        minimum_age=rules().minimum_age, neighbourhood_names=neighbourhood_names(),
    ), status


@bp.route("/candidature", methods=["GET", "POST"])
@limiter.limit(_application_limit, methods=["POST"], deduct_when=_stored, scope="application-stored",
               error_message=LIMIT_MESSAGE)
@limiter.limit(_refused_limit, methods=["POST"], deduct_when=_refused, scope="application-refused",
               error_message=LIMIT_MESSAGE)
def apply():
    """Apply to join: an eligible application is stored as pending and acknowledged by e-mail;
    an ineligible one is shown every reason and only counted, anonymously."""
    form = ApplicationForm()
    form.set_neighbourhoods(neighbourhoods())
    if form.is_submitted() and form.website.data:  # the honeypot: only robots fill it in
        g.application_outcome = "stored"
        return redirect(url_for(".application_sent"))
    if not form.validate_on_submit():
        return _render_form(form)
    g.application_outcome = "stored"
    submission = applications.submit(form.application_fields(), form.applicant(), dates.today())
    if submission.duplicate:
        form.email.errors.append(submission.duplicate)
        return _render_form(form)
    db.session.commit()
    if submission.application is None:
        g.application_outcome = "refused"
        return _render_form(form, refusal=submission.decision)
    session["application_reference"] = submission.application.reference
    decision = submission.decision
    session["also_fits"] = (submission.application.college.other.label
                            if decision is not None and decision.other_college_eligible else None)
    session["acknowledgement_sent"] = send_acknowledgement(submission.application)
    return redirect(url_for(".application_sent"))


@bp.route("/candidature/envoyee")
def application_sent():
    """The confirmation: the reference to keep, and what happens next."""
    reference = session.get("application_reference")
    return render_template("membership/application_sent.html", reference=reference,
                           mail_sent=session.get("acknowledgement_sent", True),
                           also_fits=session.get("also_fits") if reference else None)


@bp.route("/compte/activation/<token>", methods=["GET", "POST"])
def activate(token: str):
    """Choose a first password from the e-mailed link (valid a few days, usable once), and be
    signed in: the member lands on their own page."""
    user, expired = account_to_activate(token)
    if user is None:
        return render_template("membership/activation_invalid.html", expired=expired), 410
    form = ActivationForm().for_owner(user)
    if not form.validate_on_submit():
        return render_template("membership/activate.html", form=form)
    user, _expired = account_to_activate(token, for_update=True)
    if user is None:  # used meanwhile, by a request sent at the same instant
        return render_template("membership/activation_invalid.html", expired=False), 410
    set_first_password(user, form.password.data)
    session.clear()  # a fresh session, as at sign-in
    login_user(user)  # the link proves the mailbox, as a reset link does
    access.start_session()
    db.session.commit()
    flash("Votre mot de passe est enregistré. Vous êtes connecté·e.", "success")
    return redirect(url_for(".profile"))
