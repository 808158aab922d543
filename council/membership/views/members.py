"""The roster: the list (members see names and colleges only), a member's record, departures
and replacement by a substitute, the composition panel, the CSV export and the printable list."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from council import dates, french
from council.auth.access import recent_auth_required, role_required, viewer_is_organiser
from council.auth.models import Role
from council.councils.services import council_config, rules
from council.database import rollback_on
from council.eligibility import College
from council.extensions import db
from council.http import list_search
from council.membership import bp, providers
from council.membership.composition import Thresholds, assess
from council.membership.export import roster_csv
from council.membership.forms import (
    CONTROL_CHARACTERS,
    ActionForm,
    DepartureForm,
    MemberForm,
    RenewalForm,
    RosterFilterForm,
)
from council.membership.models import Member, MemberStatus
from council.membership.services import admission, invitations, roster
from council.membership.services.notifications import send_activation_again
from council.reference.services import neighbourhoods

organisers_only = role_required(Role.ORGANISER)


def _filters(values) -> tuple[RosterFilterForm, roster.RosterFilters]:
    form = RosterFilterForm(values)
    form.set_neighbourhoods(neighbourhoods())
    if not form.validate():  # odd values in the address: ignore them rather than fail
        q = (form.q.data or "")[:100]
        return form, roster.RosterFilters(q="" if CONTROL_CHARACTERS.search(q) else q)
    return form, roster.RosterFilters(
        q=form.q.data or "", college=College(form.college.data) if form.college.data else None,
        neighbourhood=form.neighbourhood.data or None, status=form.status.data or "active")


@bp.route("/membres", methods=["GET", "POST"], endpoint="roster")
@role_required(Role.MEMBER)
def roster_list():
    """The roster. Organisers: every record, filters and search. Members: active members' first
    and last names and colleges, nothing else. The search (names, e-mails) is POSTed, never in
    the address (``council.http.ListSearch``); college, neighbourhood and status may be."""
    search = list_search()
    form, filters = _filters(search.values)
    if not viewer_is_organiser():
        page = roster.member_roster(filters.q, filters.college, search.page)
        return render_template("membership/roster_members.html", form=form, page=page,
                               search=search)
    page = roster.organiser_roster(filters, search.page)
    return render_template("membership/roster.html", form=form, page=page, search=search,
                           absence_flags=roster.absence_flags(page.items), today=dates.today(),
                           invitable=0 if filters.status == "left" else invitations.invitable_count(filters))


def _render_member(member, departure_form=None, renewal_form=None):
    form = departure_form or DepartureForm(formdata=None, left_on=dates.today())
    renewal = renewal_form or RenewalForm(formdata=None, mandate_ends_on=_proposed_end(member))
    return render_template("membership/member.html", member=member, departure_form=form,
                           renewal_form=renewal, action_form=ActionForm(), today=dates.today(),
                           overridden=admission.overridden_conditions(member),
                           inviter=roster.inviter_name(member))


def _proposed_end(member):
    """What the renewal form offers: a new mandate of MANDATE_YEARS from today (none if 0)."""
    years = rules().mandate_years
    if not years:
        return None
    today = dates.today()
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


@bp.route("/membres/<int:member_id>")
@organisers_only
def member(member_id: int):
    """One member's full record, with its history and the departure form."""
    return _render_member(db.get_or_404(Member, member_id, options=roster.MEMBER_RECORD))


@bp.route("/membres/<int:member_id>/modifier", methods=["GET", "POST"])
@organisers_only
def edit_member(member_id: int):
    """Correct a member's record (never the login e-mail of its account)."""
    member = db.get_or_404(Member, member_id, options=roster.MEMBER_RECORD)
    form = MemberForm()
    form.set_neighbourhoods(neighbourhoods())
    if request.method == "GET":
        form.fill_from(member)
    elif form.validate_on_submit():
        roster.update_member(member, form.member_fields(), current_user)
        db.session.commit()
        flash("La fiche est enregistrée.", "success")
        return redirect(url_for(".member", member_id=member.id))
    return render_template("membership/member_edit.html", member=member, form=form)


@bp.route("/membres/<int:member_id>/depart", methods=["POST"])
@organisers_only
def departure(member_id: int):
    """Record that a member left; then offer the next substitute of their college."""
    member = db.get_or_404(Member, member_id, options=roster.MEMBER_RECORD)
    form = DepartureForm()
    if not form.validate_on_submit():
        return _render_member(member, departure_form=form)
    with rollback_on(roster.RosterError) as refusal:
        roster.record_departure(member, MemberStatus(form.status.data), form.left_on.data,
                                form.reason.data, current_user)
    if refusal.error:
        flash(str(refusal.error), "error")
        return redirect(url_for(".member", member_id=member_id))
    db.session.commit()
    flash(f"Le départ {french.de_person(member.full_name)} est enregistré.", "success")
    for sentence in providers.after_departure(member):  # e.g. invitations withdrawn, by e-mail
        flash(sentence, "info")
    return redirect(url_for(".replacement", member_id=member_id))


@bp.route("/membres/<int:member_id>/renouvellement", methods=["POST"])
@organisers_only
def renew(member_id: int):
    """Renew a member's mandate until a new end date (the departure is the other way out)."""
    member = db.get_or_404(Member, member_id, options=roster.MEMBER_RECORD)
    form = RenewalForm()
    if not form.validate_on_submit():
        return _render_member(member, renewal_form=form)
    with rollback_on(roster.RosterError) as refusal:
        roster.renew_mandate(member, form.mandate_ends_on.data, current_user)
    if refusal.error:
        form.mandate_ends_on.errors = [str(refusal.error)]
        return _render_member(member, renewal_form=form)
    db.session.commit()
    flash(f"Le mandat est renouvelé jusqu'au {dates.format_day(form.mandate_ends_on.data)}.", "success")
    return redirect(url_for(".member", member_id=member_id))


@bp.route("/membres/<int:member_id>/remplacement")
@organisers_only
def replacement(member_id: int):
    """The substitute proposed to take the seat of a member who left, promoted in one step."""
    member = db.get_or_404(Member, member_id, options=roster.MEMBER_RECORD)
    if member.is_active:
        return redirect(url_for(".member", member_id=member_id))
    replacement = roster.replacement_for(member, rules().composition_parity_max_gap)
    return render_template("membership/replacement.html", member=member,
                           proposal=replacement.proposal, proposed=replacement.proposed,
                           queue=replacement.queue, action_form=ActionForm())


@bp.route("/membres/<int:member_id>/lien-activation", methods=["POST"])
@organisers_only
def resend_activation(member_id: int):
    """Send a fresh activation link to a member who has not chosen a password yet (who sent it
    and when is recorded: the member's page shows the last one)."""
    member = db.get_or_404(Member, member_id, options=roster.MEMBER_RECORD)
    if not ActionForm().validate_on_submit():
        abort(400)
    with rollback_on(roster.RosterError) as refusal:
        invitations.record_resend(member, current_user)
    if refusal.error:
        flash(str(refusal.error), "error")
        return redirect(url_for(".member", member_id=member_id))
    db.session.commit()
    if send_activation_again(member):
        flash("Un nouveau lien d'activation a été envoyé.", "success")
    else:
        flash("L'e-mail n'a pas pu être envoyé. Réessayez plus tard.", "warning")
    return redirect(url_for(".member", member_id=member_id))


@bp.route("/membres/composition")
@organisers_only
def composition():
    """The composition panel: colleges, parity, size, what waits to join, and warnings."""
    count_expired = rules().expired_mandates_count
    counts = roster.composition(count_expired=count_expired)
    thresholds = Thresholds.from_config(council_config())
    return render_template("membership/composition.html", counts=counts, thresholds=thresholds,
                           warnings=assess(counts, thresholds), colleges=list(College),
                           expired=roster.expired_mandates(), count_expired=count_expired)


@bp.route("/membres/export.csv", methods=["POST"])
@organisers_only
@recent_auth_required
def export():
    """The roster (with the filters on screen) as a CSV for French spreadsheets. A POST, because
    each export is written to the audit log."""
    if not ActionForm().validate_on_submit():
        abort(400)
    _form, filters = _filters(request.form)
    members = roster.members_for_export(filters)
    roster.record_export(current_user, len(members))
    db.session.commit()
    filename = f"membres-conseil-citoyen-{dates.today():%Y-%m-%d}.csv"
    return Response(roster_csv(members), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@bp.route("/membres/impression")
@organisers_only
def print_roster():
    """A printable list of active members by college, for the préfecture."""
    return render_template("membership/roster_print.html", today=dates.today(),
                           by_college=roster.active_members_by_college())
