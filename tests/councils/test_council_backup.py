"""`backup FILE --council SLUG` and `restore FILE`: one council's rows out and back in, on the run's
engine (SQLite, or PostgreSQL with COUNCIL_TEST_DATABASE_URL), the other council untouched."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from sqlalchemy import text

from council import create_app
from council.extensions import db
from council.tenancy import RLS_SETTING, use_council
from tests.conftest import POSTGRES_URL

A_MARKS = ("Zéphyr-Argentan", "zephyr.test", "zephyrine.marquisat@example.org", "Marquisat")
B_MARK = "flers-seulement@example.org"
PASSWORD = "twelve characters"


def _fill(app) -> dict[str, int]:
    """The first council (A) and « flers » (B), both with the demo data; the demo accounts have a
    role in both; each council has an account of its own and A has names B never has."""
    from council.auth.models import Role
    from council.auth.services.accounts import create_user, find_user
    from council.councils.models import CouncilHost
    from council.councils.services import create_council, ensure_council
    from council.demo import load_demo_data
    from council.meetings.demo import seed_meetings
    from council.membership.demo import load_membership_demo
    from council.opinions.demo import load_demo as load_participation_demo
    from council.reference.services import load_reference_data
    from council.tenancy import use_council

    with app.app_context():
        first = ensure_council()
        use_council(first.id)
        first.name = "Conseil citoyen Zéphyr-Argentan"
        db.session.add(CouncilHost(council_id=first.id, host="zephyr.test", is_primary=False))
        load_demo_data(app.config, PASSWORD)
        create_user("zephyrine.marquisat@example.org", Role.MEMBER, PASSWORD)
        db.session.execute(text("UPDATE meeting SET title = 'Chez Zéphyrine Marquisat' "
                                "WHERE id = (SELECT MIN(id) FROM meeting)"))
        # the demo's application references are fixed: A's are renamed so that B may load them too
        db.session.execute(text("UPDATE application SET reference = 'A' || reference"))
        db.session.commit()
        flers = create_council("flers", "Conseil citoyen de Saint-Michel", "Argentan", ["flers.test"])
        use_council(flers.id)
        for email, role in (("admin@example.org", Role.ADMIN), ("membre@example.org", Role.MEMBER),
                            ("organisateur@example.org", Role.ORGANISER)):
            find_user(email).role = role
        create_user(B_MARK, Role.MEMBER, PASSWORD)
        load_reference_data(app.config["NEIGHBOURHOODS"])
        load_membership_demo(app.config)
        seed_meetings()
        load_participation_demo(app.config)
        db.session.commit()
        ids = {"a": first.id, "b": flers.id}
        db.session.remove()
    return ids


def _owned_tables():
    from council.councils.backup import layout

    parts = layout()
    return parts.owned, parts.links


def as_council(connection, council_id: int) -> None:
    """Plain SQL sees one council's rows the way the app's role does under PostgreSQL's row-level
    security: with ``app.council_id`` set for the transaction (SQLite: nothing to do)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(RLS_SETTING), {"council_id": str(council_id)})


def snapshot(app, council_id: int) -> dict[str, list[tuple]]:
    """Every row of one council, read with plain SQL (not the code under test), in id order."""
    owned, links = _owned_tables()
    found = {}
    with app.app_context(), db.engine.connect() as connection:
        as_council(connection, council_id)

        def rows(sql):
            return [tuple(row) for row in connection.execute(text(sql), {"c": council_id})]
        found["council"] = rows("SELECT * FROM council WHERE id = :c")
        found["council_host"] = rows("SELECT host, is_primary FROM council_host WHERE council_id = :c "
                                     "ORDER BY host")
        for table in owned:
            found[table.name] = rows(f'SELECT * FROM "{table.name}" WHERE council_id = :c '  # noqa: S608
                                     "ORDER BY id")
        for table in links:
            fk = next(fk for fk in table.foreign_keys if fk.column.table in owned)
            parent = fk.column.table.name
            columns = ", ".join(c.name for c in table.primary_key.columns)
            found[table.name] = rows(f'SELECT * FROM "{table.name}" WHERE {fk.parent.name} IN '  # noqa: S608
                                     f'(SELECT id FROM "{parent}" WHERE council_id = :c) '
                                     f"ORDER BY {columns}")
        found["user"] = rows('SELECT id, email, password_hash, active FROM "user" WHERE id IN '
                             '(SELECT user_id FROM council_role WHERE council_id = :c) ORDER BY id')
    return found


def _wipe(app, council_id: int, *, council_row: bool) -> None:
    """Lose a council's rows (a mistake, a disk): plain SQL."""
    owned, links = _owned_tables()
    with app.app_context(), db.engine.begin() as connection:
        as_council(connection, council_id)
        for table in links:
            fk = next(fk for fk in table.foreign_keys if fk.column.table in owned)
            parent = fk.column.table.name
            connection.execute(text(f'DELETE FROM "{table.name}" WHERE {fk.parent.name} IN '  # noqa: S608
                                    f'(SELECT id FROM "{parent}" WHERE council_id = :c)'), {"c": council_id})
        for table in reversed(owned):
            connection.execute(text(f'DELETE FROM "{table.name}" WHERE council_id = :c'),  # noqa: S608
                               {"c": council_id})
        if council_row:
            connection.execute(text("DELETE FROM council_host WHERE council_id = :c"), {"c": council_id})
            connection.execute(text("DELETE FROM council WHERE id = :c"), {"c": council_id})


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=[str(arg) for arg in args])


@pytest.fixture
def filled(app):
    return _fill(app)


@pytest.fixture
def saved(app, filled, tmp_path):
    """B backed up; → (file, snapshot of A, snapshot of B at backup time)."""
    target = tmp_path / "sauvegardes" / "flers.sqlite"
    before_a, before_b = snapshot(app, filled["a"]), snapshot(app, filled["b"])
    result = _cli(app, "backup", target, "--council", "flers")
    assert result.exit_code == 0, result.output
    assert "Council flers written" in result.output
    return target, before_a, before_b


def test_the_file_holds_one_council_and_its_schema_revision(app, saved):
    target, _, before_b = saved
    assert target.stat().st_mode & 0o777 == 0o600  # personal data: its owner only
    content = target.read_bytes()
    for mark in A_MARKS:
        assert mark.encode() not in content, mark
    assert B_MARK.encode() in content
    file = sqlite3.connect(target)
    info = dict(file.execute("SELECT key, value FROM backup_info"))
    with app.app_context():
        revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert info["council_slug"] == "flers" and info["schema_revision"] == revision
    assert file.execute("SELECT count(*) FROM member").fetchone()[0] == len(before_b["member"]) > 10
    councils = {row[0] for row in file.execute("SELECT DISTINCT council_id FROM meeting")}
    assert councils == {before_b["council"][0][0]}
    columns = [row[1] for row in file.execute('PRAGMA table_info("user")')]
    assert columns == ["id", "email", "password_hash", "active", "created_at"]  # no session token


def test_restore_replaces_a_council_changed_since_its_backup(app, filled, saved):
    target, before_a, before_b = saved
    with app.app_context(), db.engine.begin() as connection:  # after the backup: changes, losses
        as_council(connection, filled["b"])
        connection.execute(text("UPDATE meeting SET title = 'Changée' WHERE council_id = :c"),
                           {"c": filled["b"]})
        connection.execute(text("DELETE FROM opinion_ballot WHERE council_id = :c"), {"c": filled["b"]})
    result = _cli(app, "restore", target, "--council", "flers")
    assert result.exit_code == 0, result.output
    assert "Conseil « flers » : remplacé" in result.output
    assert "renumérotés" not in result.output  # its own ids were free again
    assert snapshot(app, filled["b"]) == before_b
    assert snapshot(app, filled["a"]) == before_a


def test_restore_brings_back_a_council_that_is_gone(app, filled, saved):
    target, before_a, before_b = saved
    _wipe(app, filled["b"], council_row=True)
    result = _cli(app, "restore", target)
    assert result.exit_code == 0, result.output
    assert "Conseil « flers » : créé" in result.output
    assert "déjà là (les mêmes), 0 créé" in result.output
    assert snapshot(app, filled["b"]) == before_b
    assert snapshot(app, filled["a"]) == before_a
    assert app.test_client().get("/", headers={"Host": "flers.test"}).status_code == 200
    # signing in works again, and a new meeting gets a new id (PostgreSQL: sequences moved on)
    with app.app_context():
        from council.meetings.models import Meeting
        from council.tenancy import use_council

        use_council(filled["b"])
        assert db.session.get(Meeting, before_b["meeting"][-1][0]) is not None
        from council.reference.models import Neighbourhood

        added = Neighbourhood(slug="nouveau", name="Nouveau quartier")
        db.session.add(added)
        db.session.commit()
        assert added.id > max(row[0] for row in before_b["neighbourhood"])


def test_a_dry_run_changes_nothing(app, filled, saved):
    target, before_a, before_b = saved
    _wipe(app, filled["b"], council_row=False)
    emptied = snapshot(app, filled["b"])
    result = _cli(app, "restore", target, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "essai : rien n’a été écrit" in result.output
    assert snapshot(app, filled["b"]) == emptied and snapshot(app, filled["a"]) == before_a


def test_refusals_change_nothing(app, filled, saved, tmp_path):
    target, before_a, before_b = saved
    assert "No council named nulle-part" in _cli(app, "backup", tmp_path / "x.sqlite",
                                                  "--council", "nulle-part").output
    assert not (tmp_path / "x.sqlite").exists()
    result = _cli(app, "restore", target, "--council", "argentan")
    assert result.exit_code != 0 and "sauvegarde du conseil « flers », pas de « argentan »" in result.output

    older = tmp_path / "older.sqlite"
    shutil.copyfile(target, older)
    with sqlite3.connect(older) as file:
        file.execute("UPDATE backup_info SET value = 'e4f5a6b7c8d9' WHERE key = 'schema_revision'")
    _wipe(app, filled["b"], council_row=False)
    emptied = snapshot(app, filled["b"])
    result = _cli(app, "restore", older)
    assert result.exit_code != 0
    assert "pris à la révision de schéma e4f5a6b7c8d9" in result.output
    assert "rien n'a été restauré" in result.output

    whole = tmp_path / "whole.sqlite"
    whole.write_bytes(b"")
    assert "n'est pas la sauvegarde d'un conseil" in _cli(app, "restore", whole).output
    assert snapshot(app, filled["b"]) == emptied and snapshot(app, filled["a"]) == before_a


@pytest.fixture
def other_install(database_template, tmp_path, monkeypatch):
    """A second install (another database, its own first council), on the run's engine."""
    from contextlib import ExitStack

    from tests.conftest import _postgres_database, app_url

    databases = ExitStack()
    if POSTGRES_URL:  # reached as the app's role, like the first install
        url = app_url(databases.enter_context(_postgres_database("other", template=database_template)))
    else:
        path = tmp_path / "other.sqlite"
        shutil.copyfile(database_template, path)
        url = f"sqlite:///{path}"
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SITE_HOST": "ailleurs.test",
                        "PASSWORD_HASH_METHOD": "scrypt:4096:8:1", "MAIL_BACKEND": "locmem",
                        "SECRET_KEY": "other-secret", "WTF_CSRF_ENABLED": False})
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.close()


def _other_council(other, slug="conseil", emails=("organisateur@example.org", "autre@example.org")):
    """Rows of the other install's own council, whose ids collide with the backup's; one of its
    accounts has the e-mail of one of the backup's accounts."""
    from council.auth.models import Role
    from council.auth.services.accounts import create_user
    from council.councils.services import ensure_council
    from council.meetings.demo import seed_meetings
    from council.membership.demo import load_membership_demo
    from council.reference.services import load_reference_data

    with other.app_context():
        council = ensure_council()
        council.slug = slug
        for email in emails:
            create_user(email, Role.ORGANISER, "fjord quintette vingt-sept")
        load_reference_data(other.config["NEIGHBOURHOODS"])
        load_membership_demo(other.config)
        seed_meetings()
        db.session.execute(text("UPDATE application SET reference = 'X' || reference"))
        db.session.commit()
        return council.id


def test_restore_into_another_install_renumbers_and_merges_no_account(app, filled, saved, other_install):
    target, _, before_b = saved
    own = _other_council(other_install)
    own_before = snapshot(other_install, own)
    result = _cli(other_install, "restore", target)
    assert result.exit_code == 0, result.output
    assert "Conseil « flers » : créé" in result.output and "renumérotés" in result.output
    assert "organisateur@example.org : adresse d'un autre compte ici (compte n° " in result.output
    assert snapshot(other_install, own) == own_before
    with other_install.app_context():
        flers = db.session.execute(text("SELECT id FROM council WHERE slug = 'flers'")).scalar()
        organiser = db.session.execute(text(
            "SELECT id, password_hash FROM \"user\" WHERE email = 'organisateur@example.org'")).one()
        db.session.remove()
    restored = snapshot(other_install, flers)
    assert len(restored["member"]) == len(before_b["member"])
    assert len(restored["attendance"]) == len(before_b["attendance"])
    assert len(restored["opinion_ballot"]) == len(before_b["opinion_ballot"])
    # the existing account: unchanged, no role in flers, no member record of flers linked to it
    assert organiser.id not in {row[0] for row in restored["user"]}
    assert {row[1] for row in restored["user"]} == {"admin@example.org", "membre@example.org", B_MARK}
    with other_install.app_context():
        linked = db.session.execute(text("SELECT count(*) FROM member WHERE council_id = :c AND "
                                         "user_id = :u"), {"c": flers, "u": organiser.id}).scalar()
        assert linked == 0
    answer = other_install.test_client().post(
        "/connexion", headers={"Host": "flers.test"},
        data={"email": "membre@example.org", "password": PASSWORD})
    assert answer.status_code == 302  # a created account signs in with its own password


def test_a_namesake_of_another_install_is_refused(saved, other_install):
    target, _, _ = saved
    own = _other_council(other_install, slug="flers", emails=("autre@example.org",))
    before = snapshot(other_install, own)
    result = _cli(other_install, "restore", target)
    assert result.exit_code != 0
    assert "n'est pas celui de la sauvegarde" in result.output
    assert snapshot(other_install, own) == before


def test_a_failure_half_way_leaves_nothing(saved, other_install):
    """All or nothing: an application reference already used on the other install stops the
    restore after the council, accounts and many rows were written: none stays."""
    target, _, _ = saved
    own = _other_council(other_install, emails=("autre@example.org",))
    reference = sqlite3.connect(target).execute("SELECT reference FROM application LIMIT 1").fetchone()[0]
    with other_install.app_context():
        use_council(own)  # under PostgreSQL's row-level security, plain SQL sees one council too
        db.session.execute(text("UPDATE application SET reference = :r WHERE id = "
                                "(SELECT MIN(id) FROM application)"), {"r": reference})
        db.session.commit()
        users = db.session.execute(text('SELECT count(*) FROM "user"')).scalar()
    before = snapshot(other_install, own)
    result = _cli(other_install, "restore", target)
    assert result.exit_code != 0 and "rien n'a changé" in result.output
    with other_install.app_context():
        assert db.session.execute(text("SELECT count(*) FROM council WHERE slug = 'flers'")).scalar() == 0
        assert db.session.execute(text('SELECT count(*) FROM "user"')).scalar() == users
    assert snapshot(other_install, own) == before
