"""Meetings, attendance, minutes and calendars."""

from flask import Blueprint

from council import navigation

bp = Blueprint("meetings", __name__)
navigation.add("meetings.index", "Réunions", order=10)

from council.meetings import views  # noqa: E402,F401
from council.meetings.services.attendance import unexcused_absence_runs  # noqa: E402
from council.meetings.services.invitations import withdrawal_notes  # noqa: E402
from council.meetings.views.calendars import subscription_context  # noqa: E402
from council.membership import providers  # noqa: E402

# What the roster and the profile show of meetings (membership never imports meetings).
providers.register_absence_provider(unexcused_absence_runs)
providers.add_profile_section("meetings/_subscription.html", subscription_context)
providers.add_departure_follow_up("meetings.invitations", withdrawal_notes)
