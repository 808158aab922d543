"""Attendance registers and minutes through the test client."""

from datetime import timedelta

import pytest

from council.extensions import db
from council.meetings.models import Attendance, AttendanceStatus
from council.meetings.services.meetings import get_meeting
from tests.fixtures.text import page_text


@pytest.fixture
def roster(make_member):
    return [make_member(first_name=first, last_name=last) for first, last in
            [("Awa", "Diallo"), ("Karim", "Benali"), ("Lucie", "Marchand")]]


def marks(app, meeting_id):
    with app.app_context():
        rows = db.session.scalars(db.select(Attendance).where(Attendance.meeting_id == meeting_id))
        return {row.member_id: row.status for row in rows}


def test_organiser_takes_attendance_and_sees_the_quorum(app, client, login_as, make_meeting, roster):
    meeting_id = make_meeting(days=-1)
    login_as("organiser")
    html = client.get(f"/reunions/{meeting_id}/presences").get_data(as_text=True)
    assert "Awa Diallo" in html and "Quorum non atteint" in html
    karim, awa, lucie = roster[1], roster[0], roster[2]
    response = client.post(f"/reunions/{meeting_id}/presences", data={
        f"member_{awa}": "present", f"member_{karim}": "present", f"member_{lucie}": "excused"})
    assert response.status_code == 302
    assert marks(app, meeting_id) == {awa: AttendanceStatus.PRESENT, karim: AttendanceStatus.PRESENT,
                                      lucie: AttendanceStatus.EXCUSED}
    html = client.get(f"/reunions/{meeting_id}/presences").get_data(as_text=True)
    assert "Quorum atteint" in html and "2 présent·es" in html and "au moins\n  2 présent·es sur 3" in html
    # the meeting page shows the quorum to members
    assert "Quorum atteint" in client.get(f"/reunions/{meeting_id}").get_data(as_text=True)
    # "Non renseigné" removes a line; a member not sent is left as is
    client.post(f"/reunions/{meeting_id}/presences", data={f"member_{awa}": ""})
    assert marks(app, meeting_id) == {karim: AttendanceStatus.PRESENT, lucie: AttendanceStatus.EXCUSED}


def test_odd_attendance_values_are_refused_without_saving(app, client, login_as, make_meeting, roster):
    meeting_id = make_meeting(days=-1)
    login_as("organiser")
    response = client.post(f"/reunions/{meeting_id}/presences", data={
        f"member_{roster[0]}": "present", f"member_{roster[1]}": "asleep", "member_999": "present"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "choix valide" in html
    assert marks(app, meeting_id) == {}


def test_attendance_page_flags_runs_of_unexcused_absences(app, client, login_as, make_meeting, roster):
    awa = roster[0]
    past = [make_meeting(days=d) for d in (-30, -20, -10)]
    with app.app_context():
        for meeting_id in past:
            db.session.add(Attendance(meeting_id=meeting_id, member_id=awa,
                                      status=AttendanceStatus.ABSENT))
        db.session.commit()
    login_as("organiser")
    html = client.get(f"/reunions/{past[-1]}/presences").get_data(as_text=True)
    assert "3 absences non excusées de suite" in html


def test_attendance_is_refused_before_the_meeting_starts(app, client, login_as, make_meeting, roster):
    """Finding 13: a register for next year's meeting made the public avis « adopted today at the
    meeting » of next year. The page says why, the POST stores nothing, the service refuses."""
    from council.meetings.models import Meeting
    from council.meetings.services.attendance import record_attendance
    from council.meetings.services.meetings import MeetingLockedError

    meeting_id = make_meeting(days=365)
    login_as("organiser")
    page = client.get(f"/reunions/{meeting_id}").get_data(as_text=True)
    assert "Feuille de présence</a>" not in page
    assert "La feuille de présence et les votes s'enregistrent une fois la réunion commencée." in page
    for response in (client.get(f"/reunions/{meeting_id}/presences", follow_redirects=True),
                     client.post(f"/reunions/{meeting_id}/presences", follow_redirects=True,
                                 data={f"member_{roster[0]}": "present"})):
        assert "La réunion n'a pas encore commencé (elle commence le" in page_text(response)
    assert marks(app, meeting_id) == {}
    with app.app_context(), pytest.raises(MeetingLockedError, match="pas encore commencé"):
        record_attendance(db.session.get(Meeting, meeting_id), {roster[0]: AttendanceStatus.PRESENT}, None)


def test_cancelled_meetings_have_no_attendance_or_minutes(client, login_as, make_meeting):
    meeting_id = make_meeting(days=4, cancelled="Grève")
    login_as("organiser")
    for page in ("presences", "compte-rendu"):
        response = client.get(f"/reunions/{meeting_id}/{page}", follow_redirects=True)
        assert "Une réunion annulée n'a pas" in page_text(response)


def test_minutes_draft_then_publish_then_a_visitor_reads_them(app, client, login_as, make_meeting):
    meeting_id = make_meeting(days=-1)
    login_as("organiser")
    text = "## Décisions\n\n- Éclairage demandé\n\n<script>alert('x')</script>"
    client.post(f"/reunions/{meeting_id}/compte-rendu",
                data={"minutes_format": "markdown", "text": text, "action": "save"})
    client.post("/deconnexion")
    assert "Éclairage demandé" not in client.get(f"/reunions/{meeting_id}").get_data(as_text=True)
    login_as("organiser")
    response = client.post(f"/reunions/{meeting_id}/compte-rendu",
                           data={"minutes_format": "markdown", "text": text, "action": "publish"})
    assert response.headers["Location"] == f"/reunions/{meeting_id}"
    client.post("/deconnexion")
    html = client.get(f"/reunions/{meeting_id}").get_data(as_text=True)
    assert "<h3>Décisions</h3>" in html and "<li>Éclairage demandé</li>" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    login_as("organiser")
    client.post(f"/reunions/{meeting_id}/compte-rendu",
                data={"minutes_format": "markdown", "text": text, "action": "unpublish"})
    with app.app_context():
        assert not get_meeting(meeting_id).minutes_published


def test_publishing_empty_minutes_is_refused_in_french(client, login_as, make_meeting):
    meeting_id = make_meeting(days=-1)
    login_as("organiser")
    html = client.post(f"/reunions/{meeting_id}/compte-rendu",
                       data={"minutes_format": "text", "text": "  ", "action": "publish"}
                       ).get_data(as_text=True)
    assert "Écrivez le compte rendu avant de le publier." in html


def test_plain_text_minutes_are_escaped(client, login_as, make_meeting):
    meeting_id = make_meeting(days=-1)
    login_as("organiser")
    client.post(f"/reunions/{meeting_id}/compte-rendu", data={
        "minutes_format": "text", "text": "<b>Présents</b> : 8\nExcusés : 2", "action": "publish"})
    html = client.get(f"/reunions/{meeting_id}").get_data(as_text=True)
    assert "&lt;b&gt;Présents&lt;/b&gt; : 8<br>" in html


def test_the_sheet_of_a_past_meeting_lists_the_members_of_its_day(app, client, login_as, make_meeting,
                                                                   make_member, roster):
    from council import dates
    from council.membership.models import MemberStatus

    today = dates.today()
    meeting_id = make_meeting(days=-5)
    make_member(first_name="Nora", last_name="Nouvelle", joined_on=today - timedelta(days=1))
    make_member(first_name="Paul", last_name="Parti", status=MemberStatus.RESIGNED,
                status_changed_on=today - timedelta(days=2))
    login_as("organiser")
    html = page_text(client.get(f"/reunions/{meeting_id}/presences"))
    assert "Paul Parti" in html and "Awa Diallo" in html and "Nora Nouvelle" not in html
    assert "sur 4 membres actifs à la date de la réunion" in html
