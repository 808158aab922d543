"""After the vote: transmission to the addressee, the answer, and what waits for an answer."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from council import dates
from council.auth.access import role_required
from council.auth.models import Role
from council.extensions import db
from council.opinions import bp, services
from council.opinions.forms import AnswerForm, TransmitForm
from council.opinions.lifecycle import Action, TransitionError, next_status
from council.opinions.services import OpinionError
from council.opinions.views._detail import render_detail


def _refused(opinion_id: int, error: Exception):
    db.session.rollback()
    flash(str(error), "error")
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))


def _refusal(opinion, action: Action):
    """A redirect with the French reason when the lifecycle refuses ``action``, else None."""
    try:
        next_status(opinion.status, action, is_organiser=current_user.has_role(Role.ORGANISER))
    except TransitionError as error:
        return _refused(opinion.id, error)
    return None


@bp.route("/avis/<int:opinion_id>/transmission", methods=["POST"])
@role_required(Role.ORGANISER)
def transmit(opinion_id: int):
    """Record that the adopted avis was sent to its addressee."""
    opinion = services.get_opinion(opinion_id) or abort(404)
    if refused := _refusal(opinion, Action.TRANSMIT):
        return refused
    form = TransmitForm(prefix="transmit")
    if not form.validate_on_submit():
        return render_detail(opinion, {"transmit": form})
    try:
        services.transmit(opinion, form.transmitted_on.data, current_user._get_current_object())
    except (OpinionError, TransitionError) as error:
        return _refused(opinion_id, error)
    db.session.commit()
    flash(f"Transmission à {opinion.addressee} enregistrée.", "success")
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))


@bp.route("/avis/<int:opinion_id>/reponse", methods=["POST"])
@role_required(Role.ORGANISER)
def answer(opinion_id: int):
    """Record the addressee's answer; it is published with the avis."""
    opinion = services.get_opinion(opinion_id) or abort(404)
    if refused := _refusal(opinion, Action.RECORD_ANSWER):
        return refused
    form = AnswerForm(prefix="answer")
    if not form.validate_on_submit():
        return render_detail(opinion, {"answer": form})
    try:
        services.record_answer(opinion, form.answer_text.data, form.answered_on.data,
                               current_user._get_current_object())
    except (OpinionError, TransitionError) as error:
        return _refused(opinion_id, error)
    db.session.commit()
    flash("Réponse enregistrée et publiée avec l'avis.", "success")
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))


@bp.route("/suivi-des-reponses")
@role_required(Role.ORGANISER)
def waiting():
    """What waits for a partner's answer, and for how long (observations and avis)."""
    delay = current_app.config["OBSERVATION_ANSWER_DELAY_DAYS"]
    observations, opinions = services.awaiting_answers(dates.today(), delay)
    return render_template("opinions/waiting.html", delay=delay, observations=observations,
                           opinions=opinions)
