"""Who may see what: the role predicates and the decorators used by every area's views."""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app, has_request_context, redirect, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from council.auth.models import Role, User
from council.database import utcnow
from council.extensions import db, login_manager
from council.links import local_path

# Set at sign-in when the password typed is one the rule now refuses (set before the rule, or
# before a promotion): the session then reaches only the password form (``auth.views.sign_in``).
PASSWORD_CHANGE_REQUIRED = "password_change_required"  # noqa: S105 (a session key)
# Where a platform administrator without a role in the council served is signed in: the
# platform's pages, sign-out and the password typed again. Anywhere else on that council's host
# they are nobody, as anyone without a role there (no member, application or observation).
PLATFORM_ENDPOINTS = ("platform.", "auth.logout", "auth.confirm_access")


@login_manager.user_loader
def load_user(session_token: str):
    """Find the account by the token kept in the session (rotated at password change)."""
    user = db.session.scalars(select(User).where(User.session_token == session_token)
                              .options(joinedload(User.council_roles))).unique().first()
    if user is None or not user.is_active:
        return None
    if has_request_context() and user.session_ended_here(session.get("signed_in_at")):
        return None  # opened before an admin of this council switched its access here off
    if user.role is not None:
        return user
    # An account with no role in this host's council is nobody here (its cookie opens nothing),
    # but for a platform administrator on the platform's pages
    if user.is_platform_admin and has_request_context() and (request.endpoint or "").startswith(
            PLATFORM_ENDPOINTS):
        return user
    return None


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


def is_staff(user: User) -> bool:
    """An organiser or an admin: a role above member (their account outlives a membership)."""
    return user.has_role(Role.ORGANISER)


def viewer_is_member() -> bool:
    """True when the person browsing is signed in (members, organisers and admins are members)."""
    return current_user.is_authenticated and current_user.has_role(Role.MEMBER)


def viewer_is_organiser() -> bool:
    """True when the person browsing is signed in with a role that includes organiser."""
    return current_user.is_authenticated and current_user.has_role(Role.ORGANISER)


def mark_recent_authentication() -> None:
    """Remember that the password was just typed (at sign-in or at a confirmation)."""
    session["auth_at"] = session["last_seen"] = int(utcnow().timestamp())


def start_session() -> None:
    """A new signed-in session (sign-in, reset link): its absolute lifetime starts now."""
    mark_recent_authentication()
    # To the microsecond: compared with the instant an admin switched the access off
    session["signed_in_at"] = utcnow().timestamp()


def session_expired() -> bool:
    """True when the signed-in session has been idle longer than IDLE_TIMEOUT_MINUTES, or was
    opened longer ago than PERMANENT_SESSION_LIFETIME however busy it was (OWASP ASVS 3.3.2:
    a copied cookie kept alive by its thief's requests ends too). A session without its
    sign-in time (made before this rule) is expired."""
    now = int(utcnow().timestamp())
    idle = now - session.get("last_seen", now) > current_app.config["IDLE_TIMEOUT_MINUTES"] * 60
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    return idle or now - session.get("signed_in_at", 0) > lifetime


def has_recent_authentication() -> bool:
    window = current_app.config["REAUTH_MINUTES"] * 60
    return int(utcnow().timestamp()) - session.get("auth_at", 0) < window


def recent_auth_required(view):
    """Sensitive actions need the password typed within REAUTH_MINUTES; otherwise ask for it
    again and come back: to the page itself for a GET, to the page the form was on for a POST
    (the person then sends the form again)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not has_recent_authentication():
            if request.method == "GET":
                target = request.full_path.rstrip("?")
            else:
                target = local_path(request.referrer) or url_for("public.home")
            return redirect(url_for("auth.confirm_access", next=target))
        return view(*args, **kwargs)

    return wrapped


