"""Many councils on one install: every council-owned table is scoped in one place, each council
is reached on its hosts, an unknown host finds nothing, and the CLI creates and lists councils."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select, update
from sqlalchemy.exc import StatementError

from council.database import utcnow
from council.extensions import db
from council.tenancy import CouncilOwned, NoCouncilChosen, use_council

# Every table holding one council's rows. A new table must be added here or to SHARED: the test
# below fails until someone decided whether it belongs to a council.
OWNED = {"application", "refusal_count", "member", "meeting", "agenda_item", "attendance", "council_role",
         "calendar_token", "observation", "observation_event", "opinion", "opinion_ballot",
         "partner", "neighbourhood", "audit_entry", "retention_run", "meeting_answer",
         "reminder_sent"}
# National reference, accounts, the councils themselves, and link tables reached only through
# their scoped parents.
SHARED = {"alembic_version", "council", "council_host", "user", "theme", "meeting_delegate",
          "observation_axis", "opinion_theme", "opinion_observation",
          # SQLite's full-text index of observations: only ever joined to ``observation``, whose
          # rows are scoped (the search returns ids the outer, scoped query filters)
          "observation_fts", "observation_fts_data", "observation_fts_idx",
          "observation_fts_config", "observation_fts_docsize"}


def test_every_table_is_owned_by_a_council_or_declared_shared(app):
    with app.app_context():
        inspector = inspect(db.engine)
        tables = set(inspector.get_table_names())
        with_column = {t for t in tables
                       if "council_id" in {c["name"] for c in inspector.get_columns(t)}} - {"council_host"}
    models = {mapper.local_table.name for mapper in db.Model.registry.mappers
              if issubclass(mapper.class_, CouncilOwned)}
    assert tables - OWNED - SHARED == set(), "decide: owned by a council, or shared?"
    assert with_column == OWNED == models


@pytest.fixture
def two_councils(app):
    """The first council (migrated, answering on SITE_HOST ``conseil.test``) and Flers on
    ``flers.test``; → their ids."""
    from council.councils.services import create_council, ensure_council

    with app.app_context():
        first = ensure_council().id
        flers = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"]).id
        db.session.commit()
    return {"first": first, "flers": flers}


def _partner(name):
    from council.reference.models import Partner

    partner = Partner(slug="commun", name=name)
    db.session.add(partner)
    db.session.flush()
    return partner.id


def test_rows_are_written_and_read_in_their_council_only(app, two_councils):
    from council.reference.models import Partner

    with app.app_context():
        use_council(two_councils["flers"])
        flers_partner = _partner("Partenaire de Flers")  # the same slug as the other's: per council
        use_council(two_councils["first"])
        first_partner = _partner("Partenaire d'Argentan")
        db.session.commit()
        db.session.expunge_all()

        assert db.session.get(Partner, flers_partner) is None
        names = db.session.scalars(select(Partner.name).where(Partner.slug == "commun")).all()
        assert names == ["Partenaire d'Argentan"]
        assert db.session.scalar(select(func.count()).select_from(Partner)
                                 .where(Partner.id == flers_partner)) == 0
        # Bulk writes are scoped too: retiring "every" partner touches this council's only
        db.session.execute(update(Partner).values(retired_at=utcnow()))
        db.session.commit()

        use_council(two_councils["flers"])
        db.session.expunge_all()
        flers_row = db.session.get(Partner, flers_partner)
        assert flers_row.name == "Partenaire de Flers" and flers_row.retired_at is None
        assert db.session.get(Partner, first_partner) is None


def test_several_councils_and_none_chosen_fails_closed(app, two_councils):
    from council.reference.models import Partner

    with app.app_context(), pytest.raises(NoCouncilChosen):
        db.session.scalars(select(Partner)).all()
    with app.app_context(), pytest.raises(StatementError, match="several councils"):
        _partner("Sans conseil")  # the column default raises; SQLAlchemy wraps it


def test_each_host_reaches_its_council_and_an_unknown_host_none(app, two_councils):
    from council.councils.services import update_profile

    first = app.test_client()
    flers = app.test_client()
    assert "Flers" in flers.get("/", base_url="http://flers.test").get_data(as_text=True)
    first_home = first.get("/", base_url="http://conseil.test").get_data(as_text=True)
    assert "Conseil citoyen de Flers" not in first_home
    assert app.test_client().get("/", base_url="http://ailleurs.test").status_code == 404
    assert app.test_client().get("/reunions", base_url="http://ailleurs.test").status_code == 404
    assert update_profile  # the stored profile of each stays its own (tests/councils/test_views)


def test_a_single_council_answers_on_any_host(client):
    assert client.get("/", base_url="http://n-importe-quoi.test").status_code == 200


def test_links_use_the_councils_primary_host(app, two_councils):
    from council.links import absolute_url

    with app.app_context():
        use_council(two_councils["flers"])
        assert absolute_url("public.home").startswith("http://flers.test/")
        use_council(two_councils["first"])
        assert absolute_url("public.home").startswith("http://conseil.test/")


def test_a_meeting_of_another_council_is_not_found_on_this_host(app, two_councils):
    from council.meetings.models import Meeting, MeetingKind

    with app.app_context():
        use_council(two_councils["flers"])
        start = utcnow() + timedelta(days=3)
        meeting = Meeting(title="Plénière de Flers", kind=MeetingKind.PLENARY, starts_at=start,
                          ends_at=start + timedelta(hours=2), place_name="Salle")
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    client = app.test_client()
    assert client.get(f"/reunions/{meeting_id}", base_url="http://flers.test").status_code == 200
    assert client.get(f"/reunions/{meeting_id}", base_url="http://conseil.test").status_code == 404
    assert client.get(f"/reunions/{meeting_id}.ics", base_url="http://conseil.test").status_code == 404
    listing = client.get("/reunions", base_url="http://conseil.test").get_data(as_text=True)
    assert "Plénière de Flers" not in listing


def test_cli_creates_lists_and_rehosts_councils(app, runner):
    result = runner.invoke(args=["council", "create", "alencon", "--name", "Conseil citoyen "
                                 "de Perseigne", "--city", "Alençon", "--host", "Perseigne.Test",
                                 "--host", "alencon.test:8000", "--contact-email",
                                 "perseigne@example.org"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["council", "create", "autre", "--name", "Autre", "--city", "Sées",
                                "--host", "perseigne.test", "--contact-email", "sees@example.org"])
    assert again.exit_code != 0 and "already reaches council alencon" in again.output
    bad = runner.invoke(args=["council", "create", "Pas Bon", "--name", "x", "--city", "y",
                              "--host", "x.test", "--contact-email", "x@example.org"])
    assert bad.exit_code != 0 and "slug" in bad.output
    for contact in ([], ["--contact-email", "pas-une-adresse"]):  # never the settings' by default
        refused = runner.invoke(args=["council", "create", "flers", "--name", "Flers", "--city",
                                      "Flers", "--host", "flers.test", *contact])
        assert refused.exit_code != 0 and "contact-email" in refused.output, refused.output
    listed = runner.invoke(args=["council", "list"]).output
    assert "flers" not in listed
    assert "alencon" in listed and "perseigne.test, alencon.test:8000" in listed
    assert "conseil" in listed and "(SITE_HOST)" in listed
    moved = runner.invoke(args=["council", "set-host", "alencon", "perseigne.test",
                                "alencon.example.org", "--primary", "alencon.example.org"])
    assert moved.exit_code == 0, moved.output
    assert "alencon.example.org, perseigne.test" in runner.invoke(args=["council", "list"]).output


def test_commands_take_the_council_and_refuse_to_guess(app, runner, two_councils):
    from council.membership.models import Member

    password = "Vive le bocage normand 61"
    refused = runner.invoke(args=["demo-data", "--password", password])
    assert refused.exit_code != 0 and "--council" in refused.output
    unknown = runner.invoke(args=["demo-data", "--password", password, "--council", "sees"])
    assert unknown.exit_code != 0 and "No council named sees" in unknown.output
    loaded = runner.invoke(args=["demo-data", "--password", password, "--council", "flers"])
    assert loaded.exit_code == 0, loaded.output
    assert "http://flers.test/" in loaded.output
    with app.app_context():
        use_council(two_councils["flers"])
        assert db.session.scalar(select(func.count(Member.id))) > 0
        use_council(two_councils["first"])
        assert db.session.scalar(select(func.count(Member.id))) == 0


# Accounts and roles: an account has a role per council; elsewhere it is nobody ---------------

def _sign_in(client, host, email, password=None):
    from tests.conftest import PASSWORD

    return client.post("/connexion", base_url=f"http://{host}",
                       data={"email": email, "password": password or PASSWORD})


def test_a_session_of_one_council_opens_nothing_on_another(app, two_councils):
    from council.auth.models import Role

    admin = _make_user_in(app, two_councils["first"], Role.ADMIN, "admin.argentan@example.org")
    client = app.test_client()
    assert _sign_in(client, "conseil.test", admin).status_code == 302
    assert client.get("/admin/comptes", base_url="http://conseil.test").status_code == 200
    # The very cookie, replayed on the other council's host
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name, domain="conseil.test")
    client.set_cookie(name, cookie.value, domain="flers.test")
    response = client.get("/admin/comptes", base_url="http://flers.test")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    # And its password does not open the other council either (the same answer as a wrong one)
    refused = _sign_in(app.test_client(), "flers.test", admin)
    assert refused.status_code == 200 and "incorrect" in refused.get_data(as_text=True).lower()


def _make_user_in(app, council_id, role, email):
    from council.auth.services.accounts import create_user
    from tests.conftest import PASSWORD

    with app.app_context():
        use_council(council_id)
        create_user(email, role, PASSWORD)
        db.session.commit()
    return email


def test_one_account_two_councils_two_roles(app, runner, two_councils):
    from council.auth.models import Role

    email = _make_user_in(app, two_councils["first"], Role.MEMBER, "acteur@example.org")
    result = runner.invoke(args=["create-admin", email, "--council", "flers"])
    assert result.exit_code == 0 and "now an admin of this council too" in result.output
    flers = app.test_client()
    assert _sign_in(flers, "flers.test", email).status_code == 302
    assert flers.get("/admin/comptes", base_url="http://flers.test").status_code == 200
    first = app.test_client()
    assert _sign_in(first, "conseil.test", email).status_code == 302
    assert first.get("/admin/comptes", base_url="http://conseil.test").status_code == 403


def test_admins_see_and_reach_only_their_councils_accounts(app, two_councils):
    from council.auth.models import Role, User

    _make_user_in(app, two_councils["first"], Role.ORGANISER, "orga.argentan@example.org")
    admin = _make_user_in(app, two_councils["flers"], Role.ADMIN, "admin.flers@example.org")
    with app.app_context():
        other_id = db.session.scalar(select(User.id).where(User.email == "orga.argentan@example.org"))
    client = app.test_client()
    _sign_in(client, "flers.test", admin)
    listing = client.get("/admin/comptes", base_url="http://flers.test").get_data(as_text=True)
    assert "admin.flers@example.org" in listing and "orga.argentan@example.org" not in listing
    assert client.get(f"/admin/comptes/{other_id}", base_url="http://flers.test").status_code == 404


def test_production_trusts_every_councils_hosts_and_nothing_else(app, two_councils):
    from council import create_app
    from tests.conftest import PROCESSORS

    production = create_app({**app.config, "PRODUCTION": True, **PROCESSORS, "TRUSTED_HOSTS": None})
    client = production.test_client()
    assert client.get("/", base_url="https://flers.test").status_code == 200
    assert client.get("/", base_url="https://conseil.test").status_code == 200
    assert client.get("/", base_url="https://ailleurs.test").status_code == 400


def test_a_calendar_token_of_one_council_opens_no_feed_on_another(app, two_councils):
    from council.auth.models import Role
    from council.auth.services.accounts import create_user
    from council.meetings.services.calendars import regenerate_token

    with app.app_context():
        use_council(two_councils["first"])
        secret = regenerate_token(create_user("cal@example.org", Role.MEMBER)).token
        db.session.commit()
    client = app.test_client()
    assert client.get(f"/calendrier/{secret}.ics", base_url="http://conseil.test").status_code == 200
    assert client.get(f"/calendrier/{secret}.ics", base_url="http://flers.test").status_code == 404
