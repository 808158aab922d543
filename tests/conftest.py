"""Fixtures: a fresh database per test (SQLite file, or PostgreSQL with COUNCIL_TEST_DATABASE_URL),
the app, a test client and a CLI runner. The factories of domain objects (``make_user``,
``login_as``, ``make_member``, ``make_meeting``…) live in ``tests/fixtures/``, one module per
object, loaded below for every test."""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from council import create_app
from council.extensions import db

pytest_plugins = [
    "tests.fixtures.accounts",
    "tests.fixtures.reference",
    "tests.fixtures.applications",
    "tests.fixtures.members",
    "tests.fixtures.meetings",
    "tests.fixtures.observations",
    "tests.fixtures.opinions",
    "tests.fixtures.council",
    "tests.fixtures.redis_server",
    "tests.fixtures.mail",
]

# CI replays the same examples every run (a failure there is reproducible); locally they vary.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

POSTGRES_URL = os.environ.get("COUNCIL_TEST_DATABASE_URL")
# One template per pytest-xdist worker ("gw0", "gw1"…), so workers never share a database.
TEMPLATE_DB = f"council_test_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
PASSWORD = "correct horse battery staple"  # every test account's, unless given
# Production refuses to start without its processors named (the personal-data page lists them),
# and with rate limits counted per process unless told one process serves (a test app is one).
PROCESSORS = {"HOSTING_PROVIDER": "Hébergeur Test, Lille (France)",
              "MAIL_PROVIDER": "Courrier Test, Paris (France)", "RATELIMIT_ALLOW_MEMORY": True}
_counter = itertools.count()


# On PostgreSQL the app connects as this role, which owns no table and has no BYPASSRLS: row-level
# security applies to every test, as in production. Migrations run as the URL's user (the owner).
APP_ROLE = "council_app"
APP_ROLE_PASSWORD = "council-app-test"


def app_url(owner_url: str) -> str:
    """The same database as ``owner_url``, reached as the app's role."""
    return make_url(owner_url).set(username=APP_ROLE, password=APP_ROLE_PASSWORD) \
        .render_as_string(hide_password=False)


def _build_schema(app, owner_url: str | None = None) -> None:
    """Migrate to the latest revision (as the owner), let the app's role use the tables, and load
    the reference data (as the app), as a deployment does."""
    from council.database import app_role_grants
    from council.reference.services import load_reference_data

    with app.app_context():
        upgrade()
        if owner_url:
            owner = create_engine(owner_url, poolclass=NullPool)
            with owner.begin() as conn:
                for statement in app_role_grants(APP_ROLE):
                    conn.execute(text(statement))
            owner.dispose()
        load_reference_data(app.config["NEIGHBOURHOODS"])
        db.session.commit()
        db.session.remove()
        db.engine.dispose()  # closing the last connection folds SQLite's WAL into the file


def _admin_engine():
    return create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")


def _create_app_role(conn) -> None:
    """The app's role, once per cluster (pytest-xdist workers may race: the loser does nothing)."""
    conn.execute(text(
        f"DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
        f" PASSWORD '{APP_ROLE_PASSWORD}'; "
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"))


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """Build the migrated schema once per run; each test then gets a copy of it."""
    base = {"TESTING": True, "SECRET_KEY": "template"}
    if POSTGRES_URL:
        engine = _admin_engine()
        with engine.connect() as conn:
            _create_app_role(conn)
            conn.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {TEMPLATE_DB}"))
        owner = make_url(POSTGRES_URL).set(database=TEMPLATE_DB).render_as_string(False)
        _build_schema(create_app({**base, "SQLALCHEMY_DATABASE_URI": app_url(owner),
                                  "MIGRATION_DATABASE_URL": owner}), owner)
        yield TEMPLATE_DB
        with engine.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE_DB} WITH (FORCE)"))
        engine.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "council.sqlite"
        _build_schema(create_app({**base, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"}))
        yield path


@contextmanager
def _postgres_database(prefix: str, template: str | None = None):
    """Create a PostgreSQL database (a copy of ``template``, or empty), give its owner's URL, drop
    it afterwards."""
    name = f"council_{prefix}_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"
    engine = _admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else "")))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        engine.dispose()


@pytest.fixture
def owner_database_url(database_template, tmp_path):
    """A fresh database for one test, copied from the migrated template, reached as the tables'
    owner (PostgreSQL: for what the app may not do — roles, DDL, migrations)."""
    if POSTGRES_URL:
        with _postgres_database("test", template=database_template) as url:
            yield url
    else:
        path = tmp_path / "council.sqlite"
        shutil.copyfile(database_template, path)
        yield f"sqlite:///{path}"


@pytest.fixture
def database_url(owner_database_url):
    """The same database, as the app reaches it: on PostgreSQL as its role that owns nothing."""
    return app_url(owner_database_url) if POSTGRES_URL else owner_database_url


@pytest.fixture
def empty_database_url(tmp_path):
    """A database with no schema at all (for migration tests), reached as its owner."""
    if POSTGRES_URL:
        with _postgres_database("empty") as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"


@pytest.fixture
def app_config() -> dict:
    """Settings for this test's app; override the fixture (or update the dict) to change them."""
    return {}


@pytest.fixture
def app(database_url, owner_database_url, app_config, tmp_path, monkeypatch):
    """A fresh app on a fresh database, with the reference data loaded (on PostgreSQL connected
    as a role that owns no table; ``flask db …`` as the owner)."""
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path / "instance"))
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MIGRATION_DATABASE_URL": owner_database_url if POSTGRES_URL else "",
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "locmem",
        "SITE_HOST": "conseil.test",
        "PASSWORD_HASH_METHOD": "scrypt:4096:8:1",  # same algorithm, lower cost: fast tests
        **app_config,
    }
    app = create_app(config)
    app.extensions["mailman"].outbox = []  # the locmem outbox lives on a shared object: empty it
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent

