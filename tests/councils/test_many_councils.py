"""Many councils on one install: every council-owned table is scoped in one place, each council
is reached on its hosts, an unknown host finds nothing, and the CLI creates and lists councils."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select, update
from sqlalchemy.exc import StatementError

from council.councils.scope import CouncilOwned, NoCouncilChosen, use_council
from council.database import utcnow
from council.extensions import db

# Every table holding one council's rows. A new table must be added here or to SHARED: the test
# below fails until someone decided whether it belongs to a council.
OWNED = {"application", "refusal_count", "member", "meeting", "agenda_item", "attendance",
         "calendar_token", "observation", "observation_event", "opinion", "opinion_ballot",
         "partner", "neighbourhood", "audit_entry", "retention_run"}
# National reference, accounts, the councils themselves, and link tables reached only through
# their scoped parents.
SHARED = {"alembic_version", "council", "council_host", "user", "theme", "meeting_delegate",
          "observation_axis", "opinion_theme", "opinion_observation"}


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
                                 "--host", "alencon.test:8000"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["council", "create", "autre", "--name", "Autre", "--city", "Sées",
                                "--host", "perseigne.test"])
    assert again.exit_code != 0 and "already reaches council alencon" in again.output
    bad = runner.invoke(args=["council", "create", "Pas Bon", "--name", "x", "--city", "y",
                              "--host", "x.test"])
    assert bad.exit_code != 0 and "slug" in bad.output
    listed = runner.invoke(args=["council", "list"]).output
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
