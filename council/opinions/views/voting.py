"""The vote on an avis, recorded by an organiser at the meeting where it is on the agenda."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from council import french
from council.auth.access import role_required
from council.auth.models import Role
from council.extensions import db
from council.opinions import bp, services
from council.opinions.forms import vote_form_for
from council.opinions.lifecycle import Action
from council.opinions.models import Opinion
from council.opinions.services import OpinionError
from council.opinions.voting import DISSENT_MISSING, count_problems


@bp.route("/avis/<int:opinion_id>/vote", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def vote(opinion_id: int):
    """Record the vote: pour / contre / abstention counts, or each present member's vote.

    Refused without quorum, with more votes than present members, or, when adopted with votes
    against, without the dissenting views. An avis not on the agenda of a meeting that has
    started (or voted meanwhile) goes back to its page with the reason.
    """
    opinion = db.get_or_404(Opinion, opinion_id)
    user = current_user._get_current_object()
    services.check_action(opinion, Action.ADOPT, user)
    setting = services.vote_setting(opinion)
    form = vote_form_for(setting.present_members, data={"text": opinion.text})
    problems: list[str] = []
    concerned: set[str] = set()
    if form.validate_on_submit():
        missing = form.count_fields_problems()
        for name, message in missing.items():
            form[name].errors = [*form[name].errors, message]
        if not missing:
            by_member = form.method.data == "ballots"
            try:
                services.record_vote(opinion, user, text=form.text.data, dissent=form.dissent_text.data or "",
                                     count=None if by_member else form.vote_count(),
                                     ballots=form.chosen_ballots() if by_member else None)
            except OpinionError as error:  # shown above the form, what was typed kept; nothing written
                problems = error.messages
                concerned = refused_fields(problems, form, setting)
            else:
                db.session.commit()
                outcome = french.agree("adopté" if opinion.status.is_public else "rejeté",
                                       opinion.kind.is_feminine)
                flash(f"Vote enregistré : {opinion.kind.label} {outcome} "
                      f"({opinion.vote_count.describe()}).", "success")
                return redirect(url_for("opinions.detail", opinion_id=opinion.id))
    return render_template("opinions/vote.html", opinion=opinion, form=form, setting=setting,
                           problems=problems, concerned=concerned, ballots=form.ballots())


def refused_fields(problems: list[str], form, setting) -> set[str]:
    """The fields a refusal concerns, to tie it to them (``aria-invalid``): the counts when
    they do not add up, the dissent when it is missing; a missing quorum concerns none."""
    fields = set()
    if form.method.data != "ballots" and set(problems) & set(
            count_problems(form.vote_count(), setting.quorum.present)):
        fields |= {"votes_for", "votes_against", "votes_abstain"}
    if DISSENT_MISSING in problems:
        fields.add("dissent_text")
    return fields
