"""Observation fixtures: ``on_agenda`` puts an observation on the ``meeting``'s first point."""

import pytest

from council.auth.models import Role, User
from council.extensions import db
from council.meetings.services.meetings import get_agenda_item
from council.observations.models import Observation
from council.observations.services import steps


@pytest.fixture
def on_agenda(app, make_user, meeting):
    """Put an observation on the meeting's first agenda point, through the service."""
    scheduler = make_user(role=Role.MEMBER)

    def put(observation_id: int) -> None:
        with app.app_context():
            item = get_agenda_item(meeting["items"][0])
            steps.schedule(db.session.get(Observation, observation_id), item,
                              db.session.get(User, scheduler.id))
            db.session.commit()

    return put
