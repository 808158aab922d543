"""Partners: the public directory and pages (no personal data), and the admin's list and forms."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from council.auth.access import role_required
from council.auth.models import Role
from council.database import rollback_on
from council.extensions import db
from council.partners import bp, services
from council.partners.forms import PartnerActionForm, PartnerForm
from council.reference.models import Partner


@bp.route("/partenaires")
def index():
    """The contrat de ville's partners, what they do, and how many avis and observations the
    council sent them; retired partners listed apart."""
    current, retired = services.directory()
    return render_template("partners/index.html", current=current, retired=retired,
                           counts=services.public_counts())


@bp.route("/partenaires/<int:partner_id>")
def detail(partner_id: int):
    """One partner: its public facts, the adopted avis and the published observations sent to it,
    with their answers."""
    partner = db.get_or_404(Partner, partner_id)
    return render_template("partners/detail.html", partner=partner,
                           opinions=services.published_opinions(partner),
                           observations=services.published_observations(partner))


@bp.route("/admin/partenaires")
@role_required(Role.ADMIN)
def manage():
    """Every partner, to add, edit, retire or bring back."""
    current, retired = services.directory()
    return render_template("partners/manage.html", current=current, retired=retired,
                           action_form=PartnerActionForm())


@bp.route("/admin/partenaires/nouveau", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def create():
    """Add a partner (audited)."""
    form = PartnerForm()
    if form.validate_on_submit():
        partner = services.create_partner(current_user, form.data_for_service())
        db.session.commit()
        flash("Partenaire ajouté.", "success")
        return redirect(url_for("partners.detail", partner_id=partner.id))
    return render_template("partners/form.html", form=form, partner=None)


@bp.route("/admin/partenaires/<int:partner_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit(partner_id: int):
    """Change a partner's public facts (audited); its avis and observations follow the new name."""
    partner = db.get_or_404(Partner, partner_id)
    form = PartnerForm(data={"name": partner.name, "kind": partner.kind.value,
                             "description": partner.description, "website": partner.website,
                             "public_email": partner.public_email, "public_phone": partner.public_phone})
    if form.validate_on_submit():
        changed = services.update_partner(current_user, partner, form.data_for_service())
        db.session.commit()
        flash("Partenaire modifié." if changed else "Aucun changement.", "success")
        return redirect(url_for("partners.manage"))
    return render_template("partners/form.html", form=form, partner=partner)


@bp.route("/admin/partenaires/<int:partner_id>/<any(retirer, retablir):action>", methods=["POST"])
@role_required(Role.ADMIN)
def retire(partner_id: int, action: str):
    """Retire a partner (its history stays) or bring it back."""
    db.get_or_404(Partner, partner_id)
    if not PartnerActionForm().validate_on_submit():
        abort(400)
    change = services.retire_partner if action == "retirer" else services.restore_partner
    with rollback_on(services.PartnerError) as refusal:
        change(current_user, partner_id)
    if refusal.error:
        flash(str(refusal.error), "error")
    else:
        db.session.commit()
        flash("Partenaire retiré : il n'est plus proposé pour les nouveaux envois."
              if action == "retirer" else "Partenaire rétabli.", "success")
    return redirect(url_for("partners.manage"))
