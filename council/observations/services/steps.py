"""Observations: writing them down, each step of their life, publication and the resident's
contact. Add and flush, never commit.

Every step locks the observation's row first (``database.lock``), goes through
``lifecycle.next_status`` on the state read under the lock, and leaves a history row (who, when,
a note): two members closing it at the same instant close it once.
The reads behind the pages are in ``services.queries``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from council import audit, french
from council.auth.access import is_staff
from council.auth.models import User
from council.database import lock, utcnow
from council.extensions import db
from council.meetings.models import AgendaItem, Meeting
from council.meetings.services.meetings import MeetingLockedError, add_agenda_point, agenda_label
from council.observations.lifecycle import (
    Action,
    ClosureReason,
    ObservationError,
    ObservationKind,
    ObservationOrigin,
    ObservationStatus,
    check_closure,
    next_status,
)
from council.observations.models import Observation, ObservationEvent
from council.observations.privacy import personal_data_in
from council.observations.search import normalise
from council.reference.models import Partner, Theme, ThemeKind


@dataclass
class ObservationData:
    kind: ObservationKind
    neighbourhood_id: int
    description: str
    observed_on: date
    pillar_id: int | None = None
    axis_ids: list[int] = field(default_factory=list)
    place: str = ""
    resident_name: str = ""
    resident_contact: str = ""
    consent: bool = False


def _new(data: ObservationData, status: ObservationStatus, origin: ObservationOrigin,
         user: User | None, now: datetime) -> Observation:
    named = data.consent and bool(data.resident_contact.strip())
    observation = Observation(
        kind=data.kind, status=status, origin=origin, neighbourhood_id=data.neighbourhood_id,
        pillar_id=data.pillar_id, place=data.place.strip(), description=data.description.strip(),
        observed_on=data.observed_on, logged_by_id=user.id if user else None,
        # Consent or nothing: without it, no name or contact reaches the database.
        resident_name=data.resident_name.strip() or None if named else None,
        resident_contact=data.resident_contact.strip() if named else None,
        contact_consent_at=now if named else None,
        created_at=now,
    )
    observation.search_text = normalise(f"{observation.description} {observation.place}")
    if data.axis_ids:
        observation.axes = list(db.session.scalars(
            select(Theme).where(Theme.id.in_(data.axis_ids), Theme.kind == ThemeKind.AXIS)))
    db.session.add(observation)
    return observation


def log_observation(data: ObservationData, user: User, now: datetime | None = None) -> Observation:
    """A member writes down what a resident told them: it is accepted at once (« nouvelle »)."""
    now = now or utcnow()
    observation = _new(data, ObservationStatus.NEW, ObservationOrigin.MEMBER, user, now)
    _event(observation, None, ObservationStatus.NEW, user, now, "Notée par un membre.")
    db.session.flush()
    return observation


def submit_observation(data: ObservationData, now: datetime | None = None) -> Observation:
    """A resident sends one online: it waits for an organiser (« à modérer »)."""
    now = now or utcnow()
    observation = _new(data, ObservationStatus.PENDING, ObservationOrigin.ONLINE, None, now)
    _event(observation, None, ObservationStatus.PENDING, None, now, "Envoyée en ligne par un·e habitant·e.")
    db.session.flush()
    return observation


def _event(observation: Observation, before: ObservationStatus | None, after: ObservationStatus,
           user: User | None, now: datetime, detail: str, note: str = "") -> None:
    observation.events.append(ObservationEvent(
        at=now, user_id=user.id if user else None, from_status=before, to_status=after,
        detail=detail[:300], note=(note or "").strip()))


def _lock(observation: Observation) -> None:
    """Hold the observation's row until the commit and refresh it (see ``database.lock``)."""
    lock(Observation, observation.id)


def _check(observation: Observation, action: Action, user: User) -> ObservationStatus:
    """The status the step leads to; ``TransitionError`` when the table does not allow it."""
    return next_status(observation.status, action, is_organiser=is_staff(user))


def _move(observation: Observation, action: Action, user: User, detail: str, note: str,
          now: datetime | None) -> None:
    """Apply one step of the lifecycle table and write its history row."""
    before = observation.status
    after = _check(observation, action, user)
    observation.status = after
    _event(observation, before, after, user, now or utcnow(), detail, note)
    db.session.flush()


def accept(observation: Observation, user: User, pillar_id: int, note: str = "",
           now: datetime | None = None) -> None:
    """An organiser accepts what a resident sent into the council's list."""
    _lock(observation)
    _check(observation, Action.ACCEPT, user)
    observation.pillar_id = pillar_id
    _move(observation, Action.ACCEPT, user, "Acceptée après modération.", note, now)


def discard(observation: Observation, user: User, note: str = "", now: datetime | None = None) -> None:
    """An organiser discards a resident's message (spam, off topic, insult…)."""
    now = now or utcnow()
    _lock(observation)
    _move(observation, Action.DISCARD, user, "Écartée lors de la modération.", note, now)
    observation.closed_at = now  # the retention period of a contact starts here


def schedule(observation: Observation, item: AgendaItem, user: User, note: str = "",
             now: datetime | None = None) -> None:
    """Put the observation on a meeting's agenda (or move it to another meeting's)."""
    _lock(observation)
    _check(observation, Action.SCHEDULE, user)
    if item.meeting.is_cancelled:
        raise ObservationError("Cette réunion est annulée : choisissez un point d'une autre réunion.")
    detail = f"Inscrite à l'ordre du jour : {agenda_label(item)}."
    _move(observation, Action.SCHEDULE, user, detail, note, now)
    observation.agenda_item_id = item.id


def schedule_on_new_point(observation: Observation, meeting: Meeting, title: str, user: User,
                          now: datetime | None = None) -> AgendaItem:
    """Add a point to an upcoming meeting's agenda and put the observation on it (« Inscrire à
    l'ordre du jour » from the observation's page). Refused with a French ``ObservationError``
    when the step is not allowed, the meeting has started or is cancelled, or its agenda is full."""
    _lock(observation)
    _check(observation, Action.SCHEDULE, user)
    try:
        item = add_agenda_point(meeting, title, now)
    except (MeetingLockedError, ValueError) as error:
        raise ObservationError(str(error)) from error
    schedule(observation, item, user, now=now)
    return item


def transmit(observation: Observation, partner: Partner, on: date, user: User, note: str = "",
             now: datetime | None = None) -> None:
    """The council relays the observation to one of the contract's partners."""
    _lock(observation)
    _check(observation, Action.TRANSMIT, user)
    if on < observation.observed_on:
        raise ObservationError("La transmission ne peut pas dater d'avant l'observation.")
    detail = f"Transmise {french.a(partner.name)} le {on:%d/%m/%Y}."
    _move(observation, Action.TRANSMIT, user, detail, note, now)
    observation.partner_id, observation.transmitted_on = partner.id, on
    _audit(user, "observation.transmit", observation)


def record_answer(observation: Observation, text: str, on: date, user: User, note: str = "",
                  now: datetime | None = None) -> None:
    """The partner's answer arrived."""
    _lock(observation)
    _check(observation, Action.RECORD_ANSWER, user)
    if observation.transmitted_on and on < observation.transmitted_on:
        raise ObservationError("La réponse ne peut pas dater d'avant la transmission "
                               f"({observation.transmitted_on:%d/%m/%Y}).")
    _move(observation, Action.RECORD_ANSWER, user, f"Réponse reçue le {on:%d/%m/%Y}.", note, now)
    observation.answer_text, observation.answered_on = text.strip(), on


def close(observation: Observation, reason: ClosureReason, user: User, duplicate_of_id: int | None = None,
          note: str = "", now: datetime | None = None) -> None:
    """Close the observation: resolved, without follow-up, or duplicate of another one."""
    _lock(observation)
    _check(observation, Action.CLOSE, user)
    problem = check_closure(reason, observation.id, duplicate_of_id)
    if problem is None and duplicate_of_id is not None:
        original = db.session.get(Observation, duplicate_of_id)
        if original is None or not original.is_listed:
            problem = f"L'observation n° {duplicate_of_id} n'existe pas dans la liste."
    if problem:
        raise ObservationError(problem)
    now = now or utcnow()
    of = f" de l'observation n° {duplicate_of_id}" if duplicate_of_id else ""
    detail = f"Close : {reason.label}{of}."
    _move(observation, Action.CLOSE, user, detail, note, now)
    observation.closure_reason, observation.duplicate_of_id = reason, duplicate_of_id
    observation.closed_at = now


def publish(observation: Observation, summary: str, answer: str, user: User,
            now: datetime | None = None) -> None:
    """An organiser publishes the observation and its answer, without any personal data."""
    _lock(observation)
    if not observation.is_listed:
        raise ObservationError("Seule une observation acceptée peut être publiée.")
    found = personal_data_in(f"{summary}\n{answer}", [observation.resident_name or ""])
    if found:
        raise ObservationError("Le texte à publier contient " + " et ".join(found)
                               + " : retirez toute donnée personnelle.")
    observation.public_summary, observation.public_answer = summary.strip(), answer.strip() or None
    observation.published_at = now or utcnow()
    db.session.flush()
    _audit(user, "observation.publish", observation)


def unpublish(observation: Observation, user: User) -> None:
    """Take the observation off the public site."""
    _lock(observation)
    observation.published_at = None
    db.session.flush()
    _audit(user, "observation.unpublish", observation)


def _audit(user: User, action: str, observation: Observation) -> None:
    """Leave a trace in the audit log (identifiers only, no personal data)."""
    audit.log(user, action, "observation", observation.id)


def can_see_contact(observation: Observation, user: User) -> bool:
    """Only organisers and the member who logged it see a resident's name and contact."""
    return is_staff(user) or (
        observation.logged_by_id is not None and observation.logged_by_id == user.id)


def erase_contact(observation: Observation, user: User, now: datetime | None = None) -> None:
    """The resident withdrew their consent: their name and contact go, the history says so."""
    _lock(observation)
    if observation.resident_contact is None and observation.resident_name is None:
        raise ObservationError("Cette observation ne garde aucun contact.")
    observation.resident_name = observation.resident_contact = None
    _event(observation, observation.status, observation.status, user, now or utcnow(),
           "Nom et contact de l'habitant·e effacés (retrait de son accord).")
    db.session.flush()
    _audit(user, "observation.erase_contact", observation)
