"""The council's avis, propositions and interpellations, their vote and each member's ballot."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.auth.models import User
from council.database import UTCDateTime, enum_column, utcnow
from council.dates import to_paris
from council.extensions import db
from council.french import with_article
from council.meetings.models import AgendaItem, Meeting
from council.membership.models import Member
from council.observations.models import Observation
from council.opinions.lifecycle import CarrierType, OpinionKind, OpinionStatus
from council.opinions.voting import VoteChoice, VoteCount
from council.reference.models import Partner, Theme, ThemeKind
from council.tenancy import CouncilOwned

opinion_theme = Table(
    "opinion_theme",
    db.metadata,
    Column("opinion_id", ForeignKey("opinion.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id"), primary_key=True, index=True),
)

opinion_observation = Table(
    "opinion_observation",
    db.metadata,
    Column("opinion_id", ForeignKey("opinion.id", ondelete="CASCADE"), primary_key=True),
    Column("observation_id", ForeignKey("observation.id"), primary_key=True, index=True),
)

# What the vote freezes: once voted, none of these may change (a correction is a new version).
FROZEN_FIELDS = ("kind", "title", "subject_project", "carrier_type", "carrier_name", "text",
                 "dissent_text", "partner_id", "votes_for", "votes_against", "votes_abstain",
                 "present_count", "quorum_required", "voted_at", "vote_meeting_id")


class Opinion(CouncilOwned, db.Model):
    """An avis, a proposition or an interpellation du préfet, from draft to answer.

    ``text`` is the majority position; ``dissent_text`` the dissenting views reported beside it.
    The vote's counts and the quorum figures are kept as they were at the vote.
    """

    __tablename__ = "opinion"
    # The members' list: last changed first, all or one status, per council
    __table_args__ = (Index("ix_opinion_council_updated_at", "council_id", "updated_at"),
                      Index("ix_opinion_council_status_updated_at", "council_id", "status",
                            "updated_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OpinionKind] = mapped_column(enum_column(OpinionKind, 20), index=True)
    status: Mapped[OpinionStatus] = mapped_column(
        enum_column(OpinionStatus, 20), default=OpinionStatus.DRAFT, index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    subject_project: Mapped[str] = mapped_column(String(200))
    carrier_type: Mapped[CarrierType] = mapped_column(enum_column(CarrierType, 20))
    carrier_name: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    dissent_text: Mapped[str] = mapped_column(Text, default="")
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL"), index=True
    )
    vote_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), index=True)
    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    votes_abstain: Mapped[int | None]
    present_count: Mapped[int | None]
    quorum_required: Mapped[int | None]
    voted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    voted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    transmitted_on: Mapped[date | None] = mapped_column(index=True)
    answer_text: Mapped[str | None] = mapped_column(Text)
    answered_on: Mapped[date | None]

    version: Mapped[int] = mapped_column(default=1)
    previous_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("opinion.id"), unique=True
    )

    partner: Mapped[Partner | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    vote_meeting: Mapped[Meeting | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(
        secondary=opinion_theme, order_by=(Theme.kind.desc(), Theme.position)
    )
    observations: Mapped[list[Observation]] = relationship(
        secondary=opinion_observation, order_by=Observation.id
    )
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    previous_version: Mapped[Opinion | None] = relationship(
        remote_side=[id], back_populates="next_version"
    )
    next_version: Mapped[Opinion | None] = relationship(back_populates="previous_version")
    ballots: Mapped[list[OpinionBallot]] = relationship(
        back_populates="opinion", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Opinion {self.id} {self.kind.value} {self.status.value} v{self.version}>"

    @property
    def addressee(self) -> str:
        """The préfet for an interpellation, otherwise the partner's name."""
        if self.kind is OpinionKind.INTERPELLATION:
            from council.councils.services import current_council  # models load before services

            prefect = with_article(current_council().prefect)
            return prefect[:1].upper() + prefect[1:]
        return self.partner.name if self.partner else "—"

    @property
    def adopted_on(self) -> date | None:
        """The day of the vote: the meeting's date (Paris), not the day it was typed in.

        ``voted_at`` is when the organiser recorded the vote (the history keeps it); a vote typed
        on 1 December for the meeting of 25 November is dated 25 November."""
        if self.voted_at is None:
            return None
        return to_paris(self.vote_meeting.starts_at if self.vote_meeting else self.voted_at).date()

    @property
    def recorded_later(self) -> bool:
        """Whether the vote was typed in on another day than the meeting's (history line)."""
        return self.voted_at is not None and to_paris(self.voted_at).date() != self.adopted_on

    @property
    def vote_count(self) -> VoteCount | None:
        if self.voted_at is None:
            return None
        return VoteCount(self.votes_for or 0, self.votes_against or 0, self.votes_abstain or 0)

    @property
    def pillars(self) -> list[Theme]:
        return [theme for theme in self.themes if theme.kind is ThemeKind.PILLAR]

    @property
    def axes(self) -> list[Theme]:
        return [theme for theme in self.themes if theme.kind is ThemeKind.AXIS]


class OpinionBallot(CouncilOwned, db.Model):
    """One present member's vote on an avis, when the organiser records votes member by member."""

    __tablename__ = "opinion_ballot"
    __table_args__ = (UniqueConstraint("opinion_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opinion_id: Mapped[int] = mapped_column(ForeignKey("opinion.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    choice: Mapped[VoteChoice] = mapped_column(enum_column(VoteChoice, 10))

    opinion: Mapped[Opinion] = relationship(back_populates="ballots")
    member: Mapped[Member] = relationship()

    def __repr__(self) -> str:
        return f"<OpinionBallot opinion={self.opinion_id} member={self.member_id} {self.choice.value}>"


class FrozenOpinionError(RuntimeError):
    """Raised when code tries to change a voted avis's text (a correction is a new version)."""


@event.listens_for(Opinion, "before_update")
def _refuse_changes_once_voted(_mapper, _connection, opinion: Opinion) -> None:
    """Last line of defence behind the services: a voted avis's content never changes."""
    from sqlalchemy import inspect

    state = inspect(opinion)
    status_history = state.attrs.status.history
    was = status_history.deleted[0] if status_history.deleted else opinion.status
    if was.is_editable:
        return
    changed = [name for name in FROZEN_FIELDS if state.attrs[name].history.has_changes()]
    if changed:
        raise FrozenOpinionError(f"opinion {opinion.id} is frozen; changed: {', '.join(changed)}")
