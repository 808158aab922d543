"""The meetings list: upcoming meetings soonest first, then past ones latest first, page by page,
now read as two index-ordered parts (council.meetings.services.meetings.meetings_page)."""

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from council.extensions import db
from council.meetings.models import Meeting, Visibility
from council.meetings.rules import LONGEST_MEETING
from council.meetings.services.meetings import get_meeting, meetings_page, update_meeting
from tests.meetings.test_services import data_of


def expected_order(meetings, now, members: bool) -> list[int]:
    """The order the list always had: the « upcoming first » sort of every meeting, in Python."""
    shown = [m for m in meetings if members or m.visibility is Visibility.PUBLIC]
    upcoming = sorted((m for m in shown if m.ends_at > now), key=lambda m: (m.starts_at, m.id))
    past = sorted((m for m in shown if m.ends_at <= now),
                  key=lambda m: (-m.starts_at.timestamp(), m.id))
    return [m.id for m in upcoming + past]


@pytest.fixture
def calendar(app, make_meeting):
    """Meetings on both sides of « now », ties on the start on both sides, members-only ones,
    a cancelled one, and one under way at « now » (started an hour before, two hours long)."""
    for days, clock in ((-40, time(18)), (-9, time(18)), (-9, time(18)), (-9, time(9)),
                        (-2, time(18)), (1, time(18)), (3, time(18)),
                        (3, time(18)), (3, time(10)), (12, time(18)), (30, time(18))):
        make_meeting(days=days, clock=clock)
    under_way_id = make_meeting(days=0, clock=time(17), title="En cours")
    for days in (-5, -1, 2, 3):
        make_meeting(days=days, clock=time(18), visibility=Visibility.MEMBERS)
    make_meeting(days=8, cancelled="Salle indisponible")
    with app.app_context():
        meetings = list(db.session.scalars(select(Meeting)))
        under_way = next(m for m in meetings if m.id == under_way_id)
        now = under_way.starts_at + timedelta(hours=1)
        db.session.expunge_all()
    return meetings, now


@pytest.mark.parametrize("members", [False, True])
@pytest.mark.parametrize("per_page", [1, 2, 3, 5, 40])
def test_every_page_keeps_the_upcoming_first_order_across_the_boundary(app, calendar, members,
                                                                       per_page):
    meetings, now = calendar
    expected = expected_order(meetings, now, members)
    upcoming = sum(1 for m in meetings if m.ends_at > now
                   and (members or m.visibility is Visibility.PUBLIC))
    assert 0 < upcoming < len(expected)  # the list crosses from upcoming to past
    with app.app_context():
        seen, page = [], 1
        while True:
            listed = meetings_page(members, page, per_page, now=now)
            assert len(listed.items) <= per_page
            seen += [m.id for m in listed.items]
            assert listed.total == len(expected) and not listed.more
            if not listed.has_next:
                break
            page += 1
        assert seen == expected
        assert page == -(-len(expected) // per_page)
        # a page beyond the last is empty, as before
        assert meetings_page(members, page + 1, per_page, now=now).items == []


def test_the_page_holding_the_boundary_ends_the_upcoming_and_starts_the_past(app, calendar):
    meetings, now = calendar
    expected = expected_order(meetings, now, members=True)
    upcoming = [m.id for m in meetings if m.ends_at > now]
    with app.app_context():
        # the page whose first half is upcoming and second half past
        per_page = 4
        page = len(upcoming) // per_page + 1
        listed = [m.id for m in meetings_page(True, page, per_page, now=now).items]
        start = (page - 1) * per_page
        assert listed == expected[start:start + per_page]
        assert any(i in upcoming for i in listed) and any(i not in upcoming for i in listed)


def test_a_meeting_under_way_is_upcoming_until_it_ends(app, calendar):
    meetings, now = calendar
    under_way = next(m for m in meetings if m.starts_at < now < m.ends_at)
    with app.app_context():
        first = meetings_page(True, 1, 1, now=now).items
        assert [m.id for m in first] == [under_way.id]
        after = meetings_page(True, 1, 50, now=under_way.ends_at)
        assert under_way.id not in [m.id for m in after.items[:1]]
        assert under_way.id in [m.id for m in after.items]


def test_a_meeting_lasts_one_day_at_most_for_the_services_too(app, make_meeting):
    """The list's index bound relies on it: the form keeps to one day, the services refuse more."""
    meeting_id = make_meeting(days=10)
    with app.app_context():
        meeting = get_meeting(meeting_id)
        with pytest.raises(ValueError, match="une seule journée"):
            update_meeting(meeting, data_of(meeting, ends_at=meeting.starts_at + LONGEST_MEETING
                                            + timedelta(minutes=1)))
        with pytest.raises(ValueError, match="après l'heure de début"):
            update_meeting(meeting, data_of(meeting, ends_at=meeting.starts_at))
