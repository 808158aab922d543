"""Meetings, attendance, minutes and calendars."""

from flask import Blueprint

from council import navigation

bp = Blueprint("meetings", __name__)
navigation.add("meetings.index", "Réunions", order=10)

from council.meetings import views  # noqa: E402,F401
