"""Fixtures for avis tests: reference ids and a real meeting with attendance to vote at."""

import pytest

from council.auth.models import Role, User
from council.extensions import db
from council.meetings.services.meetings import get_agenda_item
from council.opinions import services
from council.opinions.models import Opinion
from tests.participation_factories import make_meeting, reference_ids


@pytest.fixture
def ids(app):
    with app.app_context():
        return reference_ids()


@pytest.fixture
def meeting(app):
    """A plenary held yesterday, 10 active members, 7 present (quorum: 6)."""
    return make_meeting(app)


@pytest.fixture
def scheduled(app, make_user, meeting):
    """Put a draft on the meeting's « Avis du conseil » point, through the service."""
    scheduler = make_user(role=Role.MEMBER)

    def put(opinion_id: int) -> None:
        with app.app_context():
            item = get_agenda_item(meeting["items"][1])
            services.schedule(db.session.get(Opinion, opinion_id), item, db.session.get(User, scheduler.id))
            db.session.commit()

    return put
