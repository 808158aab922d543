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

from council import dates
from council.auth.services.passwords import set_first_password
from council.extensions import db, limiter
from council.membership import bp
from council.membership.forms import ActivationForm, ApplicationForm
from council.membership.services import applications
from council.membership.services.activation import account_to_activate
from council.membership.services.notifications import send_acknowledgement
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
    submission = applications.submit(form.application_fields(), form.applicant(), dates.today())
    if submission.duplicate:
        form.email.errors.append(submission.duplicate)
        return _render_form(form)
    db.session.commit()
    if submission.application is None:
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
    """Choose a first password from the e-mailed link (valid a few days, usable once)."""
    user, expired = account_to_activate(token)
    if user is None:
        return render_template("membership/activation_invalid.html", expired=expired), 410
    form = ActivationForm()
    if not form.validate_on_submit():
        return render_template("membership/activate.html", form=form)
    user, _expired = account_to_activate(token, for_update=True)
    if user is None:  # used meanwhile, by a request sent at the same instant
        return render_template("membership/activation_invalid.html", expired=False), 410
    set_first_password(user, form.password.data)
    db.session.commit()
    flash("Votre mot de passe est enregistré. Vous pouvez maintenant vous connecter.", "success")
    return redirect(url_for("auth.login"))
