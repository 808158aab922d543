"""Demo meetings, and notification e-mails when the mail server is down."""

import pytest

from council.database import utcnow
from council.extensions import db
from council.meetings.demo import seed_meetings
from council.meetings.models import Attendance, Meeting, Visibility
from tests.fixtures.mail import free_port, smtp_settings
from tests.fixtures.text import page_text
from tests.meetings.test_views import form_data


def test_demo_has_past_future_cancelled_and_members_only_meetings(app):
    with app.app_context():
        assert seed_meetings() == 9
        assert seed_meetings() == 0  # only once
        meetings = list(db.session.scalars(db.select(Meeting)))
        now = utcnow()
        assert any(m.ends_at < now for m in meetings) and any(m.starts_at > now for m in meetings)
        assert any(m.is_cancelled for m in meetings)
        assert any(m.visibility is Visibility.MEMBERS for m in meetings)
        assert sum(m.minutes_published for m in meetings) == 2
        assert all(m.agenda_items for m in meetings)
        assert db.session.scalar(db.select(db.func.count(Attendance.id))) > 0


@pytest.fixture
def app_config():
    """Mail goes through SMTP to a loopback port where nothing listens."""
    return smtp_settings(free_port(), timeout=2)


def test_a_mail_server_failure_keeps_the_meeting_and_says_so(app, client, login_as, make_member):
    make_member(email="awa@example.org")
    login_as("organiser")
    response = client.post("/reunions/nouvelle", data=form_data(notify="y"), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 invitation n'a pas pu partir" in page_text(html)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 1
