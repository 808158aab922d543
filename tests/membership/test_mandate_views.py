"""Expired mandates through the client and the services: flagged on the roster, the member page
and the composition panel; renewed or ended by a departure; counted as the setting says."""

from datetime import date, timedelta

import pytest

from council import dates
from council.auth.models import User
from council.extensions import db
from council.membership.models import Member
from council.membership.services import roster
from tests.fixtures.text import page_text


@pytest.fixture
def expired(make_member):
    """Three sitting members, one of them (Inès Roux) with a mandate ended last week."""
    today = dates.today()
    make_member(first_name="Aude", last_name="Aubert", mandate_ends_on=today + timedelta(days=300))
    make_member(first_name="Basile", last_name="Blanc", mandate_ends_on=None)
    return make_member(first_name="Inès", last_name="Roux", mandate_ends_on=today - timedelta(days=7))


def test_an_expired_mandate_is_flagged_on_the_roster_page_and_panel(client, login_as, expired):
    login_as("organiser")
    listing = page_text(client.get("/membres"))
    assert listing.count("mandat échu") == 1
    member_page = page_text(client.get(f"/membres/{expired}"))
    assert "mandat échu" in member_page and "Renouveler le mandat échu" in member_page
    assert "Enregistrer un départ" in member_page
    panel = page_text(client.get("/membres/composition"))
    assert "Mandats échus" in panel and "Inès Roux" in panel and "sont encore comptés" in panel


def test_a_renewal_sets_the_new_end_and_clears_the_flag(app, client, login_as, expired):
    login_as("organiser")
    new_end = dates.today() + timedelta(days=730)
    response = client.post(f"/membres/{expired}/renouvellement",
                           data={"mandate_ends_on": new_end.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Member, expired).mandate_ends_on == new_end
    assert "mandat échu" not in page_text(client.get("/membres"))
    assert "Mandats échus" not in page_text(client.get("/membres/composition"))


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Indiquez la nouvelle date de fin du mandat."),
    ("31/02/2027", None),  # the date field's own message
    ("01/06/2025", "La nouvelle fin du mandat doit être aujourd'hui ou plus tard."),
])
def test_a_wrong_renewal_date_is_named_beside_the_field(app, client, login_as, expired, typed, message):
    login_as("organiser")
    response = client.post(f"/membres/{expired}/renouvellement", data={"mandate_ends_on": typed})
    assert response.status_code == 200
    html = page_text(response)
    if message:
        assert message in html
    if typed:
        assert f'value="{typed}"' in html
    with app.app_context():
        assert db.session.get(Member, expired).mandate_ends_on < dates.today()


class TestExpiredNotCounted:
    @pytest.fixture
    def app_config(self):
        return {"EXPIRED_MANDATES_COUNT": False}

    def test_the_panel_leaves_them_out_when_the_setting_says_so(self, client, login_as, expired):
        login_as("organiser")
        panel = page_text(client.get("/membres/composition"))
        assert "ne sont plus comptés" in panel
        assert "Le conseil compte 2 membres actifs" in panel


def test_the_composition_counts_expired_mandates_as_asked(app, expired):
    with app.app_context():
        counted, left_out = roster.composition(count_expired=True), roster.composition(count_expired=False)
        assert (counted.total, counted.expired) == (3, 1)
        assert (left_out.total, left_out.expired) == (2, 1)
        # in 301 days Aude's mandate has ended too; Basile's has no end date
        later = roster.composition(today=dates.today() + timedelta(days=301), count_expired=False)
        assert (later.total, later.expired) == (1, 2)


def test_a_former_member_cannot_be_renewed(app, make_member, make_user):
    from council.auth.models import Role
    from council.membership.models import MemberStatus

    organiser = make_user(role=Role.ORGANISER)
    gone = make_member(status=MemberStatus.RESIGNED, status_changed_on=date(2026, 1, 5))
    with app.app_context(), pytest.raises(roster.RosterError, match="a quitté le conseil"):
        roster.renew_mandate(db.session.get(Member, gone), dates.today() + timedelta(days=30),
                             db.session.get(User, organiser.id))
