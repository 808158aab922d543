"""Avis fixtures: ``scheduled`` puts a draft on the ``meeting``'s « Avis du conseil » point."""

import pytest

from council.auth.models import Role, User
from council.extensions import db
from council.meetings.services.meetings import get_agenda_item
from council.opinions import services
from council.opinions.models import Opinion


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
