"""Who may see what: decorators used by every area's views."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from council.auth.models import Role
from council.extensions import db, login_manager


@login_manager.user_loader
def load_user(session_token: str):
    """Find the account by the token kept in the session (rotated at password change)."""
    from sqlalchemy import select

    from council.auth.models import User

    return db.session.scalar(select(User).where(User.session_token == session_token))


def role_required(role: Role):
    """Signed-in users whose role includes ``role``; others get 403 (anonymous: the login page)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
