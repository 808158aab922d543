"""User accounts. A roster member (issue: membership) may or may not have an account."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint, false, true
from sqlalchemy.ext.hybrid import Comparator, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from council.database import UTCDateTime, enum_column, utcnow
from council.extensions import db
from council.tenancy import CouncilOwned, current_council_id


class Role(enum.Enum):
    """Roles, each including the rights of the one before."""

    MEMBER = "member"
    ORGANISER = "organiser"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    @property
    def label(self) -> str:
        return {"member": "membre", "organiser": "organisateur·rice", "admin": "administrateur·rice"}[
            self.value
        ]


def hash_method() -> str:
    """scrypt with werkzeug's default cost, unless PASSWORD_HASH_METHOD says otherwise (tests use
    a lower cost to stay fast; never lower it in production)."""
    if has_app_context():
        return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return "scrypt"


def _new_session_token() -> str:
    return secrets.token_urlsafe(32)


class _PerCouncilRole(Comparator):
    """``User.role`` in a query: an error (a comparison silently matching nothing would be
    worse). Join ``User.council_roles`` and compare ``CouncilRole.role``."""

    def operate(self, op, *other, **kwargs):
        raise TypeError("User.role is per council: join User.council_roles and compare "
                        "CouncilRole.role.")

    reverse_operate = operate

    def __clause_element__(self):
        self.operate(None)


class User(UserMixin, db.Model):
    """An account that can sign in. Passwords are stored as scrypt hashes."""

    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # A new login e-mail asked for, until the link mailed to it is opened (the link holds only a
    # keyed hash of it: links land in access logs).
    pending_email: Mapped[str | None] = mapped_column(String(254))
    # When it was asked for: the purge forgets it once the link has expired (EMAIL_CHANGE_HOURS)
    pending_email_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # The account as a whole (False: erased, or switched off before issue 15). An admin switches an
    # account off in their council only: ``CouncilRole.active`` (``active_here``).
    active: Mapped[bool] = mapped_column(default=True)
    # Creates councils and their first admin; sees no council's personal data without a role there
    is_platform_admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Flask-Login stores this, not the id, in the session: rotating it ends every session.
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=_new_session_token
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Its role in each council (loaded scoped: only the council served is ever seen)
    council_roles: Mapped[list[CouncilRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value if self.role else '-'}>"

    def role_row_here(self) -> CouncilRole | None:
        """Its ``CouncilRole`` in the council served (None: it has no role here)."""
        return self._role_here()

    def _role_here(self) -> CouncilRole | None:
        # Outside an app context (a pure test of the rules) only a role just given is seen
        council_id = current_council_id() if has_app_context() else None
        return next((row for row in self.council_roles
                     if row.council_id in (council_id, None)), None)  # None: added just now

    @hybrid_property
    def role(self) -> Role | None:
        """Its role in the council served; None: it has none there, and is nobody on its host
        (an account may belong to several councils, each giving its own role)."""
        here = self._role_here()
        return here.role if here is not None else None

    @role.inplace.setter
    def _role_setter(self, role: Role) -> None:
        here = self._role_here()
        if here is None:
            self.council_roles.append(CouncilRole(role=role))
        else:
            here.role = role

    @role.inplace.comparator
    @classmethod
    def _role_comparator(cls) -> _PerCouncilRole:
        return _PerCouncilRole(None)

    @property
    def active_here(self) -> bool:
        """Whether it may act in the council served: the account is on, and has a role here that
        no admin of this council switched off."""
        here = self._role_here()
        return self.active and here is not None and here.active

    @property
    def may_sign_in_here(self) -> bool:
        """Whether a password may open a session on this council's host: its access here, or a
        platform administrator without a role here (who then reaches the platform pages only)."""
        return self.active_here or (self.active and self.is_platform_admin
                                    and self._role_here() is None)

    def set_active_here(self, active: bool, now: datetime | None = None) -> None:
        """Switch its access to the council served on or off (its other councils keep theirs).
        Switching off signs it out here: the sessions opened until now no longer open this
        council (``disabled_at``), even once switched on again."""
        here = self._role_here()
        if here is None:
            raise ValueError("No role in this council.")
        if here.active and not active:
            here.disabled_at = now or utcnow()
        here.active = active

    def session_ended_here(self, signed_in_at: float | None) -> bool:
        """Whether a session opened at ``signed_in_at`` (a POSIX time) was opened before its
        access here was last switched off."""
        here = self._role_here()
        return (here is not None and here.disabled_at is not None
                and (signed_in_at or 0) <= here.disabled_at.timestamp())

    def set_password(self, password: str) -> None:
        """Hash and store a new password, and end the sessions opened with the old one."""
        self.password_hash = generate_password_hash(password, method=hash_method())
        self.end_sessions()

    def end_sessions(self) -> None:
        """Sign this account out everywhere (the token kept in sessions no longer matches)."""
        self.session_token = _new_session_token()

    @validates("active")
    def _switching_off_ends_sessions(self, _key: str, active: bool) -> bool:
        """However an account is switched off (an admin, a departure from the council, an
        erasure), its sessions end then, not only while it stays off: switching it on again
        later must not bring back a cookie copied before."""
        if not active:
            self.end_sessions()
        return active

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password_hash(self.password_hash, password)

    @property
    def has_password(self) -> bool:
        """False until a first password is chosen (an account awaiting activation)."""
        return bool(self.password_hash)

    def has_role(self, role: Role) -> bool:
        """True when this account's role includes ``role``."""
        mine = self.role
        return mine is not None and mine.rank >= role.rank

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        """Flask-Login's: the account is on, and not switched off in the council served."""
        here = self._role_here()
        return self.active and (here is None or here.active)


class CouncilRole(CouncilOwned, db.Model):
    """An account's role in one council (at most one per council)."""

    __tablename__ = "council_role"
    __table_args__ = (UniqueConstraint("council_id", "user_id", name="uq_council_role_council_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, length=20))
    # An admin of this council switched the account's access here off (its other councils keep
    # theirs); ``disabled_at``: the last time, so that sessions opened before stay ended.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="council_roles")

    def __repr__(self) -> str:
        return f"<CouncilRole user={self.user_id} council={self.council_id} {self.role.value}>"
