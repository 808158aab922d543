"""The organisers' dashboard: one page, each line linking to where it is handled."""

from __future__ import annotations

from flask import render_template

from council import dates
from council.auth.access import role_required
from council.auth.models import Role
from council.councils.services import council_config
from council.dashboard import bp
from council.dashboard.rules import age_in_days, ago, mandate_state
from council.dashboard.services import dashboard
from council.database import utcnow


@bp.route("/tableau-de-bord")
@role_required(Role.ORGANISER)
def index():
    """What waits for the organisers: applications, moderation, late answers, the next meeting
    and its quorum, the composition, mandates, absences, substitutes."""
    today = dates.today()
    return render_template("dashboard/index.html", board=dashboard(today, utcnow(), council_config()),
                           age_in_days=age_in_days, ago=ago, mandate_state=mandate_state,
                           paris_day=lambda moment: dates.to_paris(moment).date())
