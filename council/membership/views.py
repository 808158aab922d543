"""Membership pages."""

from flask import render_template

from council.membership import bp


@bp.route("/candidature")
def apply():
    """The application form (filled in by the membership issue)."""
    return render_template(
        "public/coming_soon.html",
        title="Candidater au conseil citoyen",
        lead="Le formulaire de candidature en ligne arrive bientôt.",
    )
