"""Public pages, readable by anyone."""

from flask import current_app, render_template

from council.councils.services import current_council, neighbourhood_names, rules
from council.observations.privacy import CONSENT_AGE
from council.privacy.notice import controller, minors_sentence, processors
from council.privacy.retention import Retention
from council.public import bp
from council.reference.models import ThemeKind
from council.reference.services import partners, themes


@bp.route("/")
def home():
    """What the conseil citoyen is, who may join, and where to go next."""
    return render_template(
        "public/home.html",
        neighbourhoods=neighbourhood_names(),
        pillars=themes(ThemeKind.PILLAR),
        axes=themes(ThemeKind.AXIS),
        partners=partners(),
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
