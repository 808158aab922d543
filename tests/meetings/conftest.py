"""Factories for the meetings tests: roster members and meetings, committed, with overridable
defaults. Times are given as a number of days from today, at a Paris wall-clock time."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta

import pytest

from council.extensions import db

_numbers = itertools.count(1)


def paris_day(days: int, clock: time = time(18, 30)):
    """The instant at ``clock`` Paris time, ``days`` from today (negative: in the past)."""
    from council.meetings.rules import paris_instant

    return paris_instant(date.today() + timedelta(days=days), clock)


@pytest.fixture
def make_member(app):
    """Factory: ``make_member(first_name=…, last_name=…, email=…, status=MemberStatus.ACTIVE,
    user=None)`` → the member's id."""
    from council.eligibility import College
    from council.membership.models import Member, MemberStatus

    def factory(first_name=None, last_name=None, email="", status=MemberStatus.ACTIVE, user=None):
        number = next(_numbers)
        with app.app_context():
            member = Member(
                first_name=first_name or f"Prénom{number}", last_name=last_name or f"Nom{number:03d}",
                email=(f"membre{number}@example.org" if email == "" else email),
                college=College.RESIDENT, status=status, joined_on=date(2024, 1, 15),
                user_id=user.id if user is not None else None,
            )
            db.session.add(member)
            db.session.commit()
            return member.id

    return factory


@pytest.fixture
def make_meeting(app):
    """Factory: ``make_meeting(days=7, title=…, kind=…, visibility=…, agenda=[…], hours=2,
    clock=time(18, 30), cancelled=None)`` → the meeting's id (created through the service)."""
    from council.meetings.models import MeetingKind, Visibility
    from council.meetings.services.meetings import MeetingData, cancel_meeting, create_meeting

    def factory(days=7, title=None, kind=MeetingKind.PLENARY, visibility=Visibility.PUBLIC,
                agenda=("Accueil", "Budget", "Questions diverses"), hours=2, clock=time(18, 30),
                place_name="Maison du Citoyen", place_address="Place du Marché, 61200 Argentan",
                description="", delegate_ids=(), cancelled=None):
        start = paris_day(days, clock)
        with app.app_context():
            meeting = create_meeting(MeetingData(
                title=title or f"Réunion {next(_numbers)}", kind=kind, starts_at=start,
                ends_at=start + timedelta(hours=hours), place_name=place_name,
                place_address=place_address, description=description, visibility=visibility,
                agenda=[(None, item) for item in agenda], delegate_ids=list(delegate_ids),
            ))
            if cancelled:
                cancel_meeting(meeting, cancelled, now=start - timedelta(days=30))
            db.session.commit()
            return meeting.id

    return factory


@pytest.fixture
def outbox(app):
    """The e-mails sent during this test (Flask-Mailman's locmem backend)."""
    mailman = app.extensions["mailman"]
    mailman.outbox = []
    return mailman.outbox
