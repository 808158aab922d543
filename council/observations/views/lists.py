"""Members' lists: the accepted observations (filters, search, pages), their CSV export, and the
organisers' moderation queue."""

from __future__ import annotations

from flask import Response, current_app, render_template, request
from flask_login import current_user

from council import dates
from council.auth.access import role_required
from council.auth.models import Role
from council.http import page_argument
from council.observations import bp
from council.observations.export import observations_csv
from council.observations.forms import FilterForm
from council.observations.lifecycle import ObservationKind, ObservationStatus, is_overdue
from council.observations.services import queries
from council.observations.services.queries import Filters

PER_PAGE = 25


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


@bp.route("/observations/a-moderer")
@role_required(Role.ORGANISER)
def moderation():
    """What residents sent online, waiting for an organiser."""
    return render_template("observations/moderation.html", observations=queries.pending_observations())
