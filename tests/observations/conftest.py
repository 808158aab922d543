"""Fixtures for observation tests: reference ids and a way to reach each lifecycle step."""

import pytest

from council.extensions import db
from council.observations.lifecycle import ObservationStatus
from council.observations.models import Observation
from tests.participation_factories import reference_ids


@pytest.fixture
def ids(app):
    with app.app_context():
        return reference_ids()


@pytest.fixture
def on_agenda(app):
    """Put an observation on a meeting's agenda (until the meetings area is merged: the status only)."""

    def put(observation_id: int) -> None:
        with app.app_context():
            db.session.get(Observation, observation_id).status = ObservationStatus.ON_AGENDA
            db.session.commit()

    return put
