"""Membership: applications, eligibility, review and the roster."""

from flask import Blueprint

from council import navigation

bp = Blueprint("membership", __name__)
navigation.add("membership.apply", "Candidater", order=30)

from council.membership import views  # noqa: E402,F401
