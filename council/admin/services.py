"""Account administration rules. Add and flush, never commit."""

from __future__ import annotations

from sqlalchemy import func, select

from council.auth.models import Role, User
from council.auth.services import AccountError
from council.extensions import db


def accounts_page(page: int, per_page: int = 50):
    """Accounts ordered by e-mail, one page at a time."""
    return db.paginate(select(User).order_by(User.email), page=page, per_page=per_page,
                       error_out=False)


def _active_admins() -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN, User.active)
    )


def update_account(actor: User, user: User, role: Role, active: bool) -> list[str]:
    """Change an account's role and active flag; returns what changed (for the audit log).

    The last active admin can neither be demoted nor disabled, so the site always keeps one.
    """
    losing_admin = user.role is Role.ADMIN and user.active and (role is not Role.ADMIN or not active)
    if losing_admin and _active_admins() <= 1:
        raise AccountError("Il doit rester au moins un compte administrateur actif.")
    changes = []
    if role is not user.role:
        changes.append(f"role:{user.role.value}->{role.value}")
        user.role = role
    if active != user.active:
        changes.append("enabled" if active else "disabled")
        user.active = active
        if not active:
            user.end_sessions()
    db.session.flush()
    return changes
