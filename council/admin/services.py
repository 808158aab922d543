"""Account administration queries. The rules (roles, the last active admin) live in
``council.auth.services.accounts``, linking a roster record in
``council.membership.services.roster``. Add and flush, never commit."""

from __future__ import annotations

from sqlalchemy import select

from council.auth.models import User
from council.extensions import db


def account_here(user_id: int) -> User | None:
    """The account ``user_id`` when it has a role in this council (another council's is unknown)."""
    return db.session.scalar(select(User).join(User.council_roles).where(User.id == user_id))


def accounts_page(page: int, per_page: int = 50):
    """The accounts with a role in this council, ordered by e-mail, one page at a time."""
    return db.paginate(select(User).join(User.council_roles).order_by(User.email), page=page,
                       per_page=per_page, error_out=False)
