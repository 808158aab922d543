"""The organisers' dashboard: what waits for them, read from every area (top layer)."""

from flask import Blueprint

from council import navigation
from council.auth.models import Role

bp = Blueprint("dashboard", __name__)
navigation.add("dashboard.index", "Tableau de bord", role=Role.ORGANISER, order=5)
navigation.add_landing("dashboard.index", Role.ORGANISER, rank=10)

from council.dashboard import views  # noqa: E402,F401
