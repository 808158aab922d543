"""« Tous présents » on the attendance sheet: every member without a mark becomes present, the
others keep theirs; server-side, one button, no script."""

from council.extensions import db
from council.meetings.models import Attendance, AttendanceStatus
from tests.fixtures.text import page_text


def _marks(app, meeting_id):
    with app.app_context():
        rows = db.session.scalars(db.select(Attendance).where(Attendance.meeting_id == meeting_id))
        return {row.member_id: row.status for row in rows}


def test_all_present_marks_only_the_members_without_a_mark(app, client, login_as, make_meeting, make_member):
    awa, karim, lucie, paul = (make_member() for _ in range(4))
    meeting_id = make_meeting(days=-1)
    login_as("organiser")
    client.post(f"/reunions/{meeting_id}/presences", data={
        f"member_{karim}": "excused", f"member_{lucie}": "absent"})
    html = client.get(f"/reunions/{meeting_id}/presences").get_data(as_text=True)
    assert "Tous présents" in html and "chacun·e des 2 membres encore non renseignés" in page_text(html)

    response = client.post(f"/reunions/{meeting_id}/presences", data={"action": "all_present"},
                           follow_redirects=True)
    assert "Tous présents : 2 membres marqué·es présent·es ; les autres gardent leur marque." \
        in response.get_data(as_text=True)
    assert _marks(app, meeting_id) == {awa: AttendanceStatus.PRESENT, karim: AttendanceStatus.EXCUSED,
                                       lucie: AttendanceStatus.ABSENT, paul: AttendanceStatus.PRESENT}
    # nobody left without a mark: the button is gone
    sheet = client.get(f"/reunions/{meeting_id}/presences").get_data(as_text=True)
    assert "Tous présents</button>" not in sheet


def test_all_present_is_refused_before_the_meeting_and_for_members(app, client, login_as, make_meeting,
                                                                  make_member):
    make_member()
    coming = make_meeting(days=3)
    held = make_meeting(days=-1)
    login_as("member")
    assert client.post(f"/reunions/{held}/presences", data={"action": "all_present"}).status_code == 403
    client.post("/deconnexion")
    login_as("organiser")
    response = client.post(f"/reunions/{coming}/presences", data={"action": "all_present"})
    assert response.status_code == 302 and response.headers["Location"] == f"/reunions/{coming}"
    assert _marks(app, coming) == {} and _marks(app, held) == {}
