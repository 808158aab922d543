"""After the vote: transmission to the addressee, the answer, and what waits for an answer."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from council import dates, french
from council.auth.access import role_required
from council.auth.models import Role
from council.councils.services import rules
from council.extensions import db
from council.opinions import bp, services
from council.opinions.forms import AnswerForm, TransmitForm
from council.opinions.lifecycle import Action
from council.opinions.models import Opinion
from council.opinions.views import render_detail


@bp.route("/avis/<int:opinion_id>/transmission", methods=["POST"])
@role_required(Role.ORGANISER)
def transmit(opinion_id: int):
    """Record that the adopted avis was sent to its addressee."""
    opinion = db.get_or_404(Opinion, opinion_id, options=services.PAGE)
    user = current_user._get_current_object()
    services.check_action(opinion, Action.TRANSMIT, user)
    form = TransmitForm(prefix="transmit")
    if not form.validate_on_submit():
        return render_detail(opinion, {"transmit": form})
    services.transmit(opinion, form.transmitted_on.data, user)
    db.session.commit()
    flash(f"Transmission {french.a(opinion.addressee)} enregistrée.", "success")
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))


@bp.route("/avis/<int:opinion_id>/reponse", methods=["POST"])
@role_required(Role.ORGANISER)
def answer(opinion_id: int):
    """Record the addressee's answer; it is published with the avis."""
    opinion = db.get_or_404(Opinion, opinion_id, options=services.PAGE)
    user = current_user._get_current_object()
    services.check_action(opinion, Action.RECORD_ANSWER, user)
    form = AnswerForm(prefix="answer")
    if not form.validate_on_submit():
        return render_detail(opinion, {"answer": form})
    services.record_answer(opinion, form.answer_text.data, form.answered_on.data, user)
    db.session.commit()
    flash("Réponse enregistrée et publiée avec l'avis.", "success")
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))


@bp.route("/suivi-des-reponses")
@role_required(Role.ORGANISER)
def waiting():
    """What waits for a partner's answer, and for how long (observations and avis)."""
    delay = rules().observation_answer_delay_days
    observations, opinions = services.awaiting_answers(dates.today(), delay)
    return render_template("opinions/waiting.html", delay=delay, observations=observations,
                           opinions=opinions)
