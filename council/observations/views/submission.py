"""Residents' pages: a resident sends an observation (no account), and the published observations."""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for

from council.extensions import db, limiter
from council.http import page_argument
from council.observations import bp
from council.observations.forms import ResidentObservationForm
from council.observations.services import queries, steps


def _rate_limit() -> str:
    return current_app.config["OBSERVATION_RATE_LIMIT"]


@bp.route("/observations/nouvelle", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def submit():
    """A resident sends an idea or a problem; it waits for an organiser's moderation."""
    form = ResidentObservationForm()
    if form.validate_on_submit():
        if not form.is_bot:  # a robot filled the hidden field: thank it, keep nothing
            steps.submit_observation(form.observation_data())
            db.session.commit()
        return redirect(url_for("observations.thanks"))
    return render_template("observations/submit.html", form=form)


@bp.route("/observations/merci")
def thanks():
    """The French thank-you page after sending an observation."""
    return render_template("observations/thanks.html")


@bp.route("/observations/publiees")
def published():
    """Observations the council chose to publish, with the partners' answers."""
    pagination = queries.published_page(page_argument(), 20)
    return render_template("observations/published.html", pagination=pagination)
