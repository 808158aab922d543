"""Avis pages, one module per sub-feature, each registering its routes on the ``opinions``
blueprint: ``public`` (the list and the avis page), ``drafting`` (drafts, the agenda, new
versions, the members' list), ``voting`` (the vote at the meeting), ``follow_up``
(transmission, answer, what waits for an answer). ``_detail`` renders the avis page, which the
steps posted from it show again with their form's errors; it holds no route.

A step the lifecycle or a service refuses (``TransitionError``, ``OpinionError``) and that its
view does not show beside a field ends here: nothing of it is kept, and the avis's page says why.
"""

from flask import flash, redirect, request, url_for

from council.extensions import db
from council.opinions import bp
from council.opinions.lifecycle import TransitionError
from council.opinions.services import OpinionError
from council.opinions.views import drafting, follow_up, public, voting  # noqa: F401


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
