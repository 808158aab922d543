"""PostgreSQL's row-level security, the backstop under the app's scoping: every table with a
council column has its policy, and a raw SQL query by a role that does not own the tables sees
only the council of its transaction. (SQLite has no such thing: the app's scoping is all.)"""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from council.extensions import db
from council.tenancy import use_council
from tests.concurrency import is_postgresql


def _tables_with_a_council_column(app) -> set[str]:
    with app.app_context():
        inspector = inspect(db.engine)
        return {name for name in inspector.get_table_names()
                if "council_id" in {c["name"] for c in inspector.get_columns(name)}} - {"council_host"}


def test_every_table_with_a_council_column_has_its_policy(app):
    tables = _tables_with_a_council_column(app)
    assert "member" in tables and "council_role" in tables
    if not is_postgresql(app):
        return  # SQLite: no policies (see the module's docstring)
    with app.app_context():
        forced = dict(db.session.execute(text(
            "SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class "
            "WHERE relname = ANY(:names)"), {"names": list(tables)}).all())
        policies = set(db.session.scalars(text(
            "SELECT tablename FROM pg_policies WHERE policyname = 'council_isolation'")))
    assert {name for name, on in forced.items() if on} == tables, "RLS not forced"
    assert tables - policies == set(), "tables with a council column but no policy"


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
    role = f"council_app_{uuid.uuid4().hex[:8]}"
    with app.app_context(), db.engine.begin() as owner:
        owner.execute(text(f"CREATE ROLE {role} LOGIN"))
        owner.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                           f"TO {role}"))
    app_engine = create_engine(make_url(database_url).set(username=role, password=None))
    try:
        with app_engine.begin() as connection:
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
    finally:
        app_engine.dispose()
        with app.app_context(), db.engine.begin() as owner:
            owner.execute(text(f"DROP OWNED BY {role}"))
            owner.execute(text(f"DROP ROLE {role}"))
