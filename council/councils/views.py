"""The council's profile page for admins (/admin/conseil): identity, home texts, neighbourhoods
and rules. What is saved here is the truth from then on; the settings were only the first values."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from council.auth.access import recent_auth_required, role_required
from council.auth.models import Role
from council.councils.forms import ProfileForm
from council.councils.services import (
    current_council,
    rename_neighbourhoods,
    stored_council,
    update_profile,
)
from council.extensions import db
from council.reference.services import neighbourhoods

bp = Blueprint("councils", __name__, url_prefix="/admin")


def _form_data() -> dict:
    council = current_council()
    data = {name: getattr(council, name) for name in ProfileForm.__dict__
            if not name.startswith("_") and hasattr(council, name)}
    data["neighbourhoods"] = [row.name for row in neighbourhoods()]
    return data


@bp.route("/conseil", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@recent_auth_required
def profile():
    """Change the council's profile; every change goes to the audit log."""
    rows = neighbourhoods()
    form = ProfileForm(data=_form_data())
    if form.validate_on_submit():
        changed = update_profile(current_user, form.identity(), form.rules())
        names = dict(zip((row.id for row in rows), form.neighbourhoods.data, strict=False))
        renamed = rename_neighbourhoods(current_user, names, form.new_neighbourhood.data or "")
        db.session.commit()
        flash("Le profil du conseil est enregistré." if changed or renamed else "Aucun changement.",
              "success")
        return redirect(url_for("councils.profile"))
    return render_template("councils/profile.html", form=form, rows=rows,
                           stored=stored_council() is not None)
