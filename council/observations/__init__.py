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

from council.meetings import agenda_links  # noqa: E402
from council.observations import views  # noqa: E402,F401
from council.observations.services.queries import on_agenda_items  # noqa: E402

# The meeting's page lists, under each agenda point, the observations put on it.
agenda_links.register("observations", on_agenda_items)
