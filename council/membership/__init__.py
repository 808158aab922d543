"""Membership: applications, eligibility, review and the roster."""

from flask import Blueprint

from council import navigation
from council.auth.models import Role

bp = Blueprint("membership", __name__)
navigation.add("membership.apply", "Candidater", order=30)
navigation.add("membership.roster", "Membres", role=Role.MEMBER, order=60)
navigation.add("membership.queue", "Candidatures", role=Role.ORGANISER, order=70)
navigation.add("membership.profile", "Mon profil", role=Role.MEMBER, order=90)

from council.membership import views  # noqa: E402,F401
