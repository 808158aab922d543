"""Public pages, readable by anyone."""

from flask import current_app, render_template

from council.councils.services import neighbourhood_names, rules
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
        hosting_provider=config["HOSTING_PROVIDER"],
        retention={
            "pending": _months(config["RETENTION_PENDING_APPLICATION_DAYS"]),
            "rejected": _months(config["RETENTION_REJECTED_APPLICATION_DAYS"]),
            "former_member": _months(config["RETENTION_FORMER_MEMBER_DAYS"]),
            "observation_contact": _months(config["RETENTION_OBSERVATION_CONTACT_DAYS"]),
        },
    )


def _months(days: int) -> str:
    """A retention period said the way people say it (« 6 mois », « 1 an », « 10 jours »)."""
    if days % 365 == 0:
        years = days // 365
        return f"{years} an{'s' if years > 1 else ''}"
    if days >= 28:
        return f"{round(days / 30.5)} mois"
    return f"{days} jour{'s' if days > 1 else ''}"


@bp.route("/accessibilite")
def accessibility():
    """The accessibility statement."""
    return render_template("public/accessibility.html")
