"""Residents' observations (ideas, dysfunctions), followed until a partner answers."""

from flask import Blueprint

from council import navigation
from council.auth.models import Role

bp = Blueprint("observations", __name__)
navigation.add("observations.submit", "Faire une observation", order=25)
navigation.add("observations.index", "Observations", role=Role.MEMBER, order=40)
# What the council published of residents' observations and their answers (members find them
# from their own list of observations).
navigation.add("observations.published", "Observations publiées", order=26, signed_out=True)

from council.observations import views  # noqa: E402,F401
