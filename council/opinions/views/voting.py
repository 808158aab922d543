"""The vote on an avis, recorded by an organiser at the meeting where it is on the agenda."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from council.auth.access import role_required
from council.auth.models import Role
from council.extensions import db
from council.opinions import bp, services
from council.opinions.forms import vote_form_for
from council.opinions.lifecycle import Action, TransitionError, next_status
from council.opinions.services import OpinionError


def _setting_or_redirect(opinion):
    """The vote's meeting, quorum and present members, or a redirect saying why there is none."""
    try:
        next_status(opinion.status, Action.ADOPT, is_organiser=True)
        return services.vote_setting(opinion), None
    except (TransitionError, OpinionError) as error:
        flash(str(error), "error")
        return None, redirect(url_for("opinions.detail", opinion_id=opinion.id))


@bp.route("/avis/<int:opinion_id>/vote", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def vote(opinion_id: int):
    """Record the vote: pour / contre / abstention counts, or each present member's vote.

    Refused without quorum, with more votes than present members, or, when adopted with votes
    against, without the dissenting views.
    """
    opinion = services.get_opinion(opinion_id) or abort(404)
    setting, refused = _setting_or_redirect(opinion)
    if refused:
        return refused
    form = vote_form_for(setting.present_members, data={"text": opinion.text})
    problems: list[str] = []
    if form.validate_on_submit():
        missing = form.count_fields_problems()
        for name, message in missing.items():
            form[name].errors = [*form[name].errors, message]
        if not missing:
            try:
                problems = _record(opinion, form)
            except TransitionError as error:  # voted by someone else meanwhile
                db.session.rollback()
                flash(str(error), "error")
                return redirect(url_for("opinions.detail", opinion_id=opinion_id))
            if not problems:
                db.session.commit()
                outcome = "adopté" if opinion.status.is_public else "rejeté"
                flash(f"Vote enregistré : {opinion.kind.label} {outcome} "
                      f"({opinion.vote_count.describe()}).", "success")
                return redirect(url_for("opinions.detail", opinion_id=opinion.id))
            db.session.rollback()
            opinion = services.get_opinion(opinion_id)
    return render_template("opinions/vote.html", opinion=opinion, form=form, setting=setting,
                           problems=problems, ballots=form.ballots())


def _record(opinion, form) -> list[str]:
    """Call the service with what the organiser typed; its French refusals come back as a list."""
    by_member = form.method.data == "ballots"
    try:
        services.record_vote(
            opinion, current_user._get_current_object(), text=form.text.data,
            dissent=form.dissent_text.data or "",
            count=None if by_member else form.vote_count(),
            ballots=form.chosen_ballots() if by_member else None)
    except OpinionError as error:
        return error.messages
    return []
