"""The council's avis, propositions and interpellations."""

from flask import Blueprint

bp = Blueprint("opinions", __name__)

from council.opinions import views  # noqa: E402,F401
