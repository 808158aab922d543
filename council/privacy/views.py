"""A member downloads their data; an admin erases a person everywhere (with a confirmation)."""

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from council.auth.access import recent_auth_required, role_required
from council.auth.models import Role
from council.auth.services.accounts import AccountError
from council.database import rollback_on, utcnow
from council.extensions import db
from council.privacy import bp
from council.privacy.forms import ErasureForm
from council.privacy.services import erase_person, member_data, preview_erasure


@bp.route("/profil/mes-donnees.json")
@login_required
def my_data():
    """All the data held about the signed-in person, as a JSON file."""
    document = json.dumps(member_data(current_user), ensure_ascii=False, indent=2)
    filename = f"mes-donnees-conseil-citoyen-{utcnow():%Y-%m-%d}.json"
    return Response(document, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@bp.route("/admin/effacement", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@recent_auth_required
def erase():
    """Step 1: the e-mail; step 2: what would be erased, and a confirmation; step 3: erased."""
    form = ErasureForm()
    if not form.validate_on_submit():
        return render_template("privacy/erase.html", form=form, preview=None)
    with rollback_on(AccountError) as refusal:  # the last active admin: the site must keep one
        if form.confirm.data != "oui":
            form.confirm.data = "oui"
            return render_template("privacy/erase.html", form=form,
                                   preview=preview_erasure(form.email.data))
        report = erase_person(current_user, form.email.data)
    if refusal.error:
        form.confirm.data = ""
        form.email.errors.append(str(refusal.error))
        return render_template("privacy/erase.html", form=form, preview=None)
    db.session.commit()
    flash(f"Effacement fait : {report.total} élément(s) effacé(s) ou anonymisé(s)."
          if report.total else "Aucune donnée n'était enregistrée pour cette adresse.", "success")
    return redirect(url_for("privacy.erase"))
