"""Members' and organisers' pages: the list, logging, each lifecycle step, moderation, the export."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from council import dates
from council.auth.access import role_required
from council.auth.models import Role
from council.extensions import db
from council.http import page_argument
from council.meetings.services.meetings import get_agenda_item
from council.observations import bp, queries, services
from council.observations.export import observations_csv
from council.observations.forms import (
    AcceptForm,
    AnswerForm,
    CloseForm,
    FilterForm,
    MemberObservationForm,
    NoteForm,
    PublishForm,
    ScheduleForm,
    TransmitForm,
)
from council.observations.lifecycle import (
    Action,
    ClosureReason,
    ObservationKind,
    ObservationStatus,
    TransitionError,
    allowed_actions,
    is_overdue,
    next_status,
)
from council.observations.queries import Filters
from council.observations.services import ObservationData, ObservationError
from council.reference.models import Partner

PER_PAGE = 25
STEP_FORMS = {Action.ACCEPT: AcceptForm, Action.DISCARD: NoteForm, Action.SCHEDULE: ScheduleForm,
              Action.TRANSMIT: TransmitForm,
              Action.RECORD_ANSWER: AnswerForm, Action.CLOSE: CloseForm}


def _user():
    return current_user._get_current_object()


def _delay() -> int:
    return current_app.config["OBSERVATION_ANSWER_DELAY_DAYS"]


def _filters(form: FilterForm) -> Filters:
    """The filters as typed; unknown values are ignored rather than refused."""
    status = {s.value: s for s in ObservationStatus}.get(form.status.data or "")
    kind = {k.value: k for k in ObservationKind}.get(form.kind.data or "")
    return Filters(q=(form.q.data or "")[:100], status=status, kind=kind,
                   neighbourhood_id=form.neighbourhood.data, pillar_id=form.pillar.data,
                   partner_id=form.partner.data, overdue=bool(form.overdue.data))


@bp.route("/observations")
@role_required(Role.MEMBER)
def index():
    """The accepted observations, with filters, a text search and pages."""
    form = FilterForm(formdata=request.args)
    today = dates.today()
    pagination = queries.observations_page(_filters(form), page_argument(),
                                            PER_PAGE, today, _delay())
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("observations/index.html", form=form, pagination=pagination, query=query,
                           overdue=lambda o: is_overdue(o.status, o.transmitted_on, today, _delay()),
                           is_organiser=_user().has_role(Role.ORGANISER),
                           pending=queries.pending_count() if _user().has_role(Role.ORGANISER) else 0)


@bp.route("/observations/export.csv")
@role_required(Role.MEMBER)
def export():
    """The filtered list as a CSV for French spreadsheets (no resident's name or contact)."""
    form = FilterForm(formdata=request.args)
    today = dates.today()
    rows = queries.observations_for_export(_filters(form), today, _delay())
    body = observations_csv(rows, lambda o: is_overdue(o.status, o.transmitted_on, today, _delay()))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="observations-{today:%Y-%m-%d}.csv"'})


def _data(form) -> ObservationData:
    return ObservationData(
        kind=ObservationKind(form.kind.data), neighbourhood_id=form.neighbourhood.data,
        pillar_id=form.pillar.data, axis_ids=form.axes.data or [], place=form.place.data or "",
        description=form.description.data, observed_on=form.observed_on.data or dates.today(),
        resident_name=form.resident_name.data or "", resident_contact=form.resident_contact.data or "",
        consent=bool(form.contact_consent.data),
    )


@bp.route("/observations/ajouter", methods=["GET", "POST"])
@role_required(Role.MEMBER)
def log():
    """A member writes down an observation a resident brought them."""
    form = MemberObservationForm()
    if request.method == "GET":
        form.observed_on.data = dates.today()
    if form.validate_on_submit():
        observation = services.log_observation(_data(form), _user())
        db.session.commit()
        flash(f"Observation {observation.reference} enregistrée.", "success")
        return redirect(url_for("observations.detail", observation_id=observation.id))
    return render_template("observations/log.html", form=form)


def _load(observation_id: int):
    """The observation, or 404; unmoderated and discarded ones are for organisers only."""
    observation = queries.get_observation(observation_id)
    if observation is None:
        abort(404)
    if observation.status not in queries.LISTED and not _user().has_role(Role.ORGANISER):
        abort(403)
    return observation


def _render_detail(observation, bound=None, status=200):
    """The observation's page, with a form for each step the viewer may take."""
    user = _user()
    actions = allowed_actions(observation.status, is_organiser=user.has_role(Role.ORGANISER))
    forms = {a: STEP_FORMS[a](prefix=a.value) for a in actions if a in STEP_FORMS}
    if Action.ACCEPT in forms and observation.pillar_id and request.method == "GET":
        forms[Action.ACCEPT].pillar.data = observation.pillar_id
    if bound is not None and bound[0] != "publish":
        forms[bound[0]] = bound[1]
    publish_form = None
    if user.has_role(Role.ORGANISER) and observation.status in queries.LISTED:
        publish_form = PublishForm(prefix="publish", data={
            "public_summary": observation.public_summary or observation.description,
            "public_answer": observation.public_answer or observation.answer_text or ""})
        if bound is not None and bound[0] == "publish":
            publish_form = bound[1]
    return render_template(
        "observations/detail.html", observation=observation, forms=forms, Action=Action,
        publish_form=publish_form, can_see_contact=services.can_see_contact(observation, user),
        names=queries.people_names([e.user for e in observation.events]),
        overdue=is_overdue(observation.status, observation.transmitted_on, dates.today(), _delay()),
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
    if not services.can_see_contact(observation, _user()):
        abort(403)
    return render_template("observations/contact.html", observation=observation,
                           is_organiser=_user().has_role(Role.ORGANISER))


@bp.route("/observations/<int:observation_id>/contact/effacer", methods=["POST"])
@role_required(Role.ORGANISER)
def erase_contact(observation_id: int):
    """The resident withdrew their consent: erase their name and contact now."""
    observation = _load(observation_id)
    if NoteForm().validate_on_submit():
        try:
            services.erase_contact(observation, _user())
        except ObservationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Le nom et le contact de l'habitant·e sont effacés.", "success")
    return redirect(url_for("observations.detail", observation_id=observation_id))


def _step(observation_id: int, action: Action, apply):
    """Validate one step's form, apply it through a service, commit, back to the page."""
    observation = _load(observation_id)
    back = redirect(url_for("observations.detail", observation_id=observation_id))
    try:
        next_status(observation.status, action, is_organiser=_user().has_role(Role.ORGANISER))
    except TransitionError as error:
        flash(str(error), "error")
        return back
    form = STEP_FORMS[action](prefix=action.value)
    if form.validate_on_submit():
        try:
            apply(observation, form)
        except (TransitionError, ObservationError) as error:
            db.session.rollback()
            flash(str(error), "error")
            return back
        db.session.commit()
        flash(f"Observation {observation.reference} : {observation.status.label}.", "success")
        return redirect(url_for("observations.detail", observation_id=observation_id))
    return _render_detail(observation, (action, form))


@bp.route("/observations/<int:observation_id>/accepter", methods=["POST"])
@role_required(Role.ORGANISER)
def accept(observation_id: int):
    """Moderation: accept a resident's observation into the list."""
    return _step(observation_id, Action.ACCEPT, lambda o, f: services.accept(
        o, _user(), f.pillar.data, f.note.data))


@bp.route("/observations/<int:observation_id>/ecarter", methods=["POST"])
@role_required(Role.ORGANISER)
def discard(observation_id: int):
    """Moderation: discard a resident's message."""
    return _step(observation_id, Action.DISCARD, lambda o, f: services.discard(o, _user(), f.note.data))


@bp.route("/observations/<int:observation_id>/ordre-du-jour", methods=["POST"])
@role_required(Role.MEMBER)
def schedule(observation_id: int):
    """Put the observation on a meeting's agenda."""
    def apply(observation, form):
        item = get_agenda_item(form.agenda_item.data) or abort(400)
        services.schedule(observation, item, _user(), form.note.data)
    return _step(observation_id, Action.SCHEDULE, apply)


@bp.route("/observations/<int:observation_id>/transmettre", methods=["POST"])
@role_required(Role.MEMBER)
def transmit(observation_id: int):
    """Relay the observation to a partner of the contrat de ville."""
    def apply(observation, form):
        partner = db.session.get(Partner, form.partner.data) or abort(400)
        services.transmit(observation, partner, form.transmitted_on.data, _user(), form.note.data)
    return _step(observation_id, Action.TRANSMIT, apply)


@bp.route("/observations/<int:observation_id>/reponse", methods=["POST"])
@role_required(Role.MEMBER)
def answer(observation_id: int):
    """Record the partner's answer."""
    return _step(observation_id, Action.RECORD_ANSWER, lambda o, f: services.record_answer(
        o, f.answer_text.data, f.answered_on.data, _user(), f.note.data))


@bp.route("/observations/<int:observation_id>/cloture", methods=["POST"])
@role_required(Role.MEMBER)
def close(observation_id: int):
    """Close the observation (résolue, sans suite, doublon)."""
    return _step(observation_id, Action.CLOSE, lambda o, f: services.close(
        o, ClosureReason(f.reason.data), _user(), f.duplicate_of.data, f.note.data))


@bp.route("/observations/<int:observation_id>/publication", methods=["POST"])
@role_required(Role.ORGANISER)
def publish(observation_id: int):
    """Publish the observation and its answer on the public site, without personal data."""
    observation = _load(observation_id)
    form = PublishForm(prefix="publish")
    if form.validate_on_submit():
        try:
            services.publish(observation, form.public_summary.data, form.public_answer.data or "", _user())
        except ObservationError as error:
            db.session.rollback()
            form.public_summary.errors = [*form.public_summary.errors, str(error)]
            return _render_detail(queries.get_observation(observation_id), ("publish", form))
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
        services.unpublish(observation, _user())
        db.session.commit()
        flash("Observation retirée du site public.", "success")
    return redirect(url_for("observations.detail", observation_id=observation_id))


@bp.route("/observations/a-moderer")
@role_required(Role.ORGANISER)
def moderation():
    """What residents sent online, waiting for an organiser."""
    return render_template("observations/moderation.html", observations=queries.pending_observations())
