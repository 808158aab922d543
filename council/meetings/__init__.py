"""Meetings, attendance, minutes and calendars."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from council.meetings import views  # noqa: E402,F401
