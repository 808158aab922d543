"""Bringing members in by hand: the organisers' form to add a member (eligibility as a warning
they may override with the council's reason), and invitations to the members' area — one from
the member's page, or every member of a roster filter at once, after a confirmation."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from council import dates
from council.auth.access import role_required
from council.auth.models import Role
from council.eligibility import College
from council.extensions import db, limiter
from council.membership import admission, bp
from council.membership.composition import Thresholds, assess
from council.membership.forms import ActionForm, AddMemberForm, InvitationForm
from council.membership.models import JoinMethod, Member
from council.membership.services import invitations, roster
from council.membership.services.admission import add_member as add_member_service
from council.membership.services.notifications import send_invitations
from council.reference.services import neighbourhoods

organisers_only = role_required(Role.ORGANISER)


def _invitation_limit() -> str:
    return current_app.config["INVITATION_RATE_LIMIT"]


def _composition_warnings():
    """What the composition panel warns about, as things stand in this transaction."""
    counts = roster.composition(count_expired=bool(current_app.config["EXPIRED_MANDATES_COUNT"]))
    return assess(counts, Thresholds.from_config(current_app.config))


def _render_add(form, decision=None):
    return render_template("membership/add.html", form=form, decision=decision,
                           warnings=admission.warnings(decision) if decision else [])


@bp.route("/membres/ajouter", methods=["GET", "POST"])
@organisers_only
def add_member():
    """Add a member who did not apply online. Eligibility is checked as for an application; when
    a condition is not met, the form comes back with the warning and asks for the council's
    reason. Every error sits beside its field, what was typed stays, nothing is half-saved."""
    form = AddMemberForm()
    form.set_neighbourhoods(neighbourhoods())
    if request.method == "GET":
        form.joined_on.data = dates.today()
        return _render_add(form)
    if not form.validate_on_submit():
        return _render_add(form)
    fields = form.member_fields()
    warnings_before = _composition_warnings()
    addition = add_member_service(fields, form.applicant(), JoinMethod(form.join_method.data),
                                  form.override_reason.data, current_user, dates.today())
    if addition.errors:
        db.session.rollback()
        for name, message in addition.errors.items():
            form[name].errors = [*form[name].errors, message]
        return _render_add(form, addition.decision)
    brought = admission.new_warnings(warnings_before, _composition_warnings())
    db.session.commit()
    member = addition.member
    flash(f"{member.full_name} est ajouté·e à la liste des membres "
          f"({member.join_method.label}).", "success")
    for warning in brought:
        flash(f"Composition du conseil : {warning.message}", "warning")
    return redirect(url_for(".member", member_id=member.id))


@bp.route("/membres/<int:member_id>/invitation", methods=["POST"])
@organisers_only
def invite(member_id: int):
    """Invite one member to the members' area: an account without password and the activation
    e-mail — unless their address is already an account's (never linked: the organiser is told)."""
    member = db.get_or_404(Member, member_id, options=roster.MEMBER_RECORD)
    if not ActionForm().validate_on_submit():
        abort(400)
    batch = invitations.invite(member, current_user)
    db.session.commit()
    if batch.skipped:
        _member, reason = batch.skipped[0]
        flash(f"Invitation non envoyée : {reason}.", "warning")
    elif send_invitations(batch.invited)[0]:
        flash(f"L'invitation est envoyée à {member.email}.", "success")
    else:
        flash("L'invitation est enregistrée mais l'e-mail n'a pas pu partir : utilisez « Renvoyer "
              "le lien d'activation » plus tard.", "warning")
    return redirect(url_for(".member", member_id=member_id))


def _filters(values) -> roster.RosterFilters:
    """The roster filter an invitation round is about (active members only)."""
    form = InvitationForm(values, meta={"csrf": False})
    if not form.validate():
        abort(400)
    return roster.RosterFilters(
        q=form.q.data or "", college=College(form.college.data) if form.college.data else None,
        neighbourhood=form.neighbourhood.data or None, status="active")


def _render_round(filters, problem=None, status: int = 200):
    members = invitations.invitable(filters)
    taken = invitations.taken_addresses(members)
    lines = [(member, invitations.problem_of(member, taken)) for member in members]
    return render_template(
        "membership/invitations.html", lines=lines, filters=filters, action_form=ActionForm(),
        count=sum(1 for _member, reason in lines if reason is None),
        problem=problem or admission.batch_problem(
            len(members), int(current_app.config["INVITATION_BATCH_MAX"])),
        maximum=int(current_app.config["INVITATION_BATCH_MAX"])), status


@bp.route("/membres/invitations")
@organisers_only
def invitations_preview():
    """Who a round of invitations would reach (the roster's filter), before confirming. An
    address never carries the free-text search (it may hold a name or an e-mail): a search is
    POSTed to ``invitations_selection`` instead, and any ``q`` found here is dropped."""
    return _render_round(_filters(MultiDict((key, value) for key, value in request.args.items(multi=True)
                                            if key != "q")))


@bp.route("/membres/invitations/selection", methods=["POST"])
@organisers_only
def invitations_selection():
    """The same preview for a roster searched by free text, whose filters come in the body."""
    return _render_round(_filters(request.form))


@bp.route("/membres/invitations", methods=["POST"])
@organisers_only
@limiter.limit(_invitation_limit, methods=["POST"], scope="member-invitations")
def invite_round():
    """Invite every member of the filter who has no account, each with their own e-mail; a
    failed e-mail never stops the others nor undoes an invitation (resend from the member page)."""
    if not ActionForm().validate_on_submit():
        abort(400)
    filters = _filters(request.form)
    ids = [member.id for member in invitations.invitable(filters)]
    maximum = int(current_app.config["INVITATION_BATCH_MAX"])
    if len(ids) > maximum:
        return _render_round(filters, admission.batch_problem(len(ids), maximum), 422)
    batch = invitations.invite_selection(filters, current_user, ids)
    db.session.commit()
    sent = send_invitations(batch.invited)
    failed = [member for member, left in zip(batch.invited, sent, strict=True) if not left]
    return render_template("membership/invitations_done.html", batch=batch, failed=failed,
                           sent=len(sent) - len(failed))
