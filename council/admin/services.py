"""Account administration queries. The rules (roles, the last active admin, linking a roster
record) live in ``council.auth.services``. Add and flush, never commit."""

from __future__ import annotations

from sqlalchemy import select

from council.auth.models import User
from council.auth.services import link_member_account, update_account  # noqa: F401  (rules: auth)
from council.extensions import db
from council.membership.models import Member, MemberStatus


def accounts_page(page: int, per_page: int = 50):
    """Accounts ordered by e-mail, one page at a time."""
    return db.paginate(select(User).order_by(User.email), page=page, per_page=per_page,
                       error_out=False)


def member_of_account(user: User) -> Member | None:
    """The roster record linked to this account (by id), if any."""
    return db.session.scalar(select(Member).where(Member.user_id == user.id))


def members_without_account() -> list[Member]:
    """Active roster records not linked to any account, by name (what an admin may link)."""
    return list(db.session.scalars(
        select(Member).where(Member.user_id.is_(None), Member.status == MemberStatus.ACTIVE)
        .order_by(Member.last_name, Member.first_name, Member.id)))
