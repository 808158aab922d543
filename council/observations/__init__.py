"""Residents' observations (ideas, dysfunctions), followed until a partner answers."""

from flask import Blueprint

from council import navigation
from council.auth.models import Role

bp = Blueprint("observations", __name__)
navigation.add("observations.submit", "Faire une observation", order=25)
navigation.add("observations.index", "Observations", role=Role.MEMBER, order=40)

from council.observations import views  # noqa: E402,F401
