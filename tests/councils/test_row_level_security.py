"""PostgreSQL's row-level security, the backstop under the app's scoping: every table with a
council column has its policy, and a raw SQL query by a role that does not own the tables sees
only the council of its transaction. (SQLite has no such thing: the app's scoping is all.)"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from council.extensions import db
from council.tenancy import use_council
from tests.concurrency import is_postgresql

# Every table is one of three kinds; a new table fails the test below until it is classified.
# Link tables without a council column, seen through the council-owned rows they point at:
RLS = "SELECT set_config('app.council_id', :id, true)"
THROUGH_PARENTS = {"meeting_delegate", "observation_axis", "opinion_observation", "opinion_theme"}
# Shared by every council: national reference, accounts, the councils and their hosts, Alembic's
# version; and SQLite's full-text index of observations (only joined to the scoped ``observation``).
SHARED = {"alembic_version", "council", "council_host", "user", "theme",
          "observation_fts", "observation_fts_data", "observation_fts_idx",
          "observation_fts_config", "observation_fts_docsize"}


def _tables(app) -> tuple[set[str], set[str]]:
    """Every table, and those with a council column (the council's own, by their rows)."""
    with app.app_context():
        inspector = inspect(db.engine)
        tables = set(inspector.get_table_names())
        return tables, {name for name in tables
                        if "council_id" in {c["name"] for c in inspector.get_columns(name)}} - SHARED


def _policies(app) -> tuple[set[str], dict[str, set[str]]]:
    """Tables with row-level security on and forced; each table's policy names."""
    with app.app_context():
        forced = set(db.session.scalars(text(
            "SELECT relname FROM pg_class JOIN pg_namespace ON pg_namespace.oid = relnamespace "
            "WHERE nspname = 'public' AND relkind = 'r' AND relrowsecurity AND relforcerowsecurity")))
        policies: dict[str, set[str]] = {}
        for table, policy in db.session.execute(text(
                "SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public'")):
            policies.setdefault(table, set()).add(policy)
    return forced, policies


def test_every_table_is_owned_seen_through_its_parents_or_shared(app):
    tables, owned = _tables(app)
    assert "member" in owned and "council_role" in owned
    assert tables - owned - THROUGH_PARENTS - SHARED == set(), (
        "classify the new table: a council column with its policy, a link table seen through its "
        "parents (THROUGH_PARENTS, and its policy), or SHARED")
    assert owned & THROUGH_PARENTS == set() and tables >= THROUGH_PARENTS
    if not is_postgresql(app):
        return  # SQLite: no policies (see the module's docstring)
    forced, policies = _policies(app)
    assert owned | THROUGH_PARENTS <= forced, "row-level security not forced"
    assert {t for t in owned if policies.get(t) != {"council_isolation"}} == set()
    assert {t for t in THROUGH_PARENTS if policies.get(t) != {"council_through_parents"}} == set()
    assert SHARED & (forced | set(policies)) == set(), "a shared table is seen by every council"


def test_the_app_tells_postgresql_its_council_and_sqlite_nothing(app, client):
    seen = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: seen.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get("/reunions").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    told = [statement for statement in seen if "app.council_id" in statement]
    assert len(told) == (1 if is_postgresql(app) else 0)


def test_a_raw_query_as_the_apps_role_sees_only_its_council(app, database_url):
    from council.councils.services import create_council, ensure_council
    from council.reference.models import Partner

    with app.app_context():
        first = ensure_council().id
        db.session.add(Partner(slug="commun", name="Partenaire d'Argentan"))
        flers = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"]).id
        use_council(flers)
        db.session.add(Partner(slug="commun", name="Partenaire de Flers"))
        db.session.commit()
    if not is_postgresql(app):
        return  # SQLite: no roles, no policies (the app's scoping: test_many_councils)
    with app.app_context(), db.engine.begin() as connection:  # the app's own role, raw SQL
        unset = connection.scalar(text("SELECT COUNT(*) FROM partner"))
        connection.execute(text("SELECT set_config('app.council_id', :id, true)"),
                           {"id": str(flers)})
        names = set(connection.scalars(text("SELECT name FROM partner WHERE slug = 'commun'")))
        by_id = connection.scalar(text("SELECT COUNT(*) FROM partner WHERE council_id = :c"),
                                  {"c": first})
        updated = connection.execute(text("UPDATE partner SET name = 'x' WHERE council_id = :c"),
                                     {"c": first}).rowcount
    assert unset == 0  # no council set: nothing at all
    assert names == {"Partenaire de Flers"} and by_id == 0 and updated == 0


def test_the_app_connects_as_a_role_that_row_level_security_applies_to(app, owner_database_url):
    """The whole PostgreSQL suite runs as the app's role: not a superuser, no BYPASSRLS, owner of
    no table, unable to turn the policies off; migrations connect as the owner."""
    if not is_postgresql(app):
        return  # SQLite: one file, no roles
    with app.app_context():
        role, superuser, bypass = db.session.execute(text(
            "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")).one()
        owned = db.session.scalar(text(
            "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"))
        assert make_url(app.config["MIGRATION_DATABASE_URL"]).username != role
        db.session.rollback()
        for statement in ("ALTER TABLE partner NO FORCE ROW LEVEL SECURITY",
                          "DROP POLICY council_isolation ON partner",
                          "TRUNCATE partner", "SET row_security = off; SELECT * FROM partner",
                          "UPDATE alembic_version SET version_num = 'x'"):
            with pytest.raises(ProgrammingError):
                db.session.execute(text(statement))
            db.session.rollback()
    assert (superuser, bypass, owned) == (False, False, 0)
    assert make_url(owner_database_url).username != role


def _apply(email: str):
    from council import dates
    from council.eligibility import Applicant, College
    from council.membership.services.applications import submit

    fields = {"college": College.RESIDENT, "first_name": "Camille", "last_name": "Durand",
              "birth_date": date(1990, 5, 17), "email": email, "phone": None, "gender": None,
              "home_neighbourhood": "centre", "address": "5 place du Marché", "actor_category": None,
              "structure_name": None, "activity_neighbourhood": None, "motivation": None}
    applicant = Applicant(fields["birth_date"], College.RESIDENT, "centre", None, None)
    return submit(fields, applicant, dates.today())


def test_a_reference_another_council_holds_is_drawn_again(app, make_application, monkeypatch):
    """References are unique across the install, yet another council's applications are invisible
    (row-level security on PostgreSQL): the unique index refuses the draw, and a new one is made."""
    from council.councils.services import create_council
    from council.membership.models import Application
    from council.membership.services import applications
    from council.reference.models import Neighbourhood

    with app.app_context():
        taken = db.session.get(Application, make_application()).reference
        flers = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"]).id
        db.session.commit()
    draws = iter([taken, taken, "C-FLERS2"])
    monkeypatch.setattr(applications, "draw_reference", lambda: next(draws))
    with app.app_context():
        use_council(flers)
        db.session.add(Neighbourhood(slug="centre", name="Centre-ville"))
        submission = _apply("flers@example.org")
        db.session.commit()
        assert submission.application is not None, submission
        assert submission.application.reference == "C-FLERS2"
        assert submission.application.council_id == flers


def test_link_rows_are_seen_and_written_through_their_parents_only(app, make_member, make_meeting):
    """A meeting's delegates (a link table without a council column) are invisible from another
    council, and a link to the other council's rows cannot be written, even in raw SQL."""
    from council.councils.services import create_council, ensure_council
    from council.meetings.models import MeetingKind

    member = make_member()
    # the link, of the first council (delegates sit on the contrat de ville's committees)
    make_meeting(kind=MeetingKind.STEERING_COMMITTEE, delegate_ids=(member,))
    other_meeting = make_meeting()
    with app.app_context():
        first = ensure_council().id
        flers = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"]).id
        db.session.commit()
    if not is_postgresql(app):
        return  # SQLite: no policies
    link = {"meeting": other_meeting, "member": member}  # both of the first council
    insert = text("INSERT INTO meeting_delegate (meeting_id, member_id) VALUES (:meeting, :member)")
    with app.app_context():
        seen = {}
        for council in (first, flers):
            with db.engine.connect() as connection:
                connection.execute(text(RLS), {"id": str(council)})
                seen[council] = connection.scalar(text("SELECT COUNT(*) FROM meeting_delegate"))
                deleted = connection.execute(text("DELETE FROM meeting_delegate")).rowcount
                connection.rollback()
        with pytest.raises(ProgrammingError, match="row-level security"), db.engine.begin() as connection:
            connection.execute(text(RLS), {"id": str(flers)})
            connection.execute(insert, link)
    assert seen == {first: 1, flers: 0} and deleted == 0


def test_the_readme_grants_what_the_tests_grant(project_root):
    """Production gives its app role the very privileges the PostgreSQL suite runs with."""
    from council.database import app_role_grants

    readme = (project_root / "README.md").read_text()
    assert [line for line in app_role_grants("council_app") if f"{line};" not in readme] == []


def test_production_refuses_a_role_that_bypasses_row_level_security(app, owner_database_url,
                                                                    database_url, monkeypatch,
                                                                    tmp_path, caplog):
    """The policies hold only for a role that is no superuser, has no BYPASSRLS and owns no
    table: in production the app refuses to start as such a role once it serves several
    councils, and says so in the log while it serves one (an install from before issue 15)."""
    from council import create_app
    from council.config import ConfigurationError
    from council.councils.services import create_council
    from tests.conftest import PROCESSORS

    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    settings = {"PRODUCTION": True, "SECRET_KEY": "x" * 64, **PROCESSORS,
                "RATELIMIT_ALLOW_MEMORY": True}

    def start(url):
        started = create_app({**settings, "SQLALCHEMY_DATABASE_URI": url})
        with started.app_context():
            db.engine.dispose()

    start(owner_database_url)  # one council
    assert ("Row-level security is not enforced" in caplog.text) is is_postgresql(app)
    with app.app_context():
        create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"],
                       "conseil@flers.example.org")
        db.session.commit()
    if is_postgresql(app):
        with pytest.raises(ConfigurationError, match="2 councils: the database role is a superuser"):
            start(owner_database_url)
    caplog.clear()
    start(database_url)  # the app's own role (SQLite: the one database): it starts, nothing said
    assert "Row-level security is not enforced" not in caplog.text
