"""The council's avis, propositions and interpellations."""

from flask import Blueprint

from council import navigation

bp = Blueprint("opinions", __name__)
navigation.add("opinions.index", "Avis", order=20)

from council.meetings import agenda_links  # noqa: E402
from council.opinions import views  # noqa: E402,F401
from council.opinions.services import on_agenda_items  # noqa: E402

# The meeting's page lists, under each agenda point, the avis put on it.
agenda_links.register("opinions", on_agenda_items)
