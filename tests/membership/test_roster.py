"""The roster through the test client: who sees what, filters, departures and substitutes,
composition, export, the printable list, corrections."""

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import event, select

from council.eligibility import ActorCategory, College
from council.extensions import db
from council.membership.models import Application, ApplicationStatus, Gender, Member, MemberStatus
from tests.fixtures.search import list_page
from tests.fixtures.text import page_text


@pytest.fixture
def council(make_member):
    """A small council: four residents, two local actors, one former member."""
    ids = {
        "zoe": make_member(first_name="Zoé", last_name="Lefèvre", email="zoe@example.org",
                           phone="06 11 22 33 44"),
        "hugo": make_member(first_name="Hugo", last_name="Bernard", gender=Gender.MALE),
        "lina": make_member(first_name="Lina", last_name="Haddad",
                            neighbourhood="saint-michel-vallee-d-auge"),
        "paul": make_member(first_name="Paul", last_name="Moreau", gender=Gender.MALE),
        "karim": make_member(first_name="Karim", last_name="Benali", college=College.LOCAL_ACTOR,
                             gender=Gender.MALE, actor_category=ActorCategory.SHOPKEEPER,
                             structure_name="Boulangerie du Marché"),
        "anne": make_member(first_name="Anne", last_name="Petit", college=College.LOCAL_ACTOR,
                            actor_category=ActorCategory.ASSOCIATION_MEMBER,
                            structure_name="Les Jardins partagés"),
        "gone": make_member(first_name="Jules", last_name="Ancien", status=MemberStatus.MOVED_OUT,
                            status_changed_on=date(2026, 2, 1)),
    }
    return ids


@pytest.mark.parametrize("path", ["/membres/composition", "/membres/impression", "/membres/{m}",
                                  "/membres/{m}/modifier"])
def test_organiser_pages_are_closed_to_members_and_visitors(client, login_as, council, path):
    path = path.format(m=council["zoe"])
    assert client.get(path).headers["Location"].startswith("/connexion")
    login_as("member")
    assert client.get(path).status_code == 403
    client.post("/deconnexion")
    login_as("organiser")
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/membres/export.csv", "/membres/{m}/depart",
                                  "/membres/{m}/lien-activation"])
def test_organiser_actions_are_closed_to_members(app, client, login_as, council, path):
    login_as("member")
    assert client.post(path.format(m=council["zoe"]), data={"status": "removed"}).status_code == 403
    with app.app_context():
        assert db.session.get(Member, council["zoe"]).status is MemberStatus.ACTIVE


def test_visitors_are_sent_to_sign_in_for_the_roster(client):
    assert client.get("/membres").headers["Location"].startswith("/connexion")


def test_members_see_only_names_and_colleges_of_active_members(client, login_as, council):
    login_as("member")
    html = client.get("/membres").get_data(as_text=True)
    assert "Zoé" in html and "Lefèvre" in html and "acteurs locaux" in html
    for hidden in ("zoe@example.org", "06 11 22 33 44", "Boulangerie", "Ancien", "Les Provinces",
                   "/membres/" + str(council["zoe"])):
        assert hidden not in html, hidden
    assert "6 membres actifs" in html
    html = list_page(client, "/membres", "?q=lef&neighbourhood=les-provinces&status=all").get_data(
        as_text=True)
    assert "Lefèvre" in html and "Bernard" not in html and "Ancien" not in html


def test_organisers_filter_and_search(client, login_as, council):
    login_as("organiser")
    html = client.get("/membres").get_data(as_text=True)
    assert "zoe@example.org" in html and "Ancien" not in html and "6 membres trouvés" in html
    cases = {
        "?college=local_actor": ({"Benali", "Petit"}, {"Lefèvre"}),
        "?neighbourhood=saint-michel-vallee-d-auge": ({"Haddad"}, {"Lefèvre"}),
        "?status=left": ({"Ancien"}, {"Lefèvre"}),
        "?status=all&q=ANC": ({"Ancien"}, {"Lefèvre"}),
        "?q=boulangerie": ({"Benali"}, {"Petit"}),
        "?q=zoe@": ({"Lefèvre"}, {"Benali"}),
        "?q=%25": (set(), {"Lefèvre"}),  # a "%" is searched for, not a wildcard
    }
    for query, (shown, hidden) in cases.items():
        html = list_page(client, "/membres", query).get_data(as_text=True)
        assert all(name in html for name in shown), query
        assert not any(name in html for name in hidden), query


@pytest.mark.parametrize("query", ["?college=roi", "?status=%00", "?page=-3", "?page=abc",
                                   "?neighbourhood=" + "x" * 300, "?q=" + "a" * 500, "?q=a%00b",
                                   "?q=%00&college=roi", "?q=x&college=%0D", "?q=x&status=%20",
                                   "?college=%0D&neighbourhood=%09"])
def test_odd_filters_never_fail(client, login_as, council, query):
    login_as("organiser")
    assert client.get("/membres" + query).status_code == 200
    assert list_page(client, "/membres", query).status_code == 200


def test_the_search_is_never_read_from_the_address(client, login_as, council):
    """A name or an e-mail in an address lands in access logs: an old bookmark's ``q`` is
    ignored, and the page's search form POSTs it."""
    login_as("organiser")
    html = client.get("/membres?q=zoe@example.org").get_data(as_text=True)
    assert "6 membres trouvés" in html and 'value="zoe@example.org"' not in html
    assert re.search(r'<form method="post" action="/membres"[^>]*role="search"', html)
    assert "zoe" not in client.post("/membres", data={"q": "zoe@"}).request.url


def test_a_searched_roster_turns_its_pages_by_post(client, login_as, make_member):
    for n in range(30):
        make_member(last_name=f"Dupuis{n:02d}", email=f"dupuis{n:02d}@example.org")
    make_member(last_name="Autre")
    login_as("organiser")
    first = client.post("/membres", data={"q": "dupuis", "status": "all"}).get_data(as_text=True)
    assert "Page 1 sur 2" in first and "Autre" not in first
    assert "?q=" not in first and "dupuis" not in "".join(re.findall(r'(?:href|action)="([^"]*)"', first))
    assert '<input type="hidden" name="q" value="dupuis">' in first
    assert '<input type="hidden" name="page" value="2">' in first
    second = client.post("/membres", data={"q": "dupuis", "status": "all", "page": "2"}).get_data(
        as_text=True)
    assert "Page 2 sur 2" in second and "Dupuis29" in second and "Autre" not in second


def test_the_roster_is_paginated(client, login_as, make_member):
    for n in range(30):
        make_member(last_name=f"Nom{n:02d}")
    login_as("organiser")
    first = client.get("/membres").get_data(as_text=True)
    assert "Nom00" in first and "Nom25" not in first and "Page 1 sur 2" in first
    second = client.get("/membres?page=2").get_data(as_text=True)
    assert "Nom25" in second and "Nom00" not in second
    assert "Nom29" in client.get("/membres?page=99").get_data(as_text=True)  # the last page


def test_the_roster_needs_a_fixed_number_of_queries(app, client, login_as, make_member):
    """No query per row: 5 or 25 members cost the same statements."""
    login_as("organiser")

    def statements(path):
        seen = []
        with app.app_context():
            # PostgreSQL's council for row-level security: a transaction's prologue, like BEGIN
            listener = lambda *args: "app.council_id" in args[2] or seen.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert client.get(path).status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    for n in range(5):
        make_member(last_name=f"A{n}")
    few = statements("/membres"), statements("/membres/composition")
    for n in range(20):
        make_member(last_name=f"B{n}", neighbourhood="saint-michel-vallee-d-auge")
    assert (statements("/membres"), statements("/membres/composition")) == few
    assert few[0] <= 9  # …including the profile and the count of members to invite


def _csv_rows(response) -> list[dict]:
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # declared once
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_export_reads_back_in_a_french_spreadsheet(app, client, login_as, council):
    organiser = login_as("organiser")
    rows = _csv_rows(client.post("/membres/export.csv", data={"status": "active"}))
    assert [row["Nom"] for row in rows] == ["Benali", "Bernard", "Haddad", "Lefèvre", "Moreau", "Petit"]
    zoe = rows[3]
    assert zoe["Prénom"] == "Zoé" and zoe["Collège"] == "habitants"
    assert zoe["Quartier"] == "Les Provinces" and zoe["E-mail"] == "zoe@example.org"
    assert zoe["Date d'entrée"] == "15/01/2025" and zoe["Statut"] == "actif·ve"
    assert rows[0]["Structure"] == "Boulangerie du Marché" and rows[0]["Activité"] == "commerçant·e"
    left = _csv_rows(client.post("/membres/export.csv", data={"status": "left"}))
    assert [(r["Nom"], r["Statut"], r["Date du statut"]) for r in left] == [
        ("Ancien", "déménagement", "01/02/2026")]
    from council.audit.models import AuditEntry

    with app.app_context():
        exports = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "roster.export")).all()
        assert [(e.actor_id, e.note) for e in exports] == [(organiser.id, "6 lines"),
                                                           (organiser.id, "1 lines")]


def test_csv_export_needs_a_post(client, login_as):
    login_as("organiser")
    assert client.get("/membres/export.csv").status_code == 405


def test_the_printable_list_groups_active_members_by_college(client, login_as, council):
    login_as("organiser")
    html = client.get("/membres/impression").get_data(as_text=True)
    assert "Collège des habitants (4 membres)" in html and "Collège des acteurs locaux (2 membres)" in html
    assert "LEFÈVRE" in html and "ANCIEN" not in html and "zoe@example.org" not in html
    assert 'src="/static/js/print.js"' in html


def test_the_composition_panel_shows_counts_and_warnings(client, login_as, council, make_application):
    make_application()
    make_application(college=College.LOCAL_ACTOR)
    login_as("organiser")
    html = client.get("/membres/composition").get_data(as_text=True)
    assert "Le conseil compte 6 membres actifs : le cadre de référence en recommande au moins 15." in html
    assert "67 %" in html and "2 femmes, 2 hommes" in html
    assert 'data-code="too_small"' in html and 'data-code="parity"' not in html


class TestCompositionSettings:
    @pytest.fixture
    def app_config(self):
        return {"COMPOSITION_MIN_SIZE": 3, "COMPOSITION_PARITY_MAX_GAP": 0,
                "COMPOSITION_MIN_RESIDENT_SHARE": 80}

    def test_thresholds_come_from_the_settings(self, client, login_as, council, make_member):
        make_member(first_name="Léa", gender=Gender.FEMALE)
        login_as("organiser")
        html = client.get("/membres/composition").get_data(as_text=True)
        assert 'data-code="too_small"' not in html
        assert 'data-code="parity"' in html and 'data-code="resident_share"' in html
        assert "au moins 80 %" in html


def test_a_member_detail_shows_the_whole_record(client, login_as, council):
    login_as("organiser")
    html = client.get(f"/membres/{council['karim']}").get_data(as_text=True)
    for shown in ("Karim Benali", "Boulangerie du Marché", "commerçant·e", "mercredi 15 janvier 2025"):
        assert shown in html
    assert client.get("/membres/9999").status_code == 404


def test_a_departure_keeps_history_closes_the_account_and_offers_a_substitute(
        app, client, login_as, make_user, make_member, make_application, outbox):
    account = make_user(email="hugo@example.org")
    hugo = make_member(first_name="Hugo", last_name="Bernard", gender=Gender.MALE,
                       email="hugo@example.org", user_id=account.id)
    make_member(first_name="Zoé", gender=Gender.FEMALE)
    make_member(first_name="Léa", gender=Gender.FEMALE)
    make_member(first_name="Inès", gender=Gender.FEMALE)
    first_man = make_application(first_name="Marc", gender=Gender.MALE)
    first_woman = make_application(first_name="Sarah", gender=Gender.FEMALE)
    organiser = login_as("organiser")
    for application_id in (first_man, first_woman):
        client.post(f"/candidatures/{application_id}/suppleant")
    html = client.post(f"/membres/{hugo}/depart", data={"status": "", "left_on": "pas une date"}).get_data(
        as_text=True)
    assert "Choisissez le motif du départ." in html and "Date non valable" in html
    response = client.post(f"/membres/{hugo}/depart", data={
        "status": "moved_out", "left_on": "2026-10-31", "reason": "Parti à Caen"})
    assert response.headers["Location"] == f"/membres/{hugo}/remplacement"
    assert "Le départ d'Hugo Bernard est enregistré." in page_text(client.get(response.headers["Location"]))
    with app.app_context():
        member = db.session.get(Member, hugo)
        assert member.status is MemberStatus.MOVED_OUT and member.status_changed_on == date(2026, 10, 31)
        assert member.status_reason == "Parti à Caen" and member.user.active_here is False
    # after Hugo left: 3 women, 0 men; promoting Sarah (first woman, second in line) would make it
    # 4/0, so Marc, first in line and a man, is proposed.
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Suppléant·e proposé·e : Camille" not in html
    assert "Promouvoir Marc" in html and "La première personne de la liste" in html
    again = client.post(f"/membres/{hugo}/depart", data={"status": "removed", "left_on": "2026-11-01"},
                        follow_redirects=True).get_data(as_text=True)
    assert "Ce membre a déjà quitté le conseil" in again
    client.post(f"/candidatures/{first_man}/accepter")
    with app.app_context():
        marc = db.session.scalar(select(Member).where(Member.first_name == "Marc"))
        assert marc.is_active and marc.user.password_hash is None
        assert db.session.get(Application, first_man).status is ApplicationStatus.ACCEPTED
    assert "/compte/activation/" in outbox[-1].body
    from council.audit.services import entries_for

    with app.app_context():
        assert [(e.action, e.note, e.actor_id) for e in entries_for("member", hugo)] == [
            ("member.leave", "moved_out", organiser.id)]


def test_the_replacement_prefers_parity_when_the_gap_would_grow(client, login_as, make_member,
                                                                make_application):
    leaving = make_member(first_name="Nadia", gender=Gender.FEMALE)
    for name in ("Luc", "Éric", "Yann"):
        make_member(first_name=name, gender=Gender.MALE)
    make_member(first_name="Emma", gender=Gender.FEMALE)
    first_man = make_application(first_name="Marc", gender=Gender.MALE)
    woman = make_application(first_name="Sarah", gender=Gender.FEMALE)
    login_as("organiser")
    for application_id in (first_man, woman):
        client.post(f"/candidatures/{application_id}/suppleant")
    client.post(f"/membres/{leaving}/depart", data={"status": "resigned", "left_on": "2026-11-02"})
    html = client.get(f"/membres/{leaving}/remplacement").get_data(as_text=True)
    assert "Promouvoir Sarah" in html and "Choisi·e pour la parité" in html


def test_no_substitute_for_the_college_says_so(client, login_as, council):
    login_as("organiser")
    html = client.get(f"/membres/{council['gone']}/remplacement").get_data(as_text=True)
    assert "Personne n'est sur la liste" in page_text(html)
    response = client.get(f"/membres/{council['zoe']}/remplacement")
    assert response.headers["Location"] == f"/membres/{council['zoe']}"  # still active


def test_an_organiser_corrects_a_record(app, client, login_as, make_user, make_member):
    account = make_user(email="old@example.org")
    member_id = make_member(email="old@example.org", user_id=account.id)
    login_as("organiser")
    form = client.get(f"/membres/{member_id}/modifier").get_data(as_text=True)
    assert 'value="old@example.org"' in form
    assert re.search(r'<input checked id="neighbourhood-\d" name="neighbourhood" [^>]*'
                     r'value="les-provinces">', form)
    data = {"first_name": "Alexandra", "last_name": "Martin", "email": "x@example.org",
            "college": "local_actor", "neighbourhood": "saint-michel-vallee-d-auge",
            "actor_category": "artisan", "structure_name": "Atelier", "gender": "female",
            "joined_on": "15/01/2025", "mandate_ends_on": "2024-01-01"}
    html = client.post(f"/membres/{member_id}/modifier", data=data).get_data(as_text=True)
    assert "La fin du mandat ne peut pas précéder la date d'entrée." in page_text(html)
    assert 'value="Alexandra"' in html
    data.update(mandate_ends_on="2027-01-15")
    data.update(email="New@Example.org")
    assert client.post(f"/membres/{member_id}/modifier", data=data).status_code == 302
    with app.app_context():
        member = db.session.get(Member, member_id)
        assert member.first_name == "Alexandra" and member.college is College.LOCAL_ACTOR
        assert member.neighbourhood.slug == "saint-michel-vallee-d-auge"
        assert member.actor_category is ActorCategory.ARTISAN and member.structure_name == "Atelier"
        assert member.email == "new@example.org"  # the contact address only:
        assert member.user.email == "old@example.org"  # the login is its owner's to change
        assert member.mandate_ends_on == date(2027, 1, 15)


def test_a_new_activation_link_can_be_sent(app, client, login_as, make_application, outbox):
    application_id = make_application(email="oubli@example.org")
    login_as("organiser")
    client.post(f"/candidatures/{application_id}/accepter")
    with app.app_context():
        member_id = db.session.scalar(select(Member.id))
    html = client.get(f"/membres/{member_id}").get_data(as_text=True)
    assert "en attente d'activation" in page_text(html)
    html = client.post(f"/membres/{member_id}/lien-activation", follow_redirects=True).get_data(as_text=True)
    assert "Un nouveau lien d'activation a été envoyé." in page_text(html)
    assert len(outbox) == 2 and re.search(r"/compte/activation/\S+", outbox[1].body)


@pytest.mark.parametrize(("account", "expected"), [
    (None, "<dt>Compte</dt><dd>aucun</dd>"),
    ({"active": True}, "<dt>Compte</dt><dd>activé</dd>"),
    ({"active": False}, "<dt>Compte</dt><dd>désactivé</dd>"),
    ({"active": True, "password": None}, "<dt>Compte</dt><dd>en attente d'activation</dd>"),
])
def test_the_member_page_says_where_the_account_stands(client, login_as, make_user, make_member,
                                                       account, expected):
    """One state, never « activé (désactivé) »."""
    user_id = make_user(**account).id if account is not None else None
    member_id = make_member(user_id=user_id)
    login_as("organiser")
    assert expected in page_text(client.get(f"/membres/{member_id}"))


def test_the_composition_page_never_sends_anyone_to_the_readme(client, login_as):
    login_as("organiser")
    text = page_text(client.get("/membres/composition"))
    assert "README" not in text and "peut les changer si le conseil le décide" in text


@pytest.mark.parametrize(("gender", "word"), [
    (Gender.FEMALE, "active"), (Gender.MALE, "actif"), (None, "actif·ve"), (Gender.OTHER, "actif·ve"),
])
def test_an_active_member_is_active_or_actif(client, login_as, make_member, gender, word):
    member_id = make_member(gender=gender)
    login_as("organiser")
    assert f"<dt>Statut</dt><dd>{word}</dd>" in page_text(client.get(f"/membres/{member_id}"))
    assert f'<span class="badge badge-ok">{word}</span>' in page_text(client.get("/membres"))
