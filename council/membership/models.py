"""The roster and the way in: applications, anonymous refusal counts, and the members of the
council in their college, with a status that keeps history."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council import dates, french
from council.auth.models import User
from council.database import UTCDateTime, enum_column, utcnow
from council.eligibility import ActorCategory, Applicant, College, Reason
from council.extensions import db
from council.membership.mandates import mandate_expired
from council.membership.minimisation import AgeStatement, kept_at_decision
from council.reference.models import Neighbourhood
from council.tenancy import CouncilOwned


class Gender(enum.Enum):
    """Optional; asked only for the parity rule of the habitants college."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"

    @property
    def label(self) -> str:
        return {"female": "femme", "male": "homme", "other": "autre",
                "undisclosed": "ne souhaite pas répondre"}[self.value]


class MemberStatus(enum.Enum):
    ACTIVE = "active"
    RESIGNED = "resigned"
    MOVED_OUT = "moved_out"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return {"active": "actif·ve", "resigned": "démission", "moved_out": "déménagement",
                "removed": "radiation"}[self.value]


class JoinMethod(enum.Enum):
    """How a member came onto the council: the cadre de référence allows all four."""

    APPLICATION = "application"
    LOT = "lot"
    COOPTATION = "cooptation"
    DESIGNATION = "designation"

    @property
    def label(self) -> str:
        return {"application": "candidature", "lot": "tirage au sort",
                "cooptation": "cooptation", "designation": "désignation"}[self.value]


class Member(CouncilOwned, db.Model):
    """A member of the council. Leaving changes the status; the row (and history) stays."""

    __tablename__ = "member"
    __table_args__ = (Index("ix_member_council_name", "council_id", "last_name", "first_name"),
                      UniqueConstraint("council_id", "user_id", name="uq_member_council_user"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # One member row per account and council (an account may sit on several councils)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(30))
    address: Mapped[str | None] = mapped_column(String(300))
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, 20))
    college: Mapped[College] = mapped_column(enum_column(College, 20), index=True)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"), index=True)
    actor_category: Mapped[ActorCategory | None] = mapped_column(enum_column(ActorCategory))
    structure_name: Mapped[str | None] = mapped_column(String(200))
    joined_on: Mapped[date] = mapped_column(default=dates.today)  # the council's day, not the server's
    join_method: Mapped[JoinMethod] = mapped_column(
        enum_column(JoinMethod, 20), default=JoinMethod.APPLICATION,
        server_default=JoinMethod.APPLICATION.value,
    )
    # Added by an organiser although an eligibility condition was not met: the council's reason.
    eligibility_override_reason: Mapped[str | None] = mapped_column(String(500))
    mandate_ends_on: Mapped[date | None]
    status: Mapped[MemberStatus] = mapped_column(
        enum_column(MemberStatus, 20), default=MemberStatus.ACTIVE, index=True
    )
    status_changed_on: Mapped[date | None]
    status_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the personal data was erased (retention or a request): the row keeps history only.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # The last invitation to the members' area (the activation e-mail): when, and by whom.
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    # The member's own choices (/profil): meeting invitations by e-mail (iTIP, into their
    # calendar), and a reminder alarm in their private calendar feed (minutes before the start;
    # None: no alarm; ALARM_CHOICES says which values the form offers).
    invitations_by_email: Mapped[bool] = mapped_column(default=True, server_default=true())
    feed_alarm_minutes: Mapped[int | None]

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    neighbourhood: Mapped[Neighbourhood | None] = relationship()
    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.college.value} {self.status.value}>"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active(self) -> bool:
        return self.status is MemberStatus.ACTIVE

    def mandate_expired(self, today: date) -> bool:
        """Still active, but the mandate's end date has passed (``mandates.mandate_expired``)."""
        return self.is_active and mandate_expired(self.mandate_ends_on, today)

    @property
    def status_word(self) -> str:
        """The status said of this person: « active », « actif », else « actif·ve »; a departure
        is a noun (« démission ») and does not agree."""
        if self.status is MemberStatus.ACTIVE:
            return french.person_role("actif", "active", self.gender.value if self.gender else None)
        return self.status.label

    @property
    def is_local_actor(self) -> bool:
        return self.college is College.LOCAL_ACTOR

    @property
    def invited_on(self) -> date | None:
        """The council's day of the last invitation (``invited_at`` is UTC)."""
        return dates.to_paris(self.invited_at).date() if self.invited_at else None

    @property
    def awaits_activation(self) -> bool:
        """An active member whose account has no password yet: the activation link is for them."""
        return self.is_active and self.user is not None and not self.user.has_password


class ApplicationStatus(enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    SUBSTITUTE = "substitute"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"pending": "en attente", "accepted": "acceptée",
                "substitute": "sur la liste des suppléant·es", "rejected": "refusée"}[self.value]


# An e-mail address has at most one open application (pending, or on the substitutes list): the
# duplicate check in ``services.submit`` says so in French, and this index makes it hold when the
# same application is sent several times at the same instant (PostgreSQL runs them side by side).
OPEN_APPLICATION = "status IN ('pending', 'substitute')"


class Application(CouncilOwned, db.Model):
    """An eligible application, kept while it waits for review and as the trace of the decision.

    Only eligible applicants are stored (ineligible ones are counted in ``RefusalCount``), so every
    stored applicant declared holding no incompatible office. A substitute keeps its place in
    ``substitute_position`` (smaller comes first) until promoted to member.
    """

    __tablename__ = "application"
    __table_args__ = (
        # the applications waiting, oldest first (the review queue), per council
        Index("ix_application_council_status_created_at", "council_id", "status", "created_at"),
        Index("uq_application_open_email", "council_id", "email", unique=True,
              sqlite_where=text(OPEN_APPLICATION), postgresql_where=text(OPEN_APPLICATION)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus, 20), default=ApplicationStatus.PENDING, index=True
    )
    college: Mapped[College] = mapped_column(enum_column(College, 20), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    # Only until the decision; then « had the minimum age on » (``minimisation``) stays instead
    birth_date: Mapped[date | None]
    min_age_checked_on: Mapped[date | None]
    min_age_in_force: Mapped[int | None]
    email: Mapped[str] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(30))
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, 20))
    home_neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))
    address: Mapped[str | None] = mapped_column(String(300))  # residents only
    actor_category: Mapped[ActorCategory | None] = mapped_column(enum_column(ActorCategory))
    structure_name: Mapped[str | None] = mapped_column(String(200))
    activity_neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"))
    motivation: Mapped[str | None] = mapped_column(Text)
    # When the applicant ticked « J'ai lu comment mes données sont utilisées » (until the decision)
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    substitute_position: Mapped[int | None] = mapped_column(index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), unique=True)

    home_neighbourhood: Mapped[Neighbourhood | None] = relationship(
        foreign_keys=[home_neighbourhood_id])
    activity_neighbourhood: Mapped[Neighbourhood | None] = relationship(
        foreign_keys=[activity_neighbourhood_id])
    decided_by: Mapped[User | None] = relationship()
    member: Mapped[Member | None] = relationship()

    def __repr__(self) -> str:
        return f"<Application {self.reference} {self.status.value}>"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_open(self) -> bool:
        """Still waiting for a decision (pending) or for a seat (substitute)."""
        return self.status in (ApplicationStatus.PENDING, ApplicationStatus.SUBSTITUTE)

    @property
    def is_pending(self) -> bool:
        return self.status is ApplicationStatus.PENDING

    @property
    def is_substitute(self) -> bool:
        return self.status is ApplicationStatus.SUBSTITUTE

    @property
    def is_local_actor(self) -> bool:
        return self.college is College.LOCAL_ACTOR

    @property
    def age_statement(self) -> AgeStatement | None:
        """« Had the minimum age on … », kept once the birth date is gone (None before)."""
        if self.min_age_checked_on is None or self.min_age_in_force is None:
            return None
        return AgeStatement(self.min_age_checked_on, self.min_age_in_force)

    def forget_at_decision(self, on: date, minimum_age: int) -> None:
        """Drop what is needed only until the decision (``minimisation.kept_at_decision``)."""
        for column, value in kept_at_decision(self.birth_date, on, minimum_age,
                                              self.age_statement).items():
            setattr(self, column, value)

    def as_applicant(self) -> Applicant:
        """The eligibility rule's view of this application (for the re-check at review). Once
        decided, the birth date is gone: the latest one the age statement allows stands in."""
        birth_date = self.birth_date
        if birth_date is None:
            if self.age_statement is None:
                raise ValueError(f"{self!r} keeps neither a birth date nor an age statement")
            birth_date = self.age_statement.latest_birth_date
        return Applicant(
            birth_date=birth_date,
            college=self.college,
            home_neighbourhood=self.home_neighbourhood.slug if self.home_neighbourhood else None,
            actor_category=self.actor_category,
            activity_neighbourhood=(self.activity_neighbourhood.slug
                                    if self.activity_neighbourhood else None),
            holds_incompatible_office=False,
        )


class RefusalCount(CouncilOwned, db.Model):
    """How many ineligible applications gave ``reason`` in a month: a count, nothing personal."""

    __tablename__ = "refusal_count"
    __table_args__ = (UniqueConstraint("council_id", "month", "reason",
                                       name="uq_refusal_count_month_reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(index=True)  # the first day of the month (Paris time)
    reason: Mapped[Reason] = mapped_column(enum_column(Reason))
    count: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<RefusalCount {self.month:%Y-%m} {self.reason.value} {self.count}>"
