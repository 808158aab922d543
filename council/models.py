"""Imports every area's models, so that migrations and the CLI see the whole schema."""

from council.audit.models import AuditEntry  # noqa: F401
from council.auth.models import CouncilRole, Role, User  # noqa: F401
from council.councils.models import Council, CouncilHost  # noqa: F401
from council.meetings.models import AgendaItem, Attendance, CalendarToken, Meeting  # noqa: F401
from council.membership.models import Application, Gender, Member, MemberStatus, RefusalCount  # noqa: F401
from council.observations.models import Observation, ObservationEvent  # noqa: F401
from council.opinions.models import Opinion, OpinionBallot  # noqa: F401
from council.privacy.models import RetentionRun  # noqa: F401
from council.reference.models import Neighbourhood, Partner, Theme, ThemeKind  # noqa: F401
