"""Plain factory functions ``(app, …) -> id`` for tests that need objects of several areas
(the access table, privacy). Area conftests keep their own richer fixtures."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

from council.extensions import db

_numbers = itertools.count(1)


def make_application(app, **overrides) -> int:
    """A pending application of a resident of Les Provinces, through the real service."""
    from council import dates
    from council.eligibility import Applicant, College
    from council.membership.models import Gender
    from council.membership.services.applications import submit

    n = next(_numbers)
    fields = {
        "college": College.RESIDENT, "first_name": "Camille", "last_name": f"Durand{n}",
        "birth_date": date(1990, 5, 17), "email": f"candidature{n}@example.org", "phone": None,
        "gender": Gender.FEMALE, "home_neighbourhood": "les-provinces",
        "address": "5 place du Marché, 61200 Argentan", "actor_category": None,
        "structure_name": None, "activity_neighbourhood": None, "motivation": None,
        **overrides,
    }
    applicant = Applicant(fields["birth_date"], fields["college"], fields["home_neighbourhood"])
    with app.app_context():
        submission = submit(dict(fields), applicant, dates.today())
        db.session.commit()
        return submission.application.id


def make_member(app, **overrides) -> int:
    """An active member of the habitants college, without an account."""
    from council.eligibility import College
    from council.membership.models import Gender, Member, MemberStatus
    from council.reference.models import Neighbourhood

    n = next(_numbers)
    with app.app_context():
        values = {
            "first_name": "Alex", "last_name": f"Martin{n}", "email": f"membre.{n}@example.org",
            "college": College.RESIDENT, "gender": Gender.FEMALE, "joined_on": date(2025, 1, 15),
            "status": MemberStatus.ACTIVE, "address": "1 rue de Provence, 61200 Argentan",
            "neighbourhood": db.session.query(Neighbourhood).filter_by(slug="les-provinces").one(),
            **overrides,
        }
        member = Member(**values)
        db.session.add(member)
        db.session.commit()
        return member.id


def make_meeting(app, days: int = 7, **overrides) -> int:
    """A public plenary ``days`` from now at 18 h 30 Paris time, with a three-item agenda."""
    from zoneinfo import ZoneInfo

    from council.meetings.models import MeetingKind, Visibility
    from council.meetings.services.meetings import MeetingData, create_meeting

    paris = ZoneInfo("Europe/Paris")
    day = (datetime.now(UTC).astimezone(paris) + timedelta(days=days)).date()
    start = datetime.combine(day, time(18, 30), tzinfo=paris)
    data = {
        "title": f"Assemblée plénière {next(_numbers)}", "kind": MeetingKind.PLENARY,
        "starts_at": start, "ends_at": start + timedelta(hours=2),
        "place_name": "Maison du Citoyen", "place_address": "Place du Marché, 61200 Argentan",
        "description": "", "visibility": Visibility.PUBLIC,
        "agenda": [(None, "Accueil"), (None, "Budget"), (None, "Questions diverses")],
        "delegate_ids": [], **overrides,
    }
    with app.app_context():
        meeting = create_meeting(MeetingData(**data))
        db.session.commit()
        return meeting.id
