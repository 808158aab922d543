"""Public pages: home, personal data notice, accessibility statement."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from council.public import views  # noqa: E402,F401
