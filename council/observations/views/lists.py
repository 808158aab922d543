"""Members' lists: the accepted observations (filters, search, pages), their CSV export, and the
organisers' moderation queue."""

from __future__ import annotations

from functools import partial

from flask import Response, render_template

from council import dates
from council.auth.access import role_required, viewer_is_organiser
from council.auth.models import Role
from council.http import list_search
from council.observations import bp
from council.observations.export import observations_csv
from council.observations.forms import FilterForm
from council.observations.services import queries

PER_PAGE = 25


@bp.route("/observations", methods=["GET", "POST"])
@role_required(Role.MEMBER)
def index():
    """The accepted observations, with filters, a text search and pages. The text searched (it
    may be a resident's name) is POSTed, never in the address (``council.http.ListSearch``)."""
    search = list_search()
    form = FilterForm(formdata=search.values)
    today = dates.today()
    pagination = queries.observations_page(form.filters(), search.page, PER_PAGE, today)
    return render_template("observations/index.html", form=form, pagination=pagination,
                           search=search,
                           overdue=queries.overdue_ids(pagination.items, today),
                           is_organiser=viewer_is_organiser(),
                           pending=queries.pending_count() if viewer_is_organiser() else 0)


@bp.route("/observations/export.csv", methods=["GET", "POST"])
@role_required(Role.MEMBER)
def export():
    """The filtered list as a CSV for French spreadsheets (no resident's name or contact); the
    list's page POSTs its filters, the text searched among them."""
    form = FilterForm(formdata=list_search().values)
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
