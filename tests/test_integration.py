"""Where areas meet: absences on the roster, the calendar on the profile, the export re-check."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from council.extensions import db


def test_roster_flags_a_run_of_unexcused_absences(app, client, login_as, make_meeting, make_member):
    from council.meetings.models import Attendance, AttendanceStatus, Meeting

    absent = make_member(last_name="Absentéiste")
    present = make_member(last_name="Assidue")
    meeting_ids = [make_meeting(days=1) for _ in range(3)]
    with app.app_context():
        for weeks, meeting_id in zip((3, 2, 1), meeting_ids, strict=True):
            meeting = db.session.get(Meeting, meeting_id)
            meeting.starts_at = datetime.now(UTC) - timedelta(weeks=weeks)
            meeting.ends_at = meeting.starts_at + timedelta(hours=2)
            db.session.add(Attendance(meeting_id=meeting_id, member_id=absent,
                                      status=AttendanceStatus.ABSENT))
            db.session.add(Attendance(meeting_id=meeting_id, member_id=present,
                                      status=AttendanceStatus.PRESENT))
        db.session.commit()
    login_as("organiser")
    html = client.get("/membres").get_data(as_text=True)
    assert "3 absences non excusées de suite" in html
    row = next(part for part in html.split("<tr") if "Absentéiste" in part)
    assert "absences non excusées" in row
    assert "absences non excusées" not in next(part for part in html.split("<tr") if "Assidue" in part)


def test_profile_offers_the_calendar_subscription(client, login_as):
    login_as("member")
    html = client.get("/profil").get_data(as_text=True)
    assert "Mon calendrier des réunions" in html and "js/copy.js" in html
    client.post("/profil/calendrier/nouveau-lien", data={"back": "/profil"})
    html = client.get("/profil").get_data(as_text=True)
    assert "webcal://" in html


def test_roster_export_asks_for_the_password_again(app, client, login_as):
    login_as("organiser")
    with client.session_transaction() as session:
        session["auth_at"] -= app.config["REAUTH_MINUTES"] * 60 + 5
    response = client.post("/membres/export.csv", headers={"Referer": "http://localhost/membres"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/confirmer-acces?next=/membres"
    from council.audit.models import AuditEntry

    with app.app_context():
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("%export%"))) is None
