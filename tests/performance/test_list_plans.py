"""The list pages' queries are served by indexes: no list reads every council's rows, and none
sorts all of its council's rows to show one page (issue 15, « performance at many councils »).

Each list query is captured as its service runs it (every filter and sort the page offers), then
EXPLAINed on the engine under test:
- SQLite: ``EXPLAIN QUERY PLAN``; a problem is a ``SCAN`` of a council-owned table (every council's
  rows read), or a whole sort (``USE TEMP B-TREE FOR ORDER BY``) at a level that reads an owned
  table other than by its primary key. A sort of the right part only (ties of an index order) and
  the sort of a subquery already cut by a LIMIT are fine.
- PostgreSQL: ``EXPLAIN (FORMAT JSON)`` with ``enable_seqscan`` and ``enable_sort`` off, which asks
  whether an index CAN serve the query, whatever the rows in the test database; a problem is a
  ``Seq Scan`` of an owned table, or a ``Sort`` above a read of an owned table not cut by a
  ``Limit`` (other than by primary key).
No timing: the plans only.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from council.eligibility import College
from council.extensions import db
from council.meetings.services.meetings import meetings_page
from council.membership.services.applications import pending_page
from council.membership.services.roster import RosterFilters, member_roster, organiser_roster
from council.observations.lifecycle import ObservationKind, ObservationStatus
from council.observations.services.queries import Filters, observations_page, published_page
from council.opinions.lifecycle import OpinionStatus
from council.opinions.services import member_page, public_page
from tests.fixtures.reference import reference_ids

TODAY = date(2026, 12, 1)


def _lists(ids: dict) -> dict:
    """List name → (the table it lists, the call running its queries)."""
    return {
        "meetings, public": ("meeting", lambda: meetings_page(False, 1, 20)),
        "meetings, members, page 3": ("meeting", lambda: meetings_page(True, 3, 20)),
        "observations": ("observation", lambda: observations_page(Filters(), 1, 25, TODAY)),
        "observations, page 4": ("observation", lambda: observations_page(Filters(), 4, 25, TODAY)),
        "observations by status": ("observation", lambda: observations_page(
            Filters(status=ObservationStatus.TRANSMITTED), 1, 25, TODAY)),
        "observations by status and neighbourhood": ("observation", lambda: observations_page(
            Filters(status=ObservationStatus.TRANSMITTED, neighbourhood_id=ids["provinces"]),
            1, 25, TODAY)),
        "observations by kind": ("observation", lambda: observations_page(
            Filters(kind=list(ObservationKind)[0]), 1, 25, TODAY)),
        "observations by neighbourhood": ("observation", lambda: observations_page(
            Filters(neighbourhood_id=ids["provinces"]), 1, 25, TODAY)),
        "observations by volet": ("observation", lambda: observations_page(
            Filters(pillar_id=ids["cohesion"]), 1, 25, TODAY)),
        "observations by partner": ("observation", lambda: observations_page(
            Filters(partner_id=ids["ville"]), 1, 25, TODAY)),
        "observations overdue": ("observation", lambda: observations_page(
            Filters(overdue=True), 1, 25, TODAY)),
        "published observations": ("observation", lambda: published_page(1, 20)),
        "roster": ("member", lambda: organiser_roster(RosterFilters(), 1)),
        "roster, everyone": ("member", lambda: organiser_roster(RosterFilters(status="all"), 1)),
        "roster, former members": ("member", lambda: organiser_roster(
            RosterFilters(status="left"), 1)),
        "roster by college": ("member", lambda: organiser_roster(
            RosterFilters(college=College.RESIDENT), 1)),
        "roster by neighbourhood": ("member", lambda: organiser_roster(
            RosterFilters(neighbourhood="les-provinces"), 1)),
        "members' roster": ("member", lambda: member_roster("", None, 1)),
        "members' roster by college": ("member", lambda: member_roster("", College.LOCAL_ACTOR, 1)),
        "applications waiting": ("application", lambda: pending_page(1)),
        "avis, members": ("opinion", lambda: member_page(None, 1, 20)),
        "avis, members, by status": ("opinion", lambda: member_page(OpinionStatus.ADOPTED, 1, 20)),
        "avis, public": ("opinion", lambda: public_page(1, 20)),
    }


# Lists an index cannot order, and why (each one is a known cost, written down).
SORTED_ANYWAY = {
    # by the date of the meeting that voted it, else the day the vote was typed in: an
    # expression over a join, which no index of one table holds. It sorts the council's public
    # avis only (the count of adopted avis of one council: tens a year).
    "avis, public",
    # the index (council, status, transmission date) finds exactly the overdue observations,
    # which are then sorted by date observed: the backlog is sorted, not every observation.
    "observations overdue",
}


def owned_tables() -> set[str]:
    return {table.name for table in db.metadata.sorted_tables if "council_id" in table.c}


@contextmanager
def captured():
    """The statements sent while the block runs: (SQL, parameters)."""
    seen = []

    def listen(_conn, _cursor, statement, parameters, _context, _executemany):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)


def _reads(statement: str, table: str) -> bool:
    return re.search(rf"\bFROM {table}\b", statement) is not None


def sqlite_problems(statement: str, parameters, owned: set[str]) -> list[str]:
    plan = db.session.connection().exec_driver_sql(
        "EXPLAIN QUERY PLAN " + statement, parameters).all()
    levels = defaultdict(list)
    for _id, parent, _unused, detail in plan:
        levels[parent].append(detail)
    problems = []
    for details in levels.values():
        reads = [d for d in details if (m := re.match(r"(?:SCAN|SEARCH) (\w+)", d))
                 and m.group(1) in owned]
        problems += [f"full scan: {d}" for d in reads if d.startswith("SCAN ")]
        by_key = ("INTEGER PRIMARY KEY", "(rowid=?)")
        if "USE TEMP B-TREE FOR ORDER BY" in details and any(
                not any(k in d for k in by_key) for d in reads):
            problems.append(f"sorts every row it reads: {details}")
    return problems


def _pg_nodes(node: dict, under_limit: bool = False):
    """Every node of a PostgreSQL plan, with whether a Limit above it cuts its output."""
    yield node, under_limit
    for child in node.get("Plans", ()):
        yield from _pg_nodes(child, under_limit or node["Node Type"] == "Limit")


def postgres_problems(statement: str, parameters, owned: set[str], connection=None) -> list[str]:
    connection = connection if connection is not None else db.session.connection()
    connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
    connection.exec_driver_sql("SET LOCAL enable_sort = off")
    raw = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar()
    plan = (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]
    problems = []
    for node, _cut in _pg_nodes(plan):
        relation = node.get("Relation Name")
        if node["Node Type"] == "Seq Scan" and relation in owned:
            problems.append(f"full scan of {relation}")
        if node["Node Type"] != "Sort":
            continue
        for below, cut in _pg_nodes(node):
            index = below.get("Index Name") or ""
            if below.get("Relation Name") in owned and not cut and not index.startswith("pk_"):
                problems.append(f"sorts every row of {below['Relation Name']} it reads "
                                f"({below['Node Type']} {index})")
    return problems


def plan_problems(name: str, table: str, call, connection=None) -> list[str]:
    """What the plans of ``call``'s statements on ``table`` do wrong (``connection``: where
    PostgreSQL is asked, default the app's own)."""
    owned = owned_tables()
    with captured() as statements:
        call()
    statements = [(s, p) for s, p in statements if _reads(s, table)]
    assert statements, f"{name}: no statement read {table}"
    problems = []
    for statement, parameters in statements:
        found = (postgres_problems(statement, parameters, owned, connection)
                 if db.engine.dialect.name == "postgresql"
                 else sqlite_problems(statement, parameters, owned))
        problems += [f"{problem}\n    in {statement[:300]}" for problem in found]
    db.session.rollback()
    return problems


@pytest.mark.parametrize("name", list(_lists({})))
def test_a_list_query_is_served_by_an_index(app, name):
    with app.app_context():
        table, call = _lists(reference_ids())[name]
        problems = plan_problems(name, table, call)
        if name in SORTED_ANYWAY:
            assert not [p for p in problems if p.startswith("full scan")], problems
        else:
            assert not problems, f"{name}:\n" + "\n".join(problems)


def test_the_check_sees_a_sort_of_every_row_and_a_full_scan(app, owner_database_url):
    """The rules above find what they look for (else a test of nothing would pass)."""
    from sqlalchemy import select

    from council.meetings.models import Meeting

    with app.app_context():
        def unindexed():
            db.session.execute(select(Meeting).order_by(Meeting.title).limit(5)).all()

        problems = plan_problems("by title", "meeting", unindexed)
        assert any("sorts every row" in p for p in problems), problems

        def every_council():
            db.session.execute(select(Meeting.id).where(Meeting.place_name == "x")
                               .execution_options(all_councils=True)).all()

        if db.engine.dialect.name != "postgresql":
            problems = plan_problems("every council", "meeting", every_council)
        else:
            # The app's role reads under row-level security, whose condition on council_id always
            # leaves it the council index: only the tables' owner can still scan every row.
            from sqlalchemy import create_engine
            from sqlalchemy.pool import NullPool

            owner = create_engine(owner_database_url, poolclass=NullPool)
            try:
                with owner.connect() as connection:
                    problems = plan_problems("every council", "meeting", every_council, connection)
            finally:
                owner.dispose()
        assert any("full scan" in p for p in problems), problems


def test_the_host_resolution_is_one_indexed_statement_whatever_the_councils(app):
    """Every request resolves its host: by the host's unique index and the council's primary
    key, never by reading (or sorting) every council."""
    from council.councils.hosts import council_for_host
    from council.councils.services import create_council, ensure_council

    with app.app_context():
        ensure_council()
        for number in range(2, 5):
            create_council(f"c{number}", f"Conseil {number}", "Ville", [f"c{number}.test"])
        db.session.commit()
        for host in ("c3.test", "conseil.test", "ailleurs.test"):
            with captured() as statements:
                council_for_host(host)
            statements = [(s, p) for s, p in statements
                          if not s.startswith(("BEGIN", "SELECT set_config"))]
            assert len(statements) == 1, statements
            statement, parameters = statements[0]
            connection = db.session.connection()
            if db.engine.dialect.name == "postgresql":
                connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
                raw = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement,
                                                 parameters).scalar()
                plan = (raw if isinstance(raw, list) else json.loads(raw))[0]["Plan"]
                kinds = {node["Node Type"] for node, _cut in _pg_nodes(plan)}
                assert "Seq Scan" not in kinds, kinds  # (a sort of one council's hosts is fine)
            else:
                rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement,
                                                  parameters).all()
                plan = [row[3] for row in rows]
                top = [row[3] for row in rows if row[1] == 0]
                # the council by its primary key, nothing sorted or scanned at the top: only
                # the count of councils (stopped at two rows) reads without a key
                assert not [d for d in top if d.startswith("SCAN") or "TEMP B-TREE" in d], plan
                assert not [d for d in plan if d.startswith("SCAN council_host")], plan
            db.session.rollback()
