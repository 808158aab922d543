"""Avis pages, one module per sub-feature, each registering its routes on the ``opinions``
blueprint: ``public`` (the list and the avis page), ``drafting`` (drafts, the agenda, new
versions, the members' list), ``voting`` (the vote at the meeting), ``follow_up``
(transmission, answer, what waits for an answer). ``render_detail`` below draws the avis page,
which the steps posted from it show again with their form's errors: what several view modules
share lives here, in the package, never in a sibling module.

A step the lifecycle or a service refuses (``TransitionError``, ``OpinionError``) and that its
view does not show beside a field ends here: nothing of it is kept, and the avis's page says why.
"""

from flask import flash, redirect, render_template, request, url_for

from council.auth.access import viewer_is_member, viewer_is_organiser
from council.extensions import db
from council.meetings.forms import NewAgendaPointForm
from council.opinions import bp
from council.opinions.forms import AnswerForm, OpinionScheduleForm, TransmitForm
from council.opinions.lifecycle import Action, TransitionError, allowed_actions
from council.opinions.services import OpinionError


def render_detail(opinion, forms=None, status=200):
    """The avis page with the next steps the person may take, and a form for each (``forms``
    replaces a fresh one by the one that was posted, with its errors)."""
    actions = []
    if viewer_is_member():
        actions = allowed_actions(opinion.status, is_organiser=viewer_is_organiser())
    forms = forms or {}
    if Action.SCHEDULE in actions:
        forms.setdefault("schedule", OpinionScheduleForm(prefix="schedule"))
        forms.setdefault("new_point", NewAgendaPointForm(
            prefix="new_point", formdata=None, title=f"{opinion.kind.label.capitalize()} : {opinion.title}"))
    forms.setdefault("transmit", TransmitForm(prefix="transmit"))
    forms.setdefault("answer", AnswerForm(prefix="answer"))
    return render_template("opinions/detail.html", opinion=opinion, actions=actions, Action=Action,
                           forms=forms, is_member=viewer_is_member(),
                           published_observations=[o for o in opinion.observations if o.is_published]), status


from council.opinions.views import drafting, follow_up, public, voting  # noqa: E402,F401


@bp.errorhandler(OpinionError)
@bp.errorhandler(TransitionError)
def _refused(error: OpinionError | TransitionError):
    """Roll the request's changes back and go to the avis's page with the French reason."""
    db.session.rollback()
    flash(str(error), "error")
    opinion_id = (request.view_args or {}).get("opinion_id")
    if opinion_id is None:
        return redirect(url_for("opinions.index"))
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))
