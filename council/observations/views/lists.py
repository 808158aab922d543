"""Members' lists: the accepted observations (filters, search, pages), their CSV export, and the
organisers' moderation queue."""

from __future__ import annotations

from functools import partial

from flask import Response, render_template, request

from council import dates
from council.auth.access import role_required, viewer_is_organiser
from council.auth.models import Role
from council.http import page_argument
from council.observations import bp
from council.observations.export import observations_csv
from council.observations.forms import FilterForm
from council.observations.services import queries

PER_PAGE = 25


@bp.route("/observations")
@role_required(Role.MEMBER)
def index():
    """The accepted observations, with filters, a text search and pages."""
    form = FilterForm(formdata=request.args)
    today = dates.today()
    pagination = queries.observations_page(form.filters(), page_argument(), PER_PAGE, today)
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("observations/index.html", form=form, pagination=pagination, query=query,
                           overdue=queries.overdue_ids(pagination.items, today),
                           is_organiser=viewer_is_organiser(),
                           pending=queries.pending_count() if viewer_is_organiser() else 0)


@bp.route("/observations/export.csv")
@role_required(Role.MEMBER)
def export():
    """The filtered list as a CSV for French spreadsheets (no resident's name or contact)."""
    form = FilterForm(formdata=request.args)
    today = dates.today()
    rows = queries.observations_for_export(form.filters(), today)
    body = observations_csv(rows, partial(queries.overdue, today=today))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="observations-{today:%Y-%m-%d}.csv"'})


@bp.route("/observations/a-moderer")
@role_required(Role.ORGANISER)
def moderation():
    """What residents sent online, waiting for an organiser."""
    return render_template("observations/moderation.html", observations=queries.pending_observations())
