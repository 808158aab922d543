"""Avis pages: the public list and page, drafting, transmission, answer, new versions, the waiting list."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from council import dates
from council.auth.access import role_required
from council.auth.models import Role
from council.extensions import db
from council.http import id_argument, page_argument
from council.meetings.services.meetings import get_agenda_item
from council.observations import queries as observation_queries
from council.opinions import bp, services
from council.opinions.forms import (
    AnswerForm,
    OpinionForm,
    OpinionScheduleForm,
    StatusFilterForm,
    TransmitForm,
    observation_numbers,
)
from council.opinions.lifecycle import (
    Action,
    CarrierType,
    OpinionKind,
    OpinionStatus,
    TransitionError,
    allowed_actions,
    next_status,
)
from council.opinions.services import OpinionData, OpinionError

PER_PAGE = 20


def _user():
    return current_user._get_current_object()


def _is_member() -> bool:
    return current_user.is_authenticated and current_user.has_role(Role.MEMBER)


@bp.route("/avis")
def index():
    """The avis, propositions and interpellations the council adopted, for everyone."""
    pagination = services.public_page(page_argument(), PER_PAGE)
    return render_template("opinions/index.html", pagination=pagination, is_member=_is_member())


@bp.route("/avis/suivi")
@role_required(Role.MEMBER)
def manage():
    """Every avis, drafts included, with its status (members)."""
    form = StatusFilterForm(formdata=request.args)
    status = {s.value: s for s in OpinionStatus}.get(form.status.data or "")
    pagination = services.member_page(status, page_argument(), PER_PAGE)
    query = {"status": status.value} if status else {}
    return render_template("opinions/manage.html", form=form, pagination=pagination, query=query)


def _load(opinion_id: int):
    """The avis, or 404. Drafts and rejected avis are for members only."""
    opinion = services.get_opinion(opinion_id)
    if opinion is None:
        abort(404)
    if not opinion.status.is_public:
        if not current_user.is_authenticated:
            abort(current_app.login_manager.unauthorized())
        if not current_user.has_role(Role.MEMBER):
            abort(403)
    return opinion


@bp.route("/avis/<int:opinion_id>")
def detail(opinion_id: int):
    """One avis: public once adopted (with its vote, addressee and answer), prints on A4."""
    return _render_detail(_load(opinion_id))


def _render_detail(opinion, forms=None, status=200):
    actions = []
    if _is_member():
        actions = allowed_actions(opinion.status, is_organiser=current_user.has_role(Role.ORGANISER))
    forms = forms or {}
    if Action.SCHEDULE in actions:
        forms.setdefault("schedule", OpinionScheduleForm(prefix="schedule"))
    forms.setdefault("transmit", TransmitForm(prefix="transmit"))
    forms.setdefault("answer", AnswerForm(prefix="answer"))
    return render_template("opinions/detail.html", opinion=opinion, actions=actions, Action=Action,
                           forms=forms, is_member=_is_member(),
                           published_observations=[o for o in opinion.observations if o.is_published]), status


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
        except OpinionError as error:
            db.session.rollback()
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
    opinion = services.get_opinion(opinion_id) or abort(404)
    if not opinion.status.is_editable:
        return render_template("opinions/frozen.html", opinion=opinion), 409
    form = OpinionForm(obj=_Values(opinion))
    if form.validate_on_submit():
        try:
            services.update_opinion(opinion, _data(form), _user())
        except (OpinionError, TransitionError) as error:
            db.session.rollback()
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


def _refusal(opinion, action: Action):
    """A redirect with the French reason when the lifecycle refuses ``action``, else None."""
    try:
        next_status(opinion.status, action, is_organiser=current_user.has_role(Role.ORGANISER))
    except TransitionError as error:
        return _refused(opinion.id, error)
    return None


def _refused(opinion_id: int, error: Exception):
    db.session.rollback()
    flash(str(error), "error")
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))


@bp.route("/avis/<int:opinion_id>/ordre-du-jour", methods=["POST"])
@role_required(Role.MEMBER)
def schedule(opinion_id: int):
    """Put the draft on a meeting's agenda, where it will be voted."""
    opinion = services.get_opinion(opinion_id) or abort(404)
    if refused := _refusal(opinion, Action.SCHEDULE):
        return refused
    form = OpinionScheduleForm(prefix="schedule")
    if not form.validate_on_submit():
        return _render_detail(opinion, {"schedule": form})
    item = get_agenda_item(form.agenda_item.data) or abort(400)
    try:
        services.schedule(opinion, item, _user())
    except (OpinionError, TransitionError) as error:
        return _refused(opinion_id, error)
    db.session.commit()
    flash("Avis inscrit à l'ordre du jour.", "success")
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))


@bp.route("/avis/<int:opinion_id>/transmission", methods=["POST"])
@role_required(Role.ORGANISER)
def transmit(opinion_id: int):
    """Record that the adopted avis was sent to its addressee."""
    opinion = services.get_opinion(opinion_id) or abort(404)
    if refused := _refusal(opinion, Action.TRANSMIT):
        return refused
    form = TransmitForm(prefix="transmit")
    if not form.validate_on_submit():
        return _render_detail(opinion, {"transmit": form})
    try:
        services.transmit(opinion, form.transmitted_on.data, _user())
    except (OpinionError, TransitionError) as error:
        return _refused(opinion_id, error)
    db.session.commit()
    flash(f"Transmission à {opinion.addressee} enregistrée.", "success")
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))


@bp.route("/avis/<int:opinion_id>/reponse", methods=["POST"])
@role_required(Role.ORGANISER)
def answer(opinion_id: int):
    """Record the addressee's answer; it is published with the avis."""
    opinion = services.get_opinion(opinion_id) or abort(404)
    if refused := _refusal(opinion, Action.RECORD_ANSWER):
        return refused
    form = AnswerForm(prefix="answer")
    if not form.validate_on_submit():
        return _render_detail(opinion, {"answer": form})
    try:
        services.record_answer(opinion, form.answer_text.data, form.answered_on.data, _user())
    except (OpinionError, TransitionError) as error:
        return _refused(opinion_id, error)
    db.session.commit()
    flash("Réponse enregistrée et publiée avec l'avis.", "success")
    return redirect(url_for("opinions.detail", opinion_id=opinion_id))


@bp.route("/avis/<int:opinion_id>/nouvelle-version", methods=["POST"])
@role_required(Role.MEMBER)
def correct(opinion_id: int):
    """Start a correction of a voted avis: a new draft linked to it."""
    opinion = services.get_opinion(opinion_id) or abort(404)
    try:
        copy = services.new_version(opinion, _user())
    except (OpinionError, TransitionError) as error:
        return _refused(opinion_id, error)
    db.session.commit()
    flash(f"Version {copy.version} créée en brouillon : corrigez-la puis soumettez-la au vote.", "success")
    return redirect(url_for("opinions.edit", opinion_id=copy.id))


@bp.route("/suivi-des-reponses")
@role_required(Role.ORGANISER)
def waiting():
    """What waits for a partner's answer, and for how long (observations and avis)."""
    today = dates.today()
    return render_template(
        "opinions/waiting.html", today=today, delay=current_app.config["OBSERVATION_ANSWER_DELAY_DAYS"],
        observations=observation_queries.awaiting_answer(), opinions=services.awaiting_answer())
