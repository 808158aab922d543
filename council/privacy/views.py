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
from council.privacy.matches import ErasureChoiceError, erase_match, find_matches
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
    """By e-mail: what would be erased, a confirmation, erased. By phone or name: the matches,
    the admin picks one, that one is erased (never an ambiguous match)."""
    form = ErasureForm()
    if not form.validate_on_submit():
        return render_template("privacy/erase.html", form=form, preview=None, matches=None)
    if not form.by_email:
        return _erase_a_match(form)
    with rollback_on(AccountError) as refusal:  # the last active admin: the site must keep one
        if form.confirm.data != "oui":
            form.confirm.data = "oui"
            return render_template("privacy/erase.html", form=form, matches=None,
                                   preview=preview_erasure(form.email.data))
        report = erase_person(current_user, form.email.data)
    if refusal.error:
        form.confirm.data = ""
        form.email.errors.append(str(refusal.error))
        return render_template("privacy/erase.html", form=form, preview=None, matches=None)
    db.session.commit()
    flash(f"Effacement fait : {report.total} élément(s) effacé(s) ou anonymisé(s)."
          if report.total else "Aucune donnée n'était enregistrée pour cette adresse.", "success")
    return redirect(url_for("privacy.erase"))


def _erase_a_match(form: ErasureForm):
    """The search's matches to pick from; once one is picked (``target``), erase that one."""
    phone, name = form.phone.data or "", form.name.data or ""
    if not form.target.data:
        return render_template("privacy/erase.html", form=form, preview=None,
                               matches=find_matches(phone, name))
    with rollback_on(AccountError, ErasureChoiceError) as refusal:
        report = erase_match(current_user, form.target.data, phone, name)
    if refusal.error:
        form.target.errors = [str(refusal.error)]
        return render_template("privacy/erase.html", form=form, preview=None,
                               matches=find_matches(phone, name))
    db.session.commit()
    flash(f"Effacement fait : {report.total} élément(s) effacé(s) ou anonymisé(s).", "success")
    return redirect(url_for("privacy.erase"))
