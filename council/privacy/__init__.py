"""Personal data (RGPD): retention purge, erasure on request, a member's own data as JSON."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)

from council.privacy import views  # noqa: E402,F401
