"""Meeting pages, one module per sub-feature, each registering its routes on the ``meetings``
blueprint: the meetings themselves (list, page, .ics, scheduling), what organisers record once a
meeting has started (attendance, minutes), and the calendar feeds and subscription."""

from council.meetings.views import calendars, meetings, records  # noqa: F401
