"""Who a meeting concerns: one rule (``services.concerned``) for invitations, answers and
reminders — the members sitting on its day; a contract instance's delegates once named. Before
issue 16's parts were joined, invitations went to the members active today (a member joining
after the meeting's day was invited, and nobody at all to a contract instance without
delegates) while answers followed the rule below."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from council.extensions import db
from council.meetings.models import Meeting, MeetingKind
from council.meetings.services import answers, invitations, reminders
from council.meetings.services.concerned import concerned_members, is_concerned
from council.membership.models import Member
from tests.fixtures.mail import smtp_settings


@pytest.fixture
def app_config(smtp):
    return smtp_settings(smtp[0].port)


def test_every_part_reads_the_one_rule():
    assert invitations.concerned_members is concerned_members
    assert answers.concerned_members is concerned_members
    assert reminders.concerned_members is concerned_members
    assert answers.is_concerned is is_concerned


def _ids(app, meeting_id) -> list[int]:
    with app.app_context():
        return [m.id for m in concerned_members(db.session.get(Meeting, meeting_id))]


def test_a_meeting_concerns_the_members_sitting_on_its_day(app, client, smtp, login_as, make_member,
                                                          make_meeting):
    _, server = smtp
    meeting = make_meeting(days=10)
    sitting = make_member(email="awa@example.org")
    later = make_member(email="tard@example.org", joined_on=date.today() + timedelta(days=20))
    erased = make_member(email="efface@example.org")
    with app.app_context():
        db.session.get(Member, erased).anonymised_at = db.func.now()
        db.session.commit()
    assert _ids(app, meeting) == [sitting]
    login_as("organiser")
    client.post(f"/reunions/{meeting}/invitations")
    assert server.recipients == ["awa@example.org"]  # was: tard@ too (active today)
    with app.app_context():
        found = db.session.get(Meeting, meeting)
        assert not is_concerned(found, db.session.get(Member, later))


def test_a_contract_instance_concerns_everyone_sitting_until_its_delegates_are_named(
        app, client, smtp, login_as, make_member, make_meeting):
    _, server = smtp
    awa = make_member(email="awa@example.org")
    zoe = make_member(email="zoe@example.org")
    open_committee = make_meeting(days=10, kind=MeetingKind.STEERING_COMMITTEE)
    named = make_meeting(days=11, kind=MeetingKind.STEERING_COMMITTEE, delegate_ids=[zoe])
    assert _ids(app, open_committee) == [awa, zoe]
    assert _ids(app, named) == [zoe]
    login_as("organiser")
    client.post(f"/reunions/{open_committee}/invitations")
    assert server.recipients == ["awa@example.org", "zoe@example.org"]  # was: nobody
    client.post(f"/reunions/{named}/invitations")
    assert server.recipients[-1:] == ["zoe@example.org"] and len(server.recipients) == 3
