"""Public pages, readable by anyone."""

from flask import current_app, render_template, session
from flask_login import current_user

from council.councils.public_cache import home_facts, visitor_page
from council.councils.services import current_council, rules, served_council
from council.observations.privacy import CONSENT_AGE
from council.privacy.notice import controller, minors_sentence, processors
from council.privacy.retention import Retention
from council.public import bp


@bp.route("/")
def home():
    """What the conseil citoyen is, who may join, and where to go next. Its lists come from the
    council's cache (``council.councils.public_cache``): no statement but the host's; a visitor
    (not signed in, no message waiting) reads the page rendered once per version of the council."""
    council = served_council()
    if current_user.is_authenticated or session.get("_flashes"):
        return _home(council)
    return visitor_page(council, "home", lambda: _home(council))


def _home(council) -> str:
    facts = home_facts(council)
    return render_template(
        "public/home.html",
        neighbourhoods=list(facts.neighbourhoods),
        pillars=facts.pillars,
        axes=facts.axes,
        partners=facts.partners,
        minimum_age=rules().minimum_age,
    )


@bp.route("/donnees-personnelles")
def personal_data():
    """The personal-data notice (RGPD), with the retention periods in force."""
    config = current_app.config
    return render_template(
        "public/personal_data.html",
        minimum_age=rules().minimum_age,
        minors=minors_sentence(rules().minimum_age),
        consent_age=CONSENT_AGE,
        processors=processors(config),
        controller=controller(current_council()),
        # the very periods the purge applies, as the notice says them (« 6 mois »)
        retention=Retention.from_config(config).in_words(),
    )


@bp.route("/accessibilite")
def accessibility():
    """The accessibility statement."""
    return render_template("public/accessibility.html")
