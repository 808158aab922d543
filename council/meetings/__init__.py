"""Meetings, attendance, minutes and calendars."""

from flask import Blueprint

from council import navigation

bp = Blueprint("meetings", __name__)
navigation.add("meetings.index", "Réunions", order=10)

from council.meetings import calendar_views, record_views, views  # noqa: E402,F401
