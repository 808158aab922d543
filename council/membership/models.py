"""The roster: members of the council, in their college, with a status that keeps history."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from council.auth.models import User
from council.database import UTCDateTime, utcnow
from council.eligibility import ActorCategory, College
from council.extensions import db
from council.reference.models import Neighbourhood


def enum_column(enum_type, length: int = 30):
    """A portable enum column storing the member values (not names), without a native type."""
    return Enum(enum_type, native_enum=False, length=length,
                values_callable=lambda e: [m.value for m in e])


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


class Member(db.Model):
    """A member of the council. Leaving changes the status; the row (and history) stays."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, 20))
    college: Mapped[College] = mapped_column(enum_column(College, 20), index=True)
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhood.id"), index=True)
    actor_category: Mapped[ActorCategory | None] = mapped_column(enum_column(ActorCategory))
    structure_name: Mapped[str | None] = mapped_column(String(200))
    joined_on: Mapped[date] = mapped_column(default=date.today)
    mandate_ends_on: Mapped[date | None]
    status: Mapped[MemberStatus] = mapped_column(
        enum_column(MemberStatus, 20), default=MemberStatus.ACTIVE, index=True
    )
    status_changed_on: Mapped[date | None]
    status_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship()
    neighbourhood: Mapped[Neighbourhood | None] = relationship()

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.college.value} {self.status.value}>"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active(self) -> bool:
        return self.status is MemberStatus.ACTIVE
