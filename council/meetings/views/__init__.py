"""Meeting pages, one module per sub-feature, each registering its routes on the ``meetings``
blueprint: the meetings themselves (list, page, .ics, scheduling), what organisers record once a
meeting has started (attendance, minutes), and the calendar feeds and subscription.

A change the meeting no longer allows (``MeetingLockedError``, raised by the services) is
answered here, once for every view: nothing written is kept, and the organiser is back on the
meeting's page with the French reason."""

from flask import flash, redirect, request, url_for

from council.extensions import db
from council.meetings import bp
from council.meetings.services.meetings import MeetingLockedError
from council.meetings.views import answers, calendars, meetings, records  # noqa: F401


@bp.errorhandler(MeetingLockedError)
def _locked(error: MeetingLockedError):
    db.session.rollback()
    flash(str(error), "warning")
    meeting_id = (request.view_args or {}).get("meeting_id")
    if meeting_id is None:
        return redirect(url_for("meetings.index"))
    return redirect(url_for("meetings.show", meeting_id=meeting_id))
