"""The organisers' review: the queue of pending applications, one application with its decision
re-checked, the three decisions, and the ordered substitutes list."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from council import dates
from council.auth.access import role_required
from council.auth.models import Role
from council.councils.services import rules
from council.database import rollback_on
from council.eligibility import Reason
from council.extensions import db
from council.french import period_in_words
from council.http import page_argument
from council.membership import bp
from council.membership.forms import ActionForm, RejectForm
from council.membership.models import Application
from council.membership.services import applications
from council.membership.services.applications import ApplicationError
from council.membership.services.notifications import send_rejection, send_substitute, send_welcome

organisers_only = role_required(Role.ORGANISER)


@bp.route("/candidatures")
@organisers_only
def queue():
    """Pending applications, oldest first, and the anonymous refusal counts per month."""
    today = dates.today()
    page = applications.pending_page(page_argument())
    return render_template(
        "membership/queue.html", page=page, decisions=applications.recheck(page.items, today),
        refusals=applications.refusal_summary(today), reasons=list(Reason), today=today,
    )


def _load(application_id: int, for_update: bool = True) -> Application:
    """The application, locked for a decision unless only shown (two organisers cannot decide
    it at once), or 404."""
    return db.get_or_404(Application, application_id, with_for_update=for_update,
                         options=applications.APPLICATION_RECORD)


def _render_application(application, reject_form=None, status: int = 200):
    today = dates.today()
    # Only an open application can still be decided: a decided one no longer holds what the
    # re-check would need (its birth date is gone).
    decision = (applications.check_eligibility(application.as_applicant(), today)
                if application.is_open else None)
    return render_template(
        "membership/application.html", application=application, today=today, decision=decision,
        action_form=ActionForm(), reject_form=reject_form or RejectForm(formdata=None),
    ), status


@bp.route("/candidatures/<int:application_id>")
@organisers_only
def application(application_id: int):
    """Everything the applicant gave, the eligibility re-checked today, and the decisions."""
    return _render_application(_load(application_id, for_update=False))


def _refused(error: ApplicationError, application_id: int):
    flash(str(error), "error")
    return redirect(url_for(".application", application_id=application_id))


def _mail_outcome(sent: bool, what: str) -> None:
    if not sent:
        flash(f"L'e-mail {what} n'a pas pu être envoyé : prévenez la personne autrement.", "warning")


@bp.route("/candidatures/<int:application_id>/accepter", methods=["POST"])
@organisers_only
def accept(application_id: int):
    """Accept (or promote a substitute): the member joins and gets the activation link."""
    application = _load(application_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    was_substitute = application.is_substitute
    with rollback_on(ApplicationError) as refusal:
        acceptance = applications.accept(application, current_user, dates.today())
    if refusal.error:
        return _refused(refusal.error, application_id)
    db.session.commit()
    flash(f"{acceptance.member.full_name} est désormais membre du conseil"
          f"{' (suppléant·e promu·e)' if was_substitute else ''}.", "success")
    if acceptance.account_conflict:
        flash(acceptance.account_conflict, "warning")
    _mail_outcome(send_welcome(acceptance), "de bienvenue")
    return redirect(url_for(".member", member_id=acceptance.member.id))


@bp.route("/candidatures/<int:application_id>/suppleant", methods=["POST"])
@organisers_only
def substitute(application_id: int):
    """Put a pending application at the end of the substitutes list of its college."""
    application = _load(application_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    with rollback_on(ApplicationError) as refusal:
        applications.put_on_substitutes(application, current_user, dates.today())
    if refusal.error:
        return _refused(refusal.error, application_id)
    db.session.commit()
    flash(f"{application.full_name} est inscrit·e sur la liste des suppléant·es.", "success")
    _mail_outcome(send_substitute(application), "d'information")
    return redirect(url_for(".queue"))


@bp.route("/candidatures/<int:application_id>/refuser", methods=["POST"])
@organisers_only
def reject(application_id: int):
    """Refuse an application (or take a substitute off the list); the reason is e-mailed."""
    application = _load(application_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _render_application(application, reject_form=form)
    with rollback_on(ApplicationError) as refusal:
        applications.reject(application, current_user, form.reason.data, dates.today())
    if refusal.error:
        return _refused(refusal.error, application_id)
    db.session.commit()
    flash(f"La candidature {application.reference} est refusée ; le motif a été envoyé.", "success")
    _mail_outcome(send_rejection(application), "de refus")
    return redirect(url_for(".queue"))


@bp.route("/suppleants")
@organisers_only
def substitutes():
    """The substitutes list of each college, in order."""
    return render_template(
        "membership/substitutes.html", action_form=ActionForm(),
        by_college=applications.substitutes_by_college(),
        parity_max_gap=rules().composition_parity_max_gap,
        kept_for=period_in_words(current_app.config["RETENTION_SUBSTITUTE_DAYS"]),
    )


@bp.route("/suppleants/<int:application_id>/<any(monter, descendre):direction>", methods=["POST"])
@organisers_only
def move_substitute(application_id: int, direction: str):
    """Move a substitute one place up or down its college's list (the service locks the list)."""
    application = _load(application_id, for_update=False)
    if not ActionForm().validate_on_submit():
        abort(400)
    with rollback_on(ApplicationError) as refusal:
        applications.move_substitute(application, current_user, up=direction == "monter")
    if refusal.error:
        flash(str(refusal.error), "error")
        return redirect(url_for(".substitutes"))
    db.session.commit()
    return redirect(url_for(".substitutes"))
