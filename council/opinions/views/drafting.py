"""Drafting an avis: the members' list, a new draft, changes until the vote, the agenda point
where it will be voted, and a new version of a voted avis."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from council.auth.access import role_required
from council.auth.models import Role
from council.extensions import db
from council.http import id_argument, page_argument
from council.meetings.forms import NewAgendaPointForm
from council.meetings.models import Meeting
from council.meetings.services.meetings import get_agenda_item
from council.opinions import bp, services
from council.opinions.forms import (
    OpinionForm,
    OpinionScheduleForm,
    StatusFilterForm,
    observation_numbers,
)
from council.opinions.lifecycle import Action, CarrierType, OpinionKind, OpinionStatus, TransitionError
from council.opinions.models import Opinion
from council.opinions.services import OpinionData, OpinionError
from council.opinions.views import render_detail

PER_PAGE = 20


def _user():
    return current_user._get_current_object()


@bp.route("/avis/suivi")
@role_required(Role.MEMBER)
def manage():
    """Every avis, drafts included, with its status (members)."""
    form = StatusFilterForm(formdata=request.args)
    status = {s.value: s for s in OpinionStatus}.get(form.status.data or "")
    pagination = services.member_page(status, page_argument(), PER_PAGE)
    query = {"status": status.value} if status else {}
    return render_template("opinions/manage.html", form=form, pagination=pagination, query=query)


def _data(form: OpinionForm) -> OpinionData:
    return OpinionData(
        kind=OpinionKind(form.kind.data), title=form.title.data, subject_project=form.subject_project.data,
        carrier_type=CarrierType(form.carrier_type.data), carrier_name=form.carrier_name.data or "",
        text=form.text.data, partner_id=form.partner.data,
        theme_ids=[*(form.pillars.data or []), *(form.axes.data or [])],
        observation_ids=observation_numbers(form.observations.data))


@bp.route("/avis/rediger", methods=["GET", "POST"])
@role_required(Role.MEMBER)
def create():
    """A member drafts an avis, a proposition or an interpellation du préfet."""
    form = OpinionForm()
    if request.method == "GET" and (observation_id := id_argument("observation")):
        form.observations.data = str(observation_id)
    if form.validate_on_submit():
        try:
            opinion = services.create_opinion(_data(form), _user())
        except OpinionError as error:  # shown beside the addressee; nothing was written
            form.partner.errors = [*form.partner.errors, str(error)]
        else:
            db.session.commit()
            flash("Brouillon enregistré.", "success")
            return redirect(url_for("opinions.detail", opinion_id=opinion.id))
    return render_template("opinions/edit.html", form=form, opinion=None)


@bp.route("/avis/<int:opinion_id>/modifier", methods=["GET", "POST"])
@role_required(Role.MEMBER)
def edit(opinion_id: int):
    """Change a draft; a voted avis is frozen and says how to correct it."""
    opinion = db.get_or_404(Opinion, opinion_id)
    if not opinion.status.is_editable:
        return render_template("opinions/frozen.html", opinion=opinion), 409
    form = OpinionForm(obj=_Values(opinion), keep_partner=opinion.partner_id)
    if form.validate_on_submit():
        try:
            services.update_opinion(opinion, _data(form), _user())
        except (OpinionError, TransitionError) as error:  # beside the addressee; nothing written
            form.partner.errors = [*form.partner.errors, str(error)]
        else:
            db.session.commit()
            flash("Modifications enregistrées.", "success")
            return redirect(url_for("opinions.detail", opinion_id=opinion.id))
    return render_template("opinions/edit.html", form=form, opinion=opinion)


class _Values:
    """An avis's current values, shaped like the form's fields."""

    def __init__(self, opinion):
        self.kind, self.title, self.text = opinion.kind.value, opinion.title, opinion.text
        self.subject_project, self.carrier_type = opinion.subject_project, opinion.carrier_type.value
        self.carrier_name, self.partner = opinion.carrier_name, opinion.partner_id
        self.pillars = [t.id for t in opinion.pillars]
        self.axes = [t.id for t in opinion.axes]
        self.observations = ", ".join(str(o.id) for o in opinion.observations)


@bp.route("/avis/<int:opinion_id>/ordre-du-jour", methods=["POST"])
@role_required(Role.MEMBER)
def schedule(opinion_id: int):
    """Put the draft on a meeting's agenda, where it will be voted."""
    opinion = db.get_or_404(Opinion, opinion_id, options=services.PAGE)
    services.check_action(opinion, Action.SCHEDULE, _user())
    form = OpinionScheduleForm(prefix="schedule")
    if not form.validate_on_submit():
        return render_detail(opinion, {"schedule": form})
    item = get_agenda_item(form.agenda_item.data) or abort(400)
    services.schedule(opinion, item, _user())
    db.session.commit()
    flash("Avis inscrit à l'ordre du jour.", "success")
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))


@bp.route("/avis/<int:opinion_id>/nouveau-point", methods=["POST"])
@role_required(Role.MEMBER)
def schedule_new_point(opinion_id: int):
    """Put the draft on an upcoming meeting's agenda by adding a point there."""
    opinion = db.get_or_404(Opinion, opinion_id, options=services.PAGE)
    services.check_action(opinion, Action.SCHEDULE, _user())
    form = NewAgendaPointForm(prefix="new_point")
    if not form.validate_on_submit():
        return render_detail(opinion, {"new_point": form})
    meeting = db.session.get(Meeting, form.meeting.data) or abort(400)
    services.schedule_on_new_point(opinion, meeting, form.title.data, _user())
    db.session.commit()
    flash("Avis inscrit à l'ordre du jour.", "success")
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))


@bp.route("/avis/<int:opinion_id>/nouvelle-version", methods=["POST"])
@role_required(Role.MEMBER)
def correct(opinion_id: int):
    """Start a correction of a voted avis: a new draft linked to it."""
    copy = services.new_version(db.get_or_404(Opinion, opinion_id), _user())
    db.session.commit()
    flash(f"Version {copy.version} créée en brouillon : corrigez-la puis soumettez-la au vote.", "success")
    return redirect(url_for("opinions.edit", opinion_id=copy.id))
