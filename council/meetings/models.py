"""Meetings with their agenda, delegates, attendance register and minutes; calendar tokens."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.auth.models import User
from council.database import UTCDateTime, enum_column, utcnow
from council.extensions import db
from council.meetings.rules import edit_problem, has_started
from council.membership.models import Member
from council.tenancy import CouncilOwned


class MeetingKind(enum.Enum):
    """What kind of meeting; the two contract instances have delegated members."""

    PLENARY = "plenary"
    BUREAU = "bureau"
    WORKING_GROUP = "working_group"
    STEERING_COMMITTEE = "steering_committee"
    TECHNICAL_COMMITTEE = "technical_committee"
    PUBLIC_MEETING = "public_meeting"

    @property
    def label(self) -> str:
        return {
            "plenary": "Assemblée plénière",
            "bureau": "Réunion de bureau",
            "working_group": "Groupe de travail",
            "steering_committee": "Comité de pilotage du contrat de ville",
            "technical_committee": "Comité technique du contrat de ville",
            "public_meeting": "Réunion publique",
        }[self.value]

    @property
    def is_contract_instance(self) -> bool:
        return self in (MeetingKind.STEERING_COMMITTEE, MeetingKind.TECHNICAL_COMMITTEE)


class Visibility(enum.Enum):
    PUBLIC = "public"
    MEMBERS = "members"

    @property
    def label(self) -> str:
        return {"public": "publique", "members": "réservée aux membres"}[self.value]


class MinutesFormat(enum.Enum):
    TEXT = "text"
    MARKDOWN = "markdown"


class AttendanceStatus(enum.Enum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return {"present": "présent·e", "excused": "excusé·e", "absent": "absent·e"}[self.value]


meeting_delegate = Table(
    "meeting_delegate",
    db.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("member_id", ForeignKey("member.id"), primary_key=True, index=True),
)


class Meeting(CouncilOwned, db.Model):
    """A meeting. Times are instants (UTC in the database), shown in Paris time.

    ``sequence`` is the iCalendar SEQUENCE: it goes up when the time, the place or the status
    changes, so calendar apps replace their copy. ``updated_at`` moves on every change (feeds'
    Last-Modified and ETag come from it).
    """

    __tablename__ = "meeting"
    # The list reads one council's meetings by start, all or the public ones (migration a4b5c6d7e8f9);
    # the feeds' data version (``feed_state``: max updated_at and count in the window) is covered by
    # ix_meeting_feed_state, whose (council_id, starts_at) prefix also serves the list's order.
    __table_args__ = (
        Index("ix_meeting_council_visibility_starts_at", "council_id", "visibility", "starts_at"),
        Index("ix_meeting_feed_state", "council_id", "starts_at", "visibility", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    place_name: Mapped[str] = mapped_column(String(200))
    place_address: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, 10), default=Visibility.PUBLIC, index=True
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancellation_reason: Mapped[str | None] = mapped_column(String(500))
    sequence: Mapped[int] = mapped_column(default=0)
    # Members sitting on the meeting's day, frozen when its register is first written: the quorum
    # keeps this base whatever the roster becomes later (None: no register yet).
    active_count: Mapped[int | None]
    # Register lines of members whose data was erased, as counts only (the lines are deleted):
    # the meeting keeps its numbers, nobody can read who it was.
    erased_present: Mapped[int] = mapped_column(default=0, server_default="0")
    erased_excused: Mapped[int] = mapped_column(default=0, server_default="0")
    erased_absent: Mapped[int] = mapped_column(default=0, server_default="0")
    minutes_text: Mapped[str] = mapped_column(Text, default="")
    minutes_format: Mapped[MinutesFormat] = mapped_column(
        enum_column(MinutesFormat, 10), default=MinutesFormat.TEXT
    )
    minutes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    delegates: Mapped[list[Member]] = relationship(
        secondary=meeting_delegate, order_by=(Member.last_name, Member.first_name)
    )

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.kind.value} {self.starts_at:%Y-%m-%d}>"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_public(self) -> bool:
        return self.visibility is Visibility.PUBLIC

    @property
    def minutes_published(self) -> bool:
        return self.minutes_published_at is not None

    def has_started(self, now: datetime) -> bool:
        """Once started, only the attendance and the minutes may change."""
        return has_started(self.starts_at, now)

    def is_over(self, now: datetime) -> bool:
        return self.ends_at <= now

    def is_editable(self, now: datetime) -> bool:
        """Whether its details may still change (``rules.edit_problem``: not cancelled, not
        started)."""
        return edit_problem(self.is_cancelled, self.starts_at, now) is None


class AgendaItem(CouncilOwned, db.Model):
    """One point of a meeting's agenda (ordre du jour), in order. Rows keep their id when edited,
    so that observations and avis can point at them."""

    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")

    def __repr__(self) -> str:
        return f"<AgendaItem {self.id} meeting={self.meeting_id} #{self.position}>"


class Attendance(CouncilOwned, db.Model):
    """One line of a meeting's attendance register."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(enum_column(AttendanceStatus, 10))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    member: Mapped[Member] = relationship()
    meeting: Mapped[Meeting] = relationship()
    marked_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Attendance meeting={self.meeting_id} member={self.member_id} {self.status.value}>"


class CalendarToken(CouncilOwned, db.Model):
    """The secret in an account's private calendar feed URL. Random, never derived from the id;
    regenerating replaces it, so the old link stops working."""

    __tablename__ = "calendar_token"
    __table_args__ = (UniqueConstraint("council_id", "user_id", name="uq_calendar_token_council_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CalendarToken user={self.user_id}>"


class AnswerChoice(enum.Enum):
    """What a member says ahead of a meeting (« je serai présent·e », « excusé·e »)."""

    PRESENT = "present"
    EXCUSED = "excused"

    @property
    def label(self) -> str:
        return {"present": "présent·e", "excused": "excusé·e"}[self.value]


class MeetingAnswer(CouncilOwned, db.Model):
    """A member's answer before a meeting: present or excused, with an optional short word.
    One per member and meeting; changed in place until the meeting starts."""

    __tablename__ = "meeting_answer"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    choice: Mapped[AnswerChoice] = mapped_column(enum_column(AnswerChoice, 10))
    word: Mapped[str] = mapped_column(String(200), default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    member: Mapped[Member] = relationship()
    meeting: Mapped[Meeting] = relationship()

    def __repr__(self) -> str:
        return f"<MeetingAnswer meeting={self.meeting_id} member={self.member_id} {self.choice.value}>"


class ReminderState(enum.Enum):
    """Where one member's reminder for one meeting stands (``reminders``)."""

    SENDING = "sending"  # claimed and committed; the outcome is not known yet
    SENT = "sent"
    FAILED = "failed"  # the mail server refused it or could not be reached: tried again later


class ReminderSent(CouncilOwned, db.Model):
    """One reminder per member and meeting: the row is committed before the mail goes, so a
    second run (or a second machine) finds it and sends nothing."""

    __tablename__ = "reminder_sent"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    state: Mapped[ReminderState] = mapped_column(enum_column(ReminderState, 10))
    attempts: Mapped[int] = mapped_column(default=1)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<ReminderSent meeting={self.meeting_id} member={self.member_id} {self.state.value}>"
