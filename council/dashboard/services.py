"""What the dashboard shows, read through each area's services: a fixed number of statements
whatever the council's size (counts in SQL, lists cut to a few lines). Reads only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from council.dashboard.rules import QuorumOutlook, mandate_horizon
from council.eligibility import College
from council.meetings.models import Meeting
from council.meetings.rules import QuorumStatus
from council.meetings.services import answers, attendance
from council.meetings.services.meetings import next_meeting
from council.membership.composition import CompositionWarning, Thresholds, assess
from council.membership.models import Member
from council.membership.services import applications, roster
from council.observations.services import queries as observation_queries
from council.opinions import services as opinion_services

SHOWN = 5  # lines listed per section; the count says how many there are in all


@dataclass(frozen=True)
class Counted:
    """How many there are, and the first few of them."""

    count: int
    items: list = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.items)


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    started: bool
    outlook: QuorumOutlook | None  # before it starts
    quorum: QuorumStatus | None  # once started: the register's real count


@dataclass(frozen=True)
class Dashboard:
    today: date
    applications: Counted  # of Application
    moderation: Counted  # count only
    moderation_since: datetime | None
    observations_overdue: Counted  # of Observation
    opinions_overdue: Counted  # of Opinion
    answer_delay: int
    next_meeting: NextMeeting | None
    warnings: list[CompositionWarning]
    mandates: Counted  # of Member
    absences: list[tuple[Member, int]]
    absence_threshold: int
    substitutes: Mapping[College, int]


def _next_meeting(now: datetime, config: Mapping) -> NextMeeting | None:
    meeting = next_meeting(now)
    if meeting is None:
        return None
    if meeting.has_started(now):
        return NextMeeting(meeting, True, None, attendance.quorum_status(meeting))
    # The members' answers count: excused ones may not come, present ones are expected
    outlook = answers.quorum_outlook(meeting, now)
    return NextMeeting(meeting, False, outlook, None)


def dashboard(today: date, now: datetime, config: Mapping) -> Dashboard:
    """Everything waiting for the organisers on ``today``."""
    delay = int(config["OBSERVATION_ANSWER_DELAY_DAYS"])
    threshold = int(config["ABSENCE_RUN_THRESHOLD"])
    moderation_count, moderation_since = observation_queries.moderation_summary()
    current = roster.composition(today, count_expired=bool(config["EXPIRED_MANDATES_COUNT"]))
    return Dashboard(
        today=today,
        applications=Counted(*applications.oldest_pending(SHOWN)),
        moderation=Counted(moderation_count),
        moderation_since=moderation_since,
        observations_overdue=Counted(*observation_queries.overdue_answers(today, SHOWN)),
        opinions_overdue=Counted(*opinion_services.overdue_answers(today, delay, SHOWN)),
        answer_delay=delay,
        next_meeting=_next_meeting(now, config),
        warnings=assess(current, Thresholds.from_config(config)),
        mandates=Counted(*roster.mandates_ending(mandate_horizon(today), SHOWN)),
        absences=attendance.absence_runs_in_sql(threshold, now),
        absence_threshold=threshold,
        substitutes={college: current.substitutes.get(college, 0) for college in College},
    )

