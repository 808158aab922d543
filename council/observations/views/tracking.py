"""One observation: a member logs it, its page, each step of its life, the resident's contact and
the publication on the public site."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from council import dates
from council.auth.access import role_required, viewer_is_organiser
from council.auth.models import Role
from council.database import rollback_on
from council.extensions import db
from council.meetings.forms import NewAgendaPointForm
from council.meetings.models import Meeting
from council.meetings.services.meetings import get_agenda_item
from council.observations import bp
from council.observations.forms import (
    AcceptForm,
    AnswerForm,
    CloseForm,
    MemberObservationForm,
    NoteForm,
    PublishForm,
    ScheduleForm,
    TransmitForm,
)
from council.observations.lifecycle import (
    Action,
    ClosureReason,
    ObservationError,
    TransitionError,
    allowed_actions,
    next_status,
)
from council.observations.services import queries, steps
from council.reference.models import Partner

STEP_FORMS = {Action.ACCEPT: AcceptForm, Action.DISCARD: NoteForm, Action.SCHEDULE: ScheduleForm,
              Action.TRANSMIT: TransmitForm,
              Action.RECORD_ANSWER: AnswerForm, Action.CLOSE: CloseForm}
STEP_ENDPOINTS = {Action.ACCEPT: "observations.accept", Action.DISCARD: "observations.discard",
                  Action.SCHEDULE: "observations.schedule", Action.TRANSMIT: "observations.transmit",
                  Action.RECORD_ANSWER: "observations.answer", Action.CLOSE: "observations.close"}


def _user():
    return current_user._get_current_object()


@bp.route("/observations/ajouter", methods=["GET", "POST"])
@role_required(Role.MEMBER)
def log():
    """A member writes down an observation a resident brought them."""
    form = MemberObservationForm()
    if request.method == "GET":
        form.observed_on.data = dates.today()
    if form.validate_on_submit():
        observation = steps.log_observation(form.observation_data(), _user())
        db.session.commit()
        flash(f"Observation {observation.reference} enregistrée.", "success")
        return redirect(url_for("observations.detail", observation_id=observation.id))
    return render_template("observations/log.html", form=form)


def _load(observation_id: int):
    """The observation with what its page shows, or 404 (the one way this area loads it);
    unmoderated and discarded ones are for organisers only."""
    observation = queries.get_observation(observation_id) or abort(404)
    if not observation.is_listed and not viewer_is_organiser():
        abort(403)
    return observation


def _render_detail(observation, bound=None, status=200):
    """The observation's page, with a form for each step the viewer may take."""
    user = _user()
    actions = allowed_actions(observation.status, is_organiser=viewer_is_organiser())
    forms = {a: STEP_FORMS[a](prefix=a.value) for a in actions if a in STEP_FORMS}
    if Action.ACCEPT in forms and observation.pillar_id and request.method == "GET":
        forms[Action.ACCEPT].pillar.data = observation.pillar_id
    new_point = None
    if Action.SCHEDULE in forms:
        new_point = NewAgendaPointForm(prefix="new_point", formdata=None,
                                       title=f"Observation {observation.reference} "
                                             f"({observation.kind.label}, {observation.neighbourhood.name})")
    if bound is not None and bound[0] == "new_point":
        new_point = bound[1]
    elif bound is not None and bound[0] != "publish":
        forms[bound[0]] = bound[1]
    publish_form = None
    if viewer_is_organiser() and observation.is_listed:
        publish_form = PublishForm(prefix="publish", data={
            "public_summary": observation.public_summary or observation.description,
            "public_answer": observation.public_answer or observation.answer_text or ""})
        if bound is not None and bound[0] == "publish":
            publish_form = bound[1]
    return render_template(
        "observations/detail.html", observation=observation, forms=forms, Action=Action,
        endpoints=STEP_ENDPOINTS, new_point=new_point,
        publish_form=publish_form, can_see_contact=steps.can_see_contact(observation, user),
        names=queries.people_names([e.user for e in observation.events]),
        overdue=queries.overdue(observation, dates.today()),
    ), status


@bp.route("/observations/<int:observation_id>")
@role_required(Role.MEMBER)
def detail(observation_id: int):
    """One observation: its content, its history and the next steps."""
    return _render_detail(_load(observation_id))


@bp.route("/observations/<int:observation_id>/contact")
@role_required(Role.MEMBER)
def contact(observation_id: int):
    """The resident's name and contact: organisers and the member who logged it, nobody else."""
    observation = _load(observation_id)
    if not steps.can_see_contact(observation, _user()):
        abort(403)
    return render_template("observations/contact.html", observation=observation,
                           is_organiser=viewer_is_organiser())


@bp.route("/observations/<int:observation_id>/contact/effacer", methods=["POST"])
@role_required(Role.ORGANISER)
def erase_contact(observation_id: int):
    """The resident withdrew their consent: erase their name and contact now."""
    observation = _load(observation_id)
    if NoteForm().validate_on_submit():
        with rollback_on(ObservationError) as refusal:
            steps.erase_contact(observation, _user())
        if refusal.error:
            flash(str(refusal.error), "error")
        else:
            db.session.commit()
            flash("Le nom et le contact de l'habitant·e sont effacés.", "success")
    return redirect(url_for("observations.detail", observation_id=observation_id))


def _step(observation_id: int, action: Action, apply):
    """Validate one step's form, apply it through a service, commit, back to the page."""
    observation = _load(observation_id)
    back = redirect(url_for("observations.detail", observation_id=observation_id))
    try:
        next_status(observation.status, action, is_organiser=viewer_is_organiser())
    except TransitionError as error:
        flash(str(error), "error")
        return back
    form = STEP_FORMS[action](prefix=action.value)
    if form.validate_on_submit():
        with rollback_on(TransitionError, ObservationError) as refusal:
            apply(observation, form)
        if refusal.error:
            flash(str(refusal.error), "error")
            return back
        db.session.commit()
        flash(f"Observation {observation.reference} : {observation.status.label}.", "success")
        return redirect(url_for("observations.detail", observation_id=observation_id))
    return _render_detail(observation, (action, form))


@bp.route("/observations/<int:observation_id>/accepter", methods=["POST"])
@role_required(Role.ORGANISER)
def accept(observation_id: int):
    """Moderation: accept a resident's observation into the list."""
    return _step(observation_id, Action.ACCEPT, lambda o, f: steps.accept(
        o, _user(), f.pillar.data, f.note.data))


@bp.route("/observations/<int:observation_id>/ecarter", methods=["POST"])
@role_required(Role.ORGANISER)
def discard(observation_id: int):
    """Moderation: discard a resident's message."""
    return _step(observation_id, Action.DISCARD, lambda o, f: steps.discard(o, _user(), f.note.data))


@bp.route("/observations/<int:observation_id>/ordre-du-jour", methods=["POST"])
@role_required(Role.MEMBER)
def schedule(observation_id: int):
    """Put the observation on a meeting's agenda."""
    def apply(observation, form):
        item = get_agenda_item(form.agenda_item.data) or abort(400)
        steps.schedule(observation, item, _user(), form.note.data)
    return _step(observation_id, Action.SCHEDULE, apply)


@bp.route("/observations/<int:observation_id>/nouveau-point", methods=["POST"])
@role_required(Role.MEMBER)
def schedule_new_point(observation_id: int):
    """Put the observation on an upcoming meeting's agenda by adding a point there."""
    observation = _load(observation_id)
    form = NewAgendaPointForm(prefix="new_point")
    if not form.validate_on_submit():
        return _render_detail(observation, ("new_point", form))
    meeting = db.session.get(Meeting, form.meeting.data) or abort(400)
    with rollback_on(TransitionError, ObservationError) as refusal:
        steps.schedule_on_new_point(observation, meeting, form.title.data, _user())
    if refusal.error:
        form.meeting.errors = [*form.meeting.errors, str(refusal.error)]
        return _render_detail(_load(observation_id), ("new_point", form))
    db.session.commit()
    flash(f"Observation {observation.reference} inscrite à l'ordre du jour.", "success")
    return redirect(url_for("observations.detail", observation_id=observation_id))


@bp.route("/observations/<int:observation_id>/transmettre", methods=["POST"])
@role_required(Role.MEMBER)
def transmit(observation_id: int):
    """Relay the observation to a partner of the contrat de ville."""
    def apply(observation, form):
        partner = db.session.get(Partner, form.partner.data) or abort(400)
        steps.transmit(observation, partner, form.transmitted_on.data, _user(), form.note.data)
    return _step(observation_id, Action.TRANSMIT, apply)


@bp.route("/observations/<int:observation_id>/reponse", methods=["POST"])
@role_required(Role.MEMBER)
def answer(observation_id: int):
    """Record the partner's answer."""
    return _step(observation_id, Action.RECORD_ANSWER, lambda o, f: steps.record_answer(
        o, f.answer_text.data, f.answered_on.data, _user(), f.note.data))


@bp.route("/observations/<int:observation_id>/cloture", methods=["POST"])
@role_required(Role.MEMBER)
def close(observation_id: int):
    """Close the observation (résolue, sans suite, doublon)."""
    return _step(observation_id, Action.CLOSE, lambda o, f: steps.close(
        o, ClosureReason(f.reason.data), _user(), f.duplicate_of.data, f.note.data))


@bp.route("/observations/<int:observation_id>/publication", methods=["POST"])
@role_required(Role.ORGANISER)
def publish(observation_id: int):
    """Publish the observation and its answer on the public site, without personal data."""
    observation = _load(observation_id)
    form = PublishForm(prefix="publish")
    if form.validate_on_submit():
        with rollback_on(ObservationError) as refusal:
            steps.publish(observation, form.public_summary.data, form.public_answer.data or "", _user())
        if refusal.error:
            form.public_summary.errors = [*form.public_summary.errors, str(refusal.error)]
            return _render_detail(_load(observation_id), ("publish", form))
        db.session.commit()
        flash("Observation publiée sur le site.", "success")
        return redirect(url_for("observations.detail", observation_id=observation_id))
    return _render_detail(observation, ("publish", form))


@bp.route("/observations/<int:observation_id>/depublication", methods=["POST"])
@role_required(Role.ORGANISER)
def unpublish(observation_id: int):
    """Take the observation off the public site."""
    observation = _load(observation_id)
    form = NoteForm()
    if form.validate_on_submit():
        steps.unpublish(observation, _user())
        db.session.commit()
        flash("Observation retirée du site public.", "success")
    return redirect(url_for("observations.detail", observation_id=observation_id))

