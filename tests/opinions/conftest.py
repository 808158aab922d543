"""Fixtures for avis tests."""

import pytest

from council.extensions import db
from council.opinions.lifecycle import OpinionStatus
from council.opinions.models import Opinion
from tests.participation_factories import reference_ids


@pytest.fixture
def ids(app):
    with app.app_context():
        return reference_ids()


@pytest.fixture
def scheduled(app):
    """Put a draft on a meeting's agenda (until the meetings area is merged: the status only)."""

    def put(opinion_id: int) -> None:
        with app.app_context():
            db.session.get(Opinion, opinion_id).status = OpinionStatus.ON_AGENDA
            db.session.commit()

    return put
