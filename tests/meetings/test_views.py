"""Meeting pages through the test client: access, listing, forms and their French errors."""

import re
from datetime import date, timedelta

import pytest

from council.extensions import db
from council.meetings.models import Meeting, MeetingKind, Visibility
from council.meetings.services.meetings import get_meeting
from tests.fixtures.mail import calendar_of
from tests.fixtures.text import page_text


@pytest.fixture
def meetings(make_meeting):
    return {
        "public": make_meeting(days=5, title="Plénière publique"),
        "members": make_meeting(days=6, title="Bureau réservé", visibility=Visibility.MEMBERS),
        "past": make_meeting(days=-3, title="Plénière passée"),
    }


ORGANISER_PAGES = ["/reunions/nouvelle", "/reunions/{public}/modifier", "/reunions/{public}/annuler",
                   "/reunions/{past}/presences", "/reunions/{past}/compte-rendu"]


@pytest.mark.parametrize("path", ORGANISER_PAGES)
@pytest.mark.parametrize(("role", "expected"),
                         [(None, 302), ("member", 403), ("organiser", 200), ("admin", 200)])
def test_organiser_pages_need_the_organiser_role(client, login_as, meetings, path, role, expected):
    if role:
        login_as(role)
    response = client.get(path.format(**meetings))
    assert response.status_code == expected
    if expected == 302:
        assert response.headers["Location"].startswith("/connexion")


@pytest.mark.parametrize("path", ORGANISER_PAGES)
def test_organiser_forms_refuse_members_posting(client, login_as, meetings, path):
    login_as("member")
    assert client.post(path.format(**meetings), data={}).status_code == 403


@pytest.mark.parametrize("suffix", ["", ".ics"])
def test_members_only_meetings_send_visitors_to_sign_in(client, login_as, meetings, suffix):
    response = client.get(f"/reunions/{meetings['members']}{suffix}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/connexion")
    login_as("member")
    assert client.get(f"/reunions/{meetings['members']}{suffix}").status_code == 200


def test_unknown_meeting_is_a_404(client):
    assert client.get("/reunions/999").status_code == 404
    assert client.get("/reunions/999.ics").status_code == 404


def test_list_hides_members_only_meetings_from_visitors(client, login_as, meetings):
    html = client.get("/reunions").get_data(as_text=True)
    assert "Plénière publique" in html and "Plénière passée" in html
    assert "Bureau réservé" not in html
    login_as("member")
    html = client.get("/reunions").get_data(as_text=True)
    assert "Bureau réservé" in html and "Réservée aux membres" in html
    assert html.index("Plénière publique") < html.index("Bureau réservé") < html.index("Plénière passée")


def test_list_is_paginated(app, client, make_meeting):
    app.config["MEETINGS_PER_PAGE"] = 2
    for days in (1, 2, 3):
        make_meeting(days=days, title=f"Réunion J+{days}")
    first = client.get("/reunions").get_data(as_text=True)
    assert "Réunion J+1" in first and "Réunion J+3" not in first and "Page 1 sur 2" in first
    second = client.get("/reunions?page=2").get_data(as_text=True)
    assert "Réunion J+3" in second and "Réunion J+1" not in second
    assert client.get("/reunions?page=abc").status_code == 200
    assert client.get("/reunions?page=-4").status_code == 200


def test_meeting_page_in_french_with_agenda_and_the_download_sentence(app, client, make_meeting):
    meeting_id = make_meeting(days=30, agenda=("Accueil", "Budget"))
    with app.app_context():
        meeting = get_meeting(meeting_id)
        from council.dates import format_span

        span = format_span(meeting.starts_at, meeting.ends_at)
    html = client.get(f"/reunions/{meeting_id}").get_data(as_text=True)
    assert span in html and re.search(r"\d{1,2} h 30 – \d{1,2} h 30", html)
    assert "<li id=\"point-" in html and "Budget" in html
    assert "Télécharger le fichier ajoute cette seule réunion" in html
    assert f'href="/reunions/{meeting_id}.ics"' in html
    assert "webcal://conseil.test/reunions.ics" in html


def form_data(**changes):
    day = date.today() + timedelta(days=14)
    data = {
        "title": "Assemblée plénière", "kind": "plenary", "day": day.isoformat(),
        "start_time": "18:30", "end_time": "20:00", "place_name": "Maison du Citoyen",
        "place_address": "Place du Marché, 61200 Argentan", "description": "Ouverte à tous.",
        "visibility": "public", "agenda-0-title": "Accueil", "agenda-1-title": "Budget",
        "agenda-2-title": "", "agenda-3-title": "Questions diverses",
    }
    data.update(changes)
    return data


def test_organiser_creates_a_meeting(app, client, login_as):
    login_as("organiser")
    response = client.post("/reunions/nouvelle", data=form_data())
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.scalar(db.select(Meeting))
        assert response.headers["Location"] == f"/reunions/{meeting.id}"
        assert [i.title for i in meeting.agenda_items] == ["Accueil", "Budget", "Questions diverses"]
        assert meeting.kind is MeetingKind.PLENARY and meeting.sequence == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "Indiquez le titre de la réunion."),
        ({"end_time": "17:00"}, "end_time", "L'heure de fin doit être après l'heure de début."),
        ({"end_time": "18:30"}, "end_time", "L'heure de fin doit être après l'heure de début."),
        ({"day": "2030-03-31", "start_time": "02:30", "end_time": "04:00"}, "start_time",
         "2 h 30 n'existe pas ce jour-là à Paris"),
        ({"day": "2030-10-27", "start_time": "01:00", "end_time": "02:30"}, "end_time",
         "existe deux fois ce jour-là à Paris"),
        ({"day": "2020-01-10"}, "day", "La réunion doit commencer dans le futur."),
        ({"day": "2030-02-30"}, "day", "date valide"),
        ({"day": ""}, "day", "Indiquez la date de la réunion."),
        ({"start_time": "25:00"}, "start_time", "horaire valide"),
        ({"place_name": ""}, "place_name", "Indiquez le lieu de la réunion."),
        ({"kind": "party"}, "kind", "choix valide"),
        ({"kind": ""}, "kind", "Choisissez le type de réunion."),
        ({"visibility": "secret"}, "visibility", "choix valide"),
        ({"title": "x" * 201}, "title", "200 caractères"),
        ({"agenda-1-title": "y" * 301}, "agenda-1-title", "300 caractères au plus."),
        ({"delegates": "abc", "kind": "technical_committee"}, "delegates", "Choix incorrect"),
    ],
)
def test_invalid_meeting_gets_french_messages_beside_fields_and_keeps_values(
    app, client, login_as, changes, field, message
):
    login_as("organiser")
    data = form_data(**changes)
    response = client.post("/reunions/nouvelle", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    assert error and message in page_text(error.group(1)), html
    assert f'aria-describedby="{field}-error' in html or f'id="{field}-error"' in html
    assert 'value="Maison du Citoyen"' in html or field == "place_name"
    assert "Questions diverses" in html and "Ouverte à tous." in html
    assert "{" not in re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 0


def test_more_rows_adds_agenda_lines_without_saving(app, client, login_as):
    login_as("organiser")
    html = client.post("/reunions/nouvelle", data=form_data(more_rows="1")).get_data(as_text=True)
    assert 'name="agenda-6-title"' in html and 'value="Questions diverses"' in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 0


def test_edit_form_shows_paris_times_and_moving_raises_the_sequence(app, client, login_as, make_meeting):
    meeting_id = make_meeting(days=10)
    login_as("organiser")
    html = client.get(f"/reunions/{meeting_id}/modifier").get_data(as_text=True)
    assert 'value="18:30"' in html and 'value="20:30"' in html
    with app.app_context():
        items = [i.id for i in get_meeting(meeting_id).agenda_items]
    day = (date.today() + timedelta(days=11)).isoformat()
    data = form_data(day=day, **{"agenda-0-item_id": str(items[0]), "agenda-0-title": "Accueil"})
    assert client.post(f"/reunions/{meeting_id}/modifier", data=data).status_code == 302
    with app.app_context():
        meeting = get_meeting(meeting_id)
        assert meeting.sequence == 1 and meeting.agenda_items[0].id == items[0]


def test_past_meetings_only_allow_attendance_and_minutes(client, login_as, meetings):
    login_as("organiser")
    for action in ("modifier", "annuler"):
        response = client.post(f"/reunions/{meetings['past']}/{action}", data=form_data(reason="x"),
                               follow_redirects=True)
        assert "seuls la feuille de présence et le compte rendu" in response.get_data(as_text=True)
    html = client.get(f"/reunions/{meetings['past']}").get_data(as_text=True)
    assert "Modifier la réunion" not in html and "Feuille de présence" in html


def test_cancel_needs_a_reason_and_the_meeting_stays_visible(app, client, login_as, meetings):
    login_as("organiser")
    html = client.post(f"/reunions/{meetings['public']}/annuler", data={"reason": ""}).get_data(
        as_text=True)
    assert "Indiquez la raison de l'annulation" in page_text(html)
    response = client.post(f"/reunions/{meetings['public']}/annuler", data={"reason": "Grève"})
    assert response.status_code == 302
    client.post("/deconnexion")
    html = client.get(f"/reunions/{meetings['public']}").get_data(as_text=True)
    assert "Cette réunion est annulée." in html and "Grève" in html
    assert "Annulée" in client.get("/reunions").get_data(as_text=True)


def test_publishing_invites_each_member_with_a_french_mail_and_the_ics(client, login_as, make_member,
                                                                      outbox):
    make_member(email="awa@example.org")
    make_member(email="paul@example.org")
    make_member(email=None)
    login_as("organiser")
    client.post("/reunions/nouvelle", data=form_data(notify="y"))
    assert sorted(m.to[0] for m in outbox) == ["awa@example.org", "paul@example.org"]
    message = outbox[0]
    assert len(message.to) == 1 and not message.cc and not message.bcc
    assert message.subject == "Conseil citoyen : invitation à une réunion"
    assert "Assemblée plénière" in message.body and "1. Accueil" in message.body
    calendar = calendar_of(message)
    assert b"METHOD:REQUEST" in calendar and b"BEGIN:VEVENT" in calendar


def test_moving_and_cancelling_notify_only_when_asked(client, login_as, make_member, make_meeting,
                                                     outbox):
    make_member(email="awa@example.org")
    meeting_id = make_meeting(days=10)
    login_as("organiser")
    day = (date.today() + timedelta(days=12)).isoformat()
    client.post(f"/reunions/{meeting_id}/modifier", data=form_data(day=day))
    assert outbox == []
    client.post(f"/reunions/{meeting_id}/modifier", data=form_data(
        day=day, place_name="Espace Xavier Rousseau", notify="y"))
    assert "nouveau lieu : Espace Xavier Rousseau" in outbox[-1].body
    client.post(f"/reunions/{meeting_id}/annuler", data={"reason": "Salle fermée", "notify": "y"})
    assert outbox[-1].subject == "Conseil citoyen : une réunion est annulée"
    assert "Salle fermée" in outbox[-1].body and b"STATUS:CANCELLED" in calendar_of(outbox[-1])


def test_delegates_are_chosen_for_a_contract_instance(app, client, login_as, make_member):
    awa = make_member(first_name="Awa", last_name="Diallo")
    make_member(first_name="Paul", last_name="Lemoine")
    login_as("organiser")
    html = client.get("/reunions/nouvelle").get_data(as_text=True)
    assert "Awa Diallo" in html and "Paul Lemoine" in html
    response = client.post("/reunions/nouvelle", data=form_data(
        kind="steering_committee", delegates=[str(awa)]))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        meeting = db.session.scalar(db.select(Meeting))
        assert [m.id for m in meeting.delegates] == [awa]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Membres délégués" in html and "Awa Diallo" in html


def test_unknown_delegate_is_refused(client, login_as, make_member):
    make_member()
    login_as("organiser")
    html = client.post("/reunions/nouvelle", data=form_data(
        kind="steering_committee", delegates=["987654"])).get_data(as_text=True)
    assert re.search(r'<p class="error" id="delegates-error">[^<]*choix valide', html)


@pytest.mark.parametrize("path", ["/reunions/{public}/modifier", "/reunions/{past}/presences",
                                  "/reunions/{past}/compte-rendu"])
def test_a_service_refusal_in_any_meeting_view_undoes_the_request_and_says_why(app, meetings, path):
    """One handler for the area's refusals (a cancellation meanwhile, found by the service after
    the view's own check): what the request had written is not kept, the organiser is back on
    the meeting's page with the French reason."""
    from flask import get_flashed_messages

    from council.meetings.services.meetings import MeetingLockedError

    url = path.format(**meetings)
    meeting_id = int(url.split("/")[2])
    with app.test_request_context(url, method="POST"):
        db.session.get(Meeting, meeting_id).title = "Écrit avant le refus"
        response = app.handle_user_exception(MeetingLockedError("Cette réunion est annulée."))
        assert response.status_code == 302
        assert response.location == f"/reunions/{meeting_id}"
        assert get_flashed_messages(with_categories=True) == [("warning", "Cette réunion est annulée.")]
        assert db.session.get(Meeting, meeting_id).title != "Écrit avant le refus"


def test_meetings_sharing_a_title_are_told_apart_by_their_date(client, make_meeting):
    """Seven plenaries share one title: each page's <title> and each link's text carry the date."""
    from council import dates

    ids = [make_meeting(days=days, title="Assemblée plénière du conseil citoyen") for days in (7, 14)]
    html = client.get("/reunions").get_data(as_text=True)
    links = re.findall(r'<h3><a href="/reunions/\d+">(.*?)</a></h3>', html)
    texts = {re.sub(r"<[^>]+>", "", link) for link in links}
    assert len(texts) == 2, links
    titles = set()
    for meeting_id in ids:
        page = client.get(f"/reunions/{meeting_id}").get_data(as_text=True)
        with client.application.app_context():
            day = dates.format_day(get_meeting(meeting_id).starts_at)
        title = re.search(r"<title>(.*?)</title>", page).group(1)
        assert f"Assemblée plénière du conseil citoyen du {day}" in title
        titles.add(title)
    assert len(titles) == 2
