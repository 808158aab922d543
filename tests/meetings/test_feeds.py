"""Calendar downloads and feeds over HTTP: content, visibility, tokens, conditional requests."""

import re
from datetime import UTC, datetime, timedelta

import icalendar
import pytest
import vobject
from sqlalchemy import event, insert

from council.extensions import db
from council.meetings.models import AgendaItem, Meeting, MeetingKind, Visibility
from council.meetings.services.meetings import get_meeting

ICS = "text/calendar; charset=utf-8"


def events_of(response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.data)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_one_meeting_downloads_as_an_ics_file(client, make_meeting):
    meeting_id = make_meeting(days=8, title="Plénière", agenda=("Accueil", "Budget"))
    response = client.get(f"/reunions/{meeting_id}.ics")
    assert response.status_code == 200 and response.headers["Content-Type"] == ICS
    assert response.headers["Content-Disposition"] == f'attachment; filename="reunion-{meeting_id}.ics"'
    component = events_of(response)["Plénière"]
    assert str(component["UID"]) == f"reunion-{meeting_id}@conseil.test"
    assert f"http://conseil.test/reunions/{meeting_id}" in str(component["DESCRIPTION"])
    assert "1. Accueil\n2. Budget" in str(component["DESCRIPTION"])
    assert vobject.readOne(response.get_data(as_text=True)).vevent.summary.value == "Plénière"


def test_public_feed_has_public_meetings_from_twelve_months_back_cancelled_included(
    client, make_meeting
):
    make_meeting(days=10, title="À venir")
    make_meeting(days=-330, title="Il y a onze mois")
    make_meeting(days=-400, title="Il y a plus d'un an")
    make_meeting(days=12, title="Bureau", visibility=Visibility.MEMBERS)
    make_meeting(days=14, title="Réunion publique", kind=MeetingKind.PUBLIC_MEETING, cancelled="Grève")
    response = client.get("/reunions.ics")
    assert response.status_code == 200 and response.headers["Content-Type"] == ICS
    events = events_of(response)
    assert set(events) == {"À venir", "Il y a onze mois", "Annulée : Réunion publique"}
    assert str(events["Annulée : Réunion publique"]["STATUS"]) == "CANCELLED"
    assert events["Annulée : Réunion publique"].categories == ["Réunion publique"]
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["ETag"] and response.headers["Last-Modified"]


def test_the_feed_uid_stays_and_sequence_rises_when_a_meeting_moves(app, client, make_meeting):
    meeting_id = make_meeting(days=10, title="Plénière")
    before = events_of(client.get("/reunions.ics"))["Plénière"]
    with app.app_context():
        meeting = get_meeting(meeting_id)
        from council.meetings.services.meetings import update_meeting
        from tests.meetings.test_services import data_of

        update_meeting(meeting, data_of(meeting, starts_at=meeting.starts_at + timedelta(days=1),
                                        ends_at=meeting.ends_at + timedelta(days=1)))
        db.session.commit()
    after = events_of(client.get("/reunions.ics"))["Plénière"]
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1 == 1
    assert after.start == before.start + timedelta(days=1)
    assert after.last_modified >= before.last_modified


def count_statements(app):
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        # transactions' prologues: SQLite's BEGIN, PostgreSQL's council for row-level security
        if not statement.startswith("BEGIN") and "app.council_id" not in statement:
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    return statements, lambda: event.remove(engine, "before_cursor_execute", record)


def test_an_unchanged_feed_answers_304_without_being_rebuilt(app, client, make_meeting):
    make_meeting(days=10, title="Plénière")
    first = client.get("/reunions.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    statements, stop = count_statements(app)
    try:
        again = client.get("/reunions.ics", headers={"If-None-Match": etag})
        by_date = client.get("/reunions.ics", headers={"If-Modified-Since": modified})
    finally:
        stop()
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert by_date.status_code == 304
    # one aggregate query per request, besides the council's profile (read once per request)
    profile = [s for s in statements if "FROM council" in s]
    assert len(profile) == 2 and len(statements) == 4, statements
    assert not any("agenda_item" in s for s in statements)
    assert client.get("/reunions.ics", headers={"If-None-Match": '"autre"'}).status_code == 200


def test_a_change_gives_a_new_etag(client, make_meeting):
    make_meeting(days=10)
    etag = client.get("/reunions.ics").headers["ETag"]
    make_meeting(days=11)
    response = client.get("/reunions.ics", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def new_token(client) -> str:
    client.post("/profil/calendrier/nouveau-lien")
    html = client.get("/profil/calendrier").get_data(as_text=True)
    return re.search(r"/calendrier/([A-Za-z0-9_-]+)\.ics", html).group(1)


def test_private_feed_has_members_only_meetings_and_regenerating_kills_the_old_link(
    client, login_as, make_meeting
):
    make_meeting(days=10, title="Plénière")
    make_meeting(days=12, title="Bureau", visibility=Visibility.MEMBERS)
    login_as("member")
    old = new_token(client)
    assert len(old) >= 40
    client.post("/deconnexion")  # a calendar app has no session: the secret is enough
    response = client.get(f"/calendrier/{old}.ics")
    assert response.status_code == 200 and response.headers["Content-Type"] == ICS
    assert set(events_of(response)) == {"Plénière", "Bureau"}
    assert str(events_of(response)["Bureau"]["CLASS"]) == "PRIVATE"
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert client.get(f"/calendrier/{old}.ics",
                      headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    login_as("member", email="autre@example.org")
    other = new_token(client)
    assert other != old
    client.post("/deconnexion")
    login_as("member", email="encore@example.org")
    first = new_token(client)
    second = new_token(client)
    assert second != first
    assert client.get(f"/calendrier/{first}.ics").status_code == 404
    assert client.get(f"/calendrier/{second}.ics").status_code == 200
    assert client.get(f"/calendrier/{old}.ics").status_code == 200


@pytest.mark.parametrize("token", ["inconnu", "x" * 200, "%00", "1"])
def test_unknown_tokens_are_404(client, token):
    assert client.get(f"/calendrier/{token}.ics").status_code == 404


def test_a_disabled_account_feed_is_404(app, client, login_as):
    user = login_as("member")
    token = new_token(client)
    with app.app_context():
        db.session.get(type(user), user.id).active = False
        db.session.commit()
    assert client.get(f"/calendrier/{token}.ics").status_code == 404


def test_subscription_page_needs_an_account_and_shows_link_copy_and_webcal(client, login_as):
    assert client.get("/profil/calendrier").status_code == 302
    assert client.post("/profil/calendrier/nouveau-lien").status_code == 302
    login_as("member")
    html = client.get("/profil/calendrier").get_data(as_text=True)
    assert "Obtenir mon adresse d'abonnement" in html
    token = new_token(client)
    html = client.get("/profil/calendrier").get_data(as_text=True)
    assert f'value="http://conseil.test/calendrier/{token}.ics"' in html
    assert f'href="webcal://conseil.test/calendrier/{token}.ics"' in html
    assert 'data-copy-target="feed-url"' in html and "js/copy.js" in html
    assert "Google Agenda" in html and "Thunderbird" in html and "<script>" not in html


def test_a_feed_of_six_thousand_meetings_holds_them_all(app, client):
    """Its speed is measured by `make bench`, not here: a timing belongs in a benchmark."""
    start = datetime(2026, 1, 5, 17, 30, tzinfo=UTC)
    now = datetime.now(UTC)
    rows = [dict(id=i, title=f"Réunion {i}", kind=MeetingKind.PLENARY,
                 starts_at=max(start, now - timedelta(days=300)) + timedelta(hours=6 * i),
                 ends_at=max(start, now - timedelta(days=300)) + timedelta(hours=6 * i + 2),
                 place_name="Maison du Citoyen", place_address="Place du Marché, 61200 Argentan",
                 description="Ouverte à tous.", visibility=Visibility.PUBLIC, sequence=0,
                 minutes_text="", created_at=now, updated_at=now) for i in range(1, 6001)]
    items = [dict(meeting_id=i, position=p, title=f"Point {p}") for i in range(1, 6001)
             for p in (1, 2, 3)]
    with app.app_context():
        db.session.execute(insert(Meeting), rows)
        db.session.execute(insert(AgendaItem), items)
        db.session.commit()
    response = client.get("/reunions.ics")
    assert response.data.count(b"BEGIN:VEVENT") == 6000
