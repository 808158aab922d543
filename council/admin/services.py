"""Account administration queries. The rules (roles, the last active admin) live in
``council.auth.services.accounts``, linking a roster record in
``council.membership.services.roster``. Add and flush, never commit."""

from __future__ import annotations

from sqlalchemy import select

from council.auth.models import User
from council.extensions import db


def accounts_page(page: int, per_page: int = 50):
    """Accounts ordered by e-mail, one page at a time."""
    return db.paginate(select(User).order_by(User.email), page=page, per_page=per_page,
                       error_out=False)
