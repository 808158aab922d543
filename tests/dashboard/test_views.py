"""The dashboard page: what it shows for a seeded council, who may open it, where each role
lands after signing in, and that its statements do not grow with the data."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from council.extensions import db
from tests.conftest import PASSWORD


@contextmanager
def counted_statements(app):
    """Count the SQL statements sent while the block runs."""
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _section(html: str, heading_id: str) -> str:
    """The text of one section of the page (from its heading to the next section)."""
    start = html.index(f'id="{heading_id}"')
    end = html.find("<section", start)
    return html[start:end if end != -1 else None]


def test_the_dashboard_shows_every_section_of_a_seeded_council(client, login_as, seed_council):
    seeded = seed_council()
    login_as("organiser")
    html = client.get("/tableau-de-bord").get_data(as_text=True)

    applications = _section(html, "board-applications")
    assert "Candidatures en attente (3)" in applications
    assert "il y a 12 jours" in applications  # the newest of the three, received 12 days ago
    assert "il y a 14 jours" in applications
    assert 'href="/candidatures"' in applications and re.search(r'href="/candidatures/\d+"', applications)

    moderation = _section(html, "board-moderation")
    assert "Observations à modérer (2)" in moderation and 'href="/observations/a-moderer"' in moderation

    answers = _section(html, "board-answers")
    assert "Réponses des partenaires en retard (3)" in answers
    assert "il y a 90 jours" in answers and "Avis en attente 0" in answers
    assert 'href="/observations?overdue=y"' in answers and 'href="/suivi-des-reponses"' in answers

    meeting = _section(html, "board-meeting")
    assert "Assemblée plénière de printemps" in meeting and "Budget participatif" in meeting
    assert "10 membres siègent" in meeting and "10 membres sans réponse" in meeting
    assert "les présences annoncées, plus les membres sans réponse multipliés par le taux" in meeting
    assert "au moins 6 présent·es" in meeting
    assert "Quorum probable" in meeting and "environ 8 présent·es attendu·es" in meeting
    assert f'href="/reunions/{seeded["meeting"]}"' in meeting

    composition = _section(html, "board-composition")
    assert 'data-code="too_small"' in composition and 'href="/membres/composition"' in composition

    mandates = _section(html, "board-mandates")
    assert "(3)" in mandates and mandates.count("mandat terminé le") == 2
    assert mandates.count("mandat se terminant le") == 1

    absences = _section(html, "board-absences")
    assert "Membres signalés pour absences (2)" in absences
    assert absences.count("— 3 absences non excusées de suite") == 2
    assert re.search(r'href="/membres/\d+"', absences)

    substitutes = _section(html, "board-substitutes")
    assert "Collège des habitants : 1 suppléant·e" in substitutes
    assert "Collège des acteurs locaux : 1 suppléant·e" in substitutes
    assert 'href="/suppleants"' in substitutes


def test_an_empty_council_says_nothing_waits(client, login_as):
    login_as("organiser")
    html = client.get("/tableau-de-bord").get_data(as_text=True)
    for sentence in ("Aucune candidature n'attend de décision.", "Aucune observation n'attend de modération.",
                     "Aucune réponse n'est en retard.", "Aucune réunion n'est programmée.",
                     "Aucun mandat ne se termine dans les 60 jours.", "Aucun membre n'est signalé."):
        assert sentence in html


def test_without_past_registers_the_quorum_is_only_possible(client, login_as, make_meeting, make_member):
    for _ in range(3):
        make_member()
    make_meeting(days=3)
    login_as("organiser")
    meeting = _section(client.get("/tableau-de-bord").get_data(as_text=True), "board-meeting")
    assert "Quorum possible, sans estimation" in meeting
    assert ("Aucune feuille de présence passée ne permet d'estimer la venue des membres sans "
            "réponse.") in meeting


def test_a_meeting_under_way_shows_its_real_quorum(app, client, login_as, make_meeting, make_member):
    """Started yesterday evening, ending tomorrow: under way, its register already kept."""
    from council.meetings.models import AttendanceStatus, Meeting
    from council.meetings.services.attendance import record_attendance

    members = [make_member() for _ in range(4)]
    meeting_id = make_meeting(days=-1, hours=48)
    with app.app_context():
        record_attendance(db.session.get(Meeting, meeting_id),
                          {member: AttendanceStatus.PRESENT for member in members[:3]}, None)
        db.session.commit()
    login_as("organiser")
    meeting = _section(client.get("/tableau-de-bord").get_data(as_text=True), "board-meeting")
    assert "(en cours)" in meeting and "Quorum atteint" in meeting
    assert f'href="/reunions/{meeting_id}/presences"' in meeting


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_members_and_visitors_cannot_open_it(client, login_as, role):
    if role != "anonymous":
        login_as(role)
    response = client.get("/tableau-de-bord")
    if role == "anonymous":
        assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("role", "landing"), [("member", "/profil"), ("organiser", "/tableau-de-bord"),
                                               ("admin", "/tableau-de-bord")])
def test_each_role_lands_on_its_page_after_signing_in(client, make_user, role, landing):
    from council.auth.models import Role

    user = make_user(role=Role(role))
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == landing
    assert client.get("/connexion").headers["Location"] == landing  # already signed in


@pytest.mark.parametrize("role", ["member", "organiser"])
def test_a_safe_next_wins_over_the_landing(client, make_user, role):
    from council.auth.models import Role

    user = make_user(role=Role(role))
    response = client.post("/connexion?next=/reunions", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/reunions"
    client.post("/deconnexion")
    response = client.post("/connexion?next=https://evil.example/", data={"email": user.email,
                                                                          "password": PASSWORD})
    assert response.headers["Location"] in ("/profil", "/tableau-de-bord")


def test_only_organisers_see_the_dashboard_in_the_navigation(client, login_as):
    assert 'href="/tableau-de-bord"' not in client.get("/").get_data(as_text=True)
    login_as("member")
    assert 'href="/tableau-de-bord"' not in client.get("/").get_data(as_text=True)
    client.post("/deconnexion")
    login_as("organiser")
    assert 'href="/tableau-de-bord"' in client.get("/").get_data(as_text=True)


def test_the_number_of_statements_does_not_grow_with_the_data(app, client, login_as, seed_council):
    """A few statements, whatever the size: the same count at 1× and at 10× the data."""
    login_as("organiser")
    seed_council(1)
    client.get("/tableau-de-bord")  # warm up (first-request work is not the page's)
    with counted_statements(app) as small:
        assert client.get("/tableau-de-bord").status_code == 200
    seed_council(9)  # now ten times as much of everything
    with counted_statements(app) as large:
        html = client.get("/tableau-de-bord").get_data(as_text=True)
    assert "Candidatures en attente (30)" in html and "Membres signalés pour absences (20)" in html
    assert len(large) == len(small), (len(small), len(large))
    assert len(small) <= 25, small
