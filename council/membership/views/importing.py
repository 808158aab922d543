"""Importing the roster of a council that already exists: upload a spreadsheet, see each line as
it will be stored with its problems, confirm to import the good lines (organisers, password
typed again within REAUTH_MINUTES). The file is never stored: the preview page carries it back
(base64, in the form's body) and the confirmation reads it again against the roster as it is
then, so a line added meanwhile is reported « déjà dans la liste », not added twice."""

from __future__ import annotations

import base64
import binascii

from flask import abort, flash, render_template, request
from flask_login import current_user

from council.auth.access import recent_auth_required, role_required
from council.auth.models import Role
from council.extensions import db
from council.french import plural
from council.membership import bp
from council.membership.forms import ActionForm, ImportConfirmForm
from council.membership.importing import COLUMNS, REQUIRED
from council.membership.services.importing import import_lines, max_bytes, plan_file
from council.membership.spreadsheet import ImportFileError
from council.reference.services import neighbourhoods

organisers_only = role_required(Role.ORGANISER)
FILE_FIELD = "fichier"


@bp.route("/membres/import", methods=["GET", "POST"])
@organisers_only
@recent_auth_required
def import_members():
    """The upload form; once a file is sent, the preview of every line (nothing written)."""
    form = ActionForm()
    error = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        upload = request.files.get(FILE_FIELD)
        data = upload.read(max_bytes() + 1) if upload else b""
        if not data:
            error = "Choisissez un fichier (CSV, ODS ou XLSX)."
        else:
            try:
                roster_plan = plan_file(data)
            except ImportFileError as refusal:
                error = str(refusal)
            else:
                confirm = ImportConfirmForm(formdata=None,
                                            content=base64.b64encode(data).decode("ascii"))
                return render_template("membership/import_preview.html", plan=roster_plan,
                                       confirm_form=confirm, neighbourhood_names=_names())
    return render_template("membership/import.html", form=form, error=error, columns=COLUMNS,
                           required=REQUIRED, max_kib=max_bytes() // 1024)


@bp.route("/membres/import/confirmer", methods=["POST"])
@organisers_only
@recent_auth_required
def confirm_import():
    """Import the good lines of the file shown in the preview, all at once; the lines to fix
    stay listed for a second import."""
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data = base64.b64decode(form.content.data, validate=True)
        roster_plan = plan_file(data, for_import=True)
    except (binascii.Error, ValueError, ImportFileError):
        abort(400)
    members = import_lines(roster_plan, current_user)
    db.session.commit()
    if members:
        flash(f"{plural(len(members), 'membre ajouté', 'membres ajoutés')} à la liste.", "success")
    else:
        flash("Aucune ligne n'était prête à importer : rien n'a changé.", "info")
    return render_template("membership/import_done.html", plan=roster_plan, imported=members,
                           neighbourhood_names=_names())


def _names() -> dict[str, str]:
    return {area.slug: area.name for area in neighbourhoods()}
