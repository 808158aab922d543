"""Membership: applications, eligibility, review and the roster."""

from flask import Blueprint

bp = Blueprint("membership", __name__)

from council.membership import views  # noqa: E402,F401
