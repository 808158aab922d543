"""Residents' pages: a resident sends an observation (no account), and the published observations."""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for

from council import dates
from council.extensions import db, limiter
from council.http import page_argument
from council.observations import bp
from council.observations.forms import ResidentObservationForm
from council.observations.lifecycle import ObservationKind
from council.observations.services import queries, steps
from council.observations.services.steps import ObservationData


def _rate_limit() -> str:
    return current_app.config["OBSERVATION_RATE_LIMIT"]


@bp.route("/observations/nouvelle", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
def submit():
    """A resident sends an idea or a problem; it waits for an organiser's moderation."""
    form = ResidentObservationForm()
    if form.validate_on_submit():
        if not form.is_bot:  # a robot filled the hidden field: thank it, keep nothing
            steps.submit_observation(ObservationData(
                kind=ObservationKind(form.kind.data), neighbourhood_id=form.neighbourhood.data,
                pillar_id=form.pillar.data, axis_ids=form.axes.data or [],
                place=form.place.data or "", description=form.description.data,
                observed_on=form.observed_on.data or dates.today(),
                resident_name=form.resident_name.data or "",
                resident_contact=form.resident_contact.data or "",
                consent=bool(form.contact_consent.data)))
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
