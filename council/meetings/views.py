"""Meeting pages."""

from flask import render_template

from council.meetings import bp


@bp.route("/reunions")
def index():
    """Upcoming and past meetings (filled in by the meetings issue)."""
    return render_template(
        "public/coming_soon.html",
        title="Réunions du conseil citoyen",
        lead="Le calendrier des réunions sera publié ici.",
    )
