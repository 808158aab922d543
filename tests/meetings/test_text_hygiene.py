"""Issue 10, finding 7: a line break, control or bidi character in a meeting's text fields is
refused beside the field; agenda points are capped; a legacy row holding such text still gives
a whole .ics (download, feeds, notification)."""

import icalendar
import pytest
import vobject
from sqlalchemy import select, update

from council.extensions import db
from council.forms import FILE_MESSAGE
from council.meetings.models import AgendaItem, Meeting
from council.meetings.rules import MAX_AGENDA_POINTS
from council.text import BIDI_MESSAGE, CONTROL_MESSAGE, LINE_BREAK_MESSAGE
from tests.fixtures.mail import calendar_of
from tests.fixtures.text import page_text
from tests.meetings.test_views import form_data

FAKE_EVENTS = "Réunion\rEND:VEVENT\rBEGIN:VEVENT\rUID:faux@evil\rSUMMARY:Fausse\rEND:VEVENT\rBEGIN:VEVENT"


def _count(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Meeting.id)).all())


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", "Assemblée\nplénière", LINE_BREAK_MESSAGE),
    ("title", "Assemblée\rplénière", LINE_BREAK_MESSAGE),
    ("title", FAKE_EVENTS, LINE_BREAK_MESSAGE),
    ("title", "Assemblée\u2028plénière", LINE_BREAK_MESSAGE),
    ("title", "Assemblée \u202eeréinélp", BIDI_MESSAGE),
    ("place_name", "Maison\x1bdu Citoyen", CONTROL_MESSAGE),
    ("place_address", "Place du Marché\r\n61200 Argentan", LINE_BREAK_MESSAGE),
    ("agenda-0-title", "Accueil\n2. Faux point", LINE_BREAK_MESSAGE),
    ("description", "Ouverte à tous \u2066cachée\u2069", BIDI_MESSAGE),
    ("description", "Ouverte\x07 à tous", CONTROL_MESSAGE),
])
def test_invisible_or_line_breaking_characters_are_refused_beside_the_field(
        app, client, login_as, field, value, message):
    login_as("organiser")
    response = client.post("/reunions/nouvelle", data=form_data(**{field: value}))
    assert response.status_code == 200
    assert message in page_text(response)
    assert _count(app) == 0


def test_a_description_keeps_its_line_breaks_and_tabs(app, client, login_as):
    login_as("organiser")
    response = client.post("/reunions/nouvelle", data=form_data(
        title="Assemblée\tplénière", description="Ligne 1\r\nLigne 2\n\tLigne 3"))
    assert response.status_code == 302
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.description == "Ligne 1\r\nLigne 2\n\tLigne 3"


def _agenda(count: int) -> dict:
    return {f"agenda-{i}-title": f"Point {i + 1}" for i in range(count)}


def test_an_agenda_of_the_maximum_size_is_saved(app, client, login_as):
    login_as("organiser")
    response = client.post("/reunions/nouvelle", data={**form_data(), **_agenda(MAX_AGENDA_POINTS)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(db.func.count(AgendaItem.id))) == MAX_AGENDA_POINTS


@pytest.mark.parametrize("count", [MAX_AGENDA_POINTS + 1, 30_000])
def test_too_many_agenda_points_are_refused_and_the_form_keeps_them(app, client, login_as, count):
    login_as("organiser")
    response = client.post("/reunions/nouvelle", data={**form_data(), **_agenda(count)})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"{MAX_AGENDA_POINTS} au plus. Regroupez-en ou retirez-en." in html
    assert 'id="agenda-error"' in html and 'href="#agenda-rows"' in html
    assert 'value="Point 1"' in html and f'value="Point {MAX_AGENDA_POINTS + 1}"' in html
    assert 'value="Assemblée plénière"' in html  # the rest of what was typed is kept too
    assert _count(app) == 0


def test_a_file_sent_as_the_title_gets_the_form_message(app, client, login_as):
    import io

    login_as("organiser")
    response = client.post("/reunions/nouvelle", content_type="multipart/form-data",
                           data=form_data(title=(io.BytesIO(b"BEGIN:VCALENDAR"), "titre.ics")))
    assert response.status_code == 200
    assert FILE_MESSAGE in response.get_data(as_text=True)
    assert _count(app) == 0


def _parse(data: bytes) -> tuple[list, list]:
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    return (icalendar.Calendar.from_ical(data).walk("VEVENT"),
            vobject.readOne(data.decode("utf-8")).contents.get("vevent", []))


@pytest.fixture
def legacy_meeting(app, make_meeting) -> int:
    """A meeting stored before the form refused these characters (written to the table directly)."""
    meeting_id = make_meeting(days=10)
    with app.app_context():
        db.session.execute(update(Meeting).where(Meeting.id == meeting_id).values(
            title=FAKE_EVENTS, place_name="Maison\ndu Citoyen\u202e",
            place_address="Place\r\ndu Marché\x0b", description="Ligne\r1\x01\u2028Ligne 2"))
        db.session.execute(update(AgendaItem).values(title="Accueil\rEND:VEVENT\x85\u2066"))
        db.session.commit()
    return meeting_id


def test_a_legacy_meeting_with_line_breaks_gives_a_whole_ics(client, legacy_meeting):
    response = client.get(f"/reunions/{legacy_meeting}.ics")
    assert response.status_code == 200
    with_icalendar, with_vobject = _parse(response.data)
    assert len(with_icalendar) == len(with_vobject) == 1
    assert str(with_icalendar[0]["SUMMARY"]).startswith("Réunion END:VEVENT BEGIN:VEVENT")
    assert "faux@evil" not in [str(event["UID"]) for event in with_icalendar]
    for character in ("\x01", "\x0b", "\x85", "\u202e", "\u2066", "\u2028"):
        assert character.encode() not in response.data


def test_a_legacy_meeting_keeps_the_feeds_whole(client, make_meeting, legacy_meeting):
    make_meeting(days=20)
    response = client.get("/reunions.ics")
    assert response.status_code == 200
    with_icalendar, with_vobject = _parse(response.data)
    assert len(with_icalendar) == len(with_vobject) == 2


def test_cancelling_a_legacy_meeting_notifies_with_a_whole_ics(client, login_as, make_member,
                                                              legacy_meeting, outbox):
    make_member(email="awa@example.org")
    login_as("organiser")
    response = client.post(f"/reunions/{legacy_meeting}/annuler",
                           data={"reason": "Salle fermée", "notify": "y"})
    assert response.status_code == 302
    [message] = outbox
    with_icalendar, with_vobject = _parse(calendar_of(message))
    assert len(with_icalendar) == len(with_vobject) == 1
    assert str(with_icalendar[0]["STATUS"]) == "CANCELLED"
