"""Avis pages."""

from flask import render_template

from council.opinions import bp


@bp.route("/avis")
def index():
    """Adopted avis (filled in by the opinions issue)."""
    return render_template(
        "public/coming_soon.html",
        title="Les avis du conseil citoyen",
        lead="Les avis adoptés par le conseil citoyen seront publiés ici.",
    )


@bp.route("/suivi-des-reponses")
def waiting():
    """Placeholder."""
    return ""
