"""An observation's life, from a resident's report to a partner's answer: pure rules, no Flask.

The moves are a table: ``(status, action) → next status``. Anything not in the table is refused
with a French reason. Moderation (accepting or discarding what a resident sent online) belongs to
organisers; every other step may be taken by any member.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta


class ObservationKind(enum.Enum):
    IDEA = "idea"
    DYSFUNCTION = "dysfunction"

    @property
    def label(self) -> str:
        return {"idea": "idée", "dysfunction": "dysfonctionnement"}[self.value]


class ObservationOrigin(enum.Enum):
    """Who wrote it down: a member (from what a resident told them) or the resident, online."""

    MEMBER = "member"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {"member": "notée par un membre", "online": "envoyée en ligne"}[self.value]


class ObservationStatus(enum.Enum):
    PENDING = "pending"
    NEW = "new"
    ON_AGENDA = "on_agenda"
    TRANSMITTED = "transmitted"
    ANSWERED = "answered"
    CLOSED = "closed"
    DISCARDED = "discarded"

    @property
    def label(self) -> str:
        return {
            "pending": "à modérer",
            "new": "nouvelle",
            "on_agenda": "inscrite à l'ordre du jour",
            "transmitted": "transmise à un partenaire",
            "answered": "réponse reçue",
            "closed": "close",
            "discarded": "écartée",
        }[self.value]

    @property
    def is_open(self) -> bool:
        """Still followed by the council (accepted, not closed)."""
        return self in OPEN_STATUSES


OPEN_STATUSES = frozenset({ObservationStatus.NEW, ObservationStatus.ON_AGENDA,
                           ObservationStatus.TRANSMITTED, ObservationStatus.ANSWERED})
# In the council's list (accepted): neither waiting for moderation nor discarded.
LISTED = [status for status in ObservationStatus
          if status not in (ObservationStatus.PENDING, ObservationStatus.DISCARDED)]


class ClosureReason(enum.Enum):
    RESOLVED = "resolved"
    NO_FOLLOW_UP = "no_follow_up"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        return {"resolved": "résolue", "no_follow_up": "sans suite", "duplicate": "doublon"}[self.value]


class Action(enum.Enum):
    ACCEPT = "accept"
    DISCARD = "discard"
    SCHEDULE = "schedule"
    TRANSMIT = "transmit"
    RECORD_ANSWER = "record_answer"
    CLOSE = "close"

    @property
    def label(self) -> str:
        return {
            "accept": "accepter",
            "discard": "écarter",
            "schedule": "inscrire à l'ordre du jour",
            "transmit": "transmettre à un partenaire",
            "record_answer": "enregistrer la réponse à",
            "close": "clore",
        }[self.value]

    @property
    def heading(self) -> str:
        """The step's name on its button and heading."""
        return {"record_answer": "Enregistrer la réponse"}.get(self.value, self.label.capitalize())


S = ObservationStatus
TRANSITIONS: dict[tuple[ObservationStatus, Action], ObservationStatus] = {
    (S.PENDING, Action.ACCEPT): S.NEW,
    (S.PENDING, Action.DISCARD): S.DISCARDED,
    (S.NEW, Action.SCHEDULE): S.ON_AGENDA,
    (S.NEW, Action.CLOSE): S.CLOSED,
    (S.ON_AGENDA, Action.SCHEDULE): S.ON_AGENDA,  # moved to another meeting's agenda
    (S.ON_AGENDA, Action.TRANSMIT): S.TRANSMITTED,
    (S.ON_AGENDA, Action.CLOSE): S.CLOSED,
    (S.TRANSMITTED, Action.RECORD_ANSWER): S.ANSWERED,
    (S.TRANSMITTED, Action.CLOSE): S.CLOSED,
    (S.ANSWERED, Action.CLOSE): S.CLOSED,
}
ORGANISER_ACTIONS = frozenset({Action.ACCEPT, Action.DISCARD})


class TransitionError(ValueError):
    """A move the lifecycle does not allow; the message is French, for the screen."""


class ObservationError(ValueError):
    """A step that cannot be taken; the message is French, for the screen."""


def next_status(status: ObservationStatus, action: Action, *, is_organiser: bool) -> ObservationStatus:
    """The status after ``action``, or ``TransitionError`` saying why it cannot happen."""
    if action in ORGANISER_ACTIONS and not is_organiser:
        raise TransitionError(f"Seuls les organisateurs peuvent {action.label} une observation.")
    target = TRANSITIONS.get((status, action))
    if target is None:
        verb = action.label
        elision = "d'" if verb[0] in "aeiouéè" else "de "
        raise TransitionError(f"Impossible {elision}{verb} une observation « {status.label} ».")
    return target


def allowed_actions(status: ObservationStatus, *, is_organiser: bool) -> list[Action]:
    """The actions someone may take on an observation in this status, in table order."""
    return [
        action for (source, action) in TRANSITIONS
        if source is status and (is_organiser or action not in ORGANISER_ACTIONS)
    ]


@dataclass(frozen=True)
class Waiting:
    """How long a transmitted observation has waited for its answer."""

    days: int
    overdue: bool


def overdue_before(today: date, delay_days: int) -> date:
    """The overdue rule, the one place it is written: an answer awaited since before this day
    (more than ``delay_days`` days ago) is late. Also used as is in the list's SQL filter."""
    return today - timedelta(days=delay_days)


def waiting(transmitted_on: date, today: date, delay_days: int) -> Waiting:
    """Days since transmission; overdue once more than ``delay_days`` have passed."""
    return Waiting(days=(today - transmitted_on).days,
                   overdue=transmitted_on < overdue_before(today, delay_days))


def is_overdue(status: ObservationStatus, transmitted_on: date | None, today: date,
               delay_days: int) -> bool:
    """A transmitted observation still without an answer after the delay."""
    if status is not ObservationStatus.TRANSMITTED or transmitted_on is None:
        return False
    return waiting(transmitted_on, today, delay_days).overdue


def check_closure(reason: ClosureReason, observation_id: int | None,
                  duplicate_of_id: int | None) -> str | None:
    """The French reason a closure is refused, or None. A duplicate names another observation."""
    if reason is ClosureReason.DUPLICATE:
        if duplicate_of_id is None:
            return "Indiquez le numéro de l'observation dont celle-ci est le doublon."
        if duplicate_of_id == observation_id:
            return "Une observation ne peut pas être le doublon d'elle-même."
    elif duplicate_of_id is not None:
        return "Un numéro d'observation ne s'indique que pour un doublon."
    return None
