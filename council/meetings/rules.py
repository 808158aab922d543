"""Pure meeting rules: Paris local time, what bumps the calendar SEQUENCE, quorum, absence runs.

No Flask, no database: plain values in, plain values out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction

from council.dates import PARIS, format_clock, format_day

MAX_AGENDA_POINTS = 50  # a council evening holds a dozen; 50 covers any real agenda
# A meeting is held within one day (the form has one date and two clock times). The meetings list
# relies on it to read the upcoming ones from an index on their start: a meeting not over yet
# started less than this ago. Longer or reversed times are refused by the services too.
LONGEST_MEETING = timedelta(days=2)


def agenda_problem(titles: Iterable[str]) -> str | None:
    """The French message when an agenda holds more points than a meeting can (blank lines do
    not count), or None."""
    count = sum(1 for title in titles if title and title.strip())
    if count > MAX_AGENDA_POINTS:
        return (f"L'ordre du jour compte {count} points : {MAX_AGENDA_POINTS} au plus. "
                "Regroupez-en ou retirez-en.")
    return None


class LocalTimeError(ValueError):
    """A Paris wall-clock time that names no instant, or two; the message is French."""


def paris_instant(day: date, clock: time) -> datetime:
    """The instant (aware, UTC) shown on Paris clocks at ``day`` ``clock``.

    Refused: a time skipped when clocks go forward (last Sunday of March, 2:00 → 3:00), and a
    time that happens twice when they go back (last Sunday of October, 2:00 → 3:00 twice).
    """
    naive = datetime.combine(day, clock)
    first = naive.replace(tzinfo=PARIS, fold=0)
    second = naive.replace(tzinfo=PARIS, fold=1)
    label = f"{clock.hour} h {clock.minute:02d}"
    if first.astimezone(UTC).astimezone(PARIS).replace(tzinfo=None) != naive:
        raise LocalTimeError(
            f"{label} n'existe pas ce jour-là à Paris : les horloges passent de 2 h à 3 h "
            "(heure d'été). Choisissez une autre heure."
        )
    if first.utcoffset() != second.utcoffset():
        raise LocalTimeError(
            f"{label} existe deux fois ce jour-là à Paris (retour à l'heure d'hiver). "
            "Choisissez une autre heure."
        )
    return first.astimezone(UTC)


def paris_parts(moment: datetime) -> tuple[date, time]:
    """The Paris day and wall-clock time of an instant (to fill a form)."""
    local = moment.astimezone(PARIS)
    return local.date(), local.time().replace(second=0, microsecond=0, tzinfo=None)


@dataclass(frozen=True)
class Schedule:
    """What a calendar app must be told about again when it changes (time, place, status)."""

    starts_at: datetime
    ends_at: datetime
    place_name: str
    place_address: str
    cancelled: bool


def next_sequence(sequence: int, before: Schedule, after: Schedule) -> int:
    """RFC 5545 SEQUENCE: up by one when time, place or status change; otherwise unchanged."""
    return sequence + 1 if before != after else sequence


def schedule_problem(starts_at: datetime, ends_at: datetime) -> str | None:
    """Why these times cannot be a meeting's, or None: it ends after it starts, within
    ``LONGEST_MEETING`` (the form says so first, beside its fields)."""
    if ends_at <= starts_at:
        return "L'heure de fin doit être après l'heure de début."
    if ends_at - starts_at > LONGEST_MEETING:
        return "Une réunion se tient sur une seule journée."
    return None


def has_started(starts_at: datetime, now: datetime) -> bool:
    """A meeting has started from its start time on."""
    return starts_at <= now


def not_started_problem(starts_at: datetime, now: datetime) -> str | None:
    """Attendance and votes are recorded once the meeting has started, never before (a vote
    dated before its meeting would be published as adopted at a meeting still to come)."""
    if has_started(starts_at, now):
        return None
    return (f"La réunion n'a pas encore commencé (elle commence le {format_day(starts_at)} à "
            f"{format_clock(starts_at)}) : la feuille de présence et les votes s'enregistrent "
            "une fois la réunion commencée.")


def edit_problem(cancelled: bool, starts_at: datetime, now: datetime) -> str | None:
    """Why a meeting's details (time, place, agenda, delegates) may no longer change, or None
    while they may: a cancelled meeting stays as it was cancelled; once it has started, only
    its attendance and its minutes change."""
    if cancelled:
        return "Cette réunion est annulée : elle ne peut plus être modifiée."
    if has_started(starts_at, now):
        return ("Cette réunion a commencé ou est passée : seuls la feuille de présence et le "
                "compte rendu peuvent encore être modifiés.")
    return None


def attendance_problem(cancelled: bool, starts_at: datetime, now: datetime) -> str | None:
    """Why the attendance register may not be written, or None: never for a cancelled meeting,
    never before the meeting starts."""
    if cancelled:
        return "Une réunion annulée n'a pas de feuille de présence."
    return not_started_problem(starts_at, now)


def minutes_problem(cancelled: bool) -> str | None:
    """Why minutes may not be written, or None: a cancelled meeting has none."""
    return "Une réunion annulée n'a pas de compte rendu." if cancelled else None


def publish_problem(text: str) -> str | None:
    """Minutes are published with something in them (a blank text stays a draft)."""
    return None if text.strip() else "Écrivez le compte rendu avant de le publier."


def describe_change(before: Schedule, after: Schedule) -> list[str]:
    """French phrases naming what changed, for notification e-mails."""
    changes = []
    if (before.starts_at, before.ends_at) != (after.starts_at, after.ends_at):
        changes.append(f"nouvel horaire : {format_day(after.starts_at)}, "
                       f"{format_clock(after.starts_at)} – {format_clock(after.ends_at)}")
    if (before.place_name, before.place_address) != (after.place_name, after.place_address):
        changes.append(f"nouveau lieu : {after.place_name}")
    return changes


def parse_fraction(value: object) -> Fraction:
    """A quorum fraction from a setting: ``0.5``, ``"1/2"``, ``"0.3333"`` (read as 1/3)."""
    fraction = Fraction(str(value)).limit_denominator(1000)
    if not 0 <= fraction < 1:
        raise ValueError("the quorum fraction must be at least 0 and below 1")
    return fraction


def quorum_required(active_members: int, fraction: Fraction) -> int:
    """Members present needed for a quorum of « more than ``fraction`` of the active members ».

    With the default 1/2: 10 members → 6, 9 → 5, 0 → 1 (nobody present is never a quorum).
    """
    return int(active_members * fraction) + 1


@dataclass(frozen=True)
class QuorumStatus:
    present: int
    required: int
    active: int

    @property
    def reached(self) -> bool:
        return self.present >= self.required


def unexcused_runs(
    marks: Iterable[tuple[int, str]], threshold: int
) -> dict[int, int]:
    """Members whose latest marks are ``threshold`` or more unexcused absences in a row.

    ``marks`` are ``(member_id, status value)`` for past, held meetings, **newest first** for each
    member. The run is counted back from the newest mark; a presence or an excuse ends it.
    """
    runs: dict[int, int] = {}
    closed: set[int] = set()
    for member_id, status in marks:
        if member_id in closed:
            continue
        if status == "absent":
            runs[member_id] = runs.get(member_id, 0) + 1
        else:
            closed.add(member_id)
    return {member: run for member, run in runs.items() if run >= threshold}


# Answers before a meeting and reminders

ANSWER_WORD_MAX = 200  # « excusé·e : garde d'enfant », not a letter


def answer_problem(cancelled: bool, starts_at: datetime, now: datetime) -> str | None:
    """Why a member may no longer answer (or change their answer), or None: answers are given
    until the meeting starts, never for a cancelled one."""
    if cancelled:
        return "Cette réunion est annulée : il n'y a plus de réponse à donner."
    if has_started(starts_at, now):
        return ("La réunion a commencé : les réponses sont closes. Votre présence est notée sur "
                "la feuille de présence.")
    return None


def reminder_due(starts_at: datetime, cancelled: bool, now: datetime, delay_hours: int) -> bool:
    """A meeting gets its reminders once it starts within ``delay_hours`` (REMINDER_DELAY_HOURS),
    until it starts; never when cancelled."""
    return not cancelled and now < starts_at <= now + timedelta(hours=delay_hours)


def reminded_members(concerned: Iterable[int], excused: set[int], already: set[int],
                     mail_off: set[int] = frozenset()) -> list[int]:
    """Who gets a reminder, in the order given: each member the meeting concerns, except those
    who answered « excusé·e », those already reminded (or being reminded) for it, and those who
    turned meeting e-mails off (``mail_off``; a member who said « présent·e » is still reminded)."""
    skip = excused | already | mail_off
    return [member_id for member_id in concerned if member_id not in skip]


MAX_REMINDER_ATTEMPTS = 3  # a reminder the mail server refused is tried again, this many times in all


def retry_due(state: str, attempts: int) -> bool:
    """A reminder is tried again only when it is known not to have left (``failed``) and has not
    used up its attempts; one whose outcome is unknown (``sending``: the run stopped between the
    claim and the answer of the mail server) is never sent again — at most once."""
    return state == "failed" and attempts < MAX_REMINDER_ATTEMPTS


@dataclass(frozen=True)
class QuorumOutlook:
    """What can be said before a meeting about its quorum.

    ``sitting``: members who will sit on its day; ``required``: present members needed;
    ``present`` / ``excused``: members who answered « présent·e » / « excusé·e »;
    ``recent_present`` / ``recent_sitting``: presences and seats at the last meetings held (0 / 0:
    no history, no rate)."""

    sitting: int
    required: int
    recent_present: int = 0
    recent_sitting: int = 0
    excused: int = 0
    present: int = 0

    @property
    def expected(self) -> int:
        """Members who may come: those sitting, minus those excused."""
        return self.sitting - self.excused

    @property
    def unanswered(self) -> int:
        """Sitting members who said nothing yet."""
        return max(0, self.sitting - self.excused - self.present)

    @property
    def rate(self) -> Fraction | None:
        """Share of sitting members present at recent meetings, None without history."""
        return Fraction(self.recent_present, self.recent_sitting) if self.recent_sitting else None

    @property
    def estimate(self) -> int | None:
        """Members likely present: those who said they will come, plus those who said nothing
        times the recent rate (rounded half up); None without history (unless nobody is left
        to guess about)."""
        if self.rate is None:
            return self.present if self.sitting and not self.unanswered else None
        return self.present + int(self.unanswered * self.rate + Fraction(1, 2))

    @property
    def verdict(self) -> str:
        """``announced`` (the presences announced reach it already), ``impossible`` (even all
        who may come would not make it), ``likely`` (the estimate reaches it), ``doubtful`` (it
        falls short) or ``unknown`` (possible, no history to estimate from)."""
        if self.present >= self.required:
            return "announced"
        if self.expected < self.required:
            return "impossible"
        if self.estimate is None:
            return "unknown"
        return "likely" if self.estimate >= self.required else "doubtful"

    @property
    def likely(self) -> bool:
        return self.verdict in ("announced", "likely")
