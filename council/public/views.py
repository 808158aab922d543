"""Public pages, readable by anyone."""

from flask import current_app, render_template

from council.public import bp
from council.reference.models import ThemeKind
from council.reference.services import partners, themes


@bp.route("/")
def home():
    """What the conseil citoyen is, who may join, and where to go next."""
    return render_template(
        "public/home.html",
        neighbourhoods=[name for _slug, name in current_app.config["NEIGHBOURHOODS"]],
        pillars=themes(ThemeKind.PILLAR),
        axes=themes(ThemeKind.AXIS),
        partners=partners(),
        minimum_age=current_app.config["MINIMUM_AGE"],
    )


@bp.route("/donnees-personnelles")
def personal_data():
    """The personal-data notice (RGPD)."""
    return render_template("public/personal_data.html")


@bp.route("/accessibilite")
def accessibility():
    """The accessibility statement."""
    return render_template("public/accessibility.html")
