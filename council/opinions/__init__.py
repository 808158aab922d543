"""The council's avis, propositions and interpellations."""

from flask import Blueprint

from council import navigation

bp = Blueprint("opinions", __name__)
navigation.add("opinions.index", "Avis", order=20)

from council.opinions import views  # noqa: E402,F401
