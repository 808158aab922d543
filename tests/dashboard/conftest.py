"""``seed_council(scale)``: a council with something waiting in every section of the dashboard,
``scale`` times over (rows written directly, so that 10× stays quick)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from council.extensions import db

_numbers = itertools.count()


@pytest.fixture
def seed_council(app, make_meeting):
    """Factory: ``seed_council(scale=1)`` → a dict of counts. Per ``scale``: 10 active members (2 of
    them with a mandate ended, 1 ending in 30 days, 2 absent without excuse at the 3 meetings held),
    3 pending applications, 2 substitutes (one per college), 2 observations to moderate, 2
    observations and 1 avis transmitted 90 days ago without answer; one meeting in 7 days."""
    from council import dates
    from council.database import utcnow
    from council.eligibility import ActorCategory, College
    from council.meetings.models import Attendance, AttendanceStatus, Meeting
    from council.membership.models import Application, ApplicationStatus, Gender, Member
    from council.observations.lifecycle import ObservationKind, ObservationOrigin, ObservationStatus
    from council.observations.models import Observation
    from council.opinions.lifecycle import CarrierType, OpinionKind, OpinionStatus
    from council.opinions.models import Opinion
    from tests.fixtures.reference import reference_ids

    def factory(scale: int = 1) -> dict:
        held = [make_meeting(days=-days, agenda=("Accueil",)) for days in (30, 20, 10)]
        upcoming = make_meeting(days=7, title="Assemblée plénière de printemps",
                                agenda=("Accueil", "Budget participatif"))
        with app.app_context():
            ids = reference_ids()
            today, now = dates.today(), utcnow()
            members = []
            for n in range(10 * scale):
                k = next(_numbers)
                ends = {0: today - timedelta(days=5), 1: today - timedelta(days=1),
                        2: today + timedelta(days=30)}.get(n % 10, today + timedelta(days=400))
                member = Member(first_name="Membre", last_name=f"Tableau{k:04d}", college=College.RESIDENT,
                                gender=Gender.FEMALE if n % 2 else Gender.MALE, joined_on=date(2024, 1, 1),
                                mandate_ends_on=ends, neighbourhood_id=ids["saint_michel"])
                db.session.add(member)
                members.append((n, member))
            db.session.flush()
            for meeting_id in held:
                meeting = db.session.get(Meeting, meeting_id)
                meeting.active_count = len(members)
                for n, member in members:
                    absent = n % 10 in (3, 4)
                    db.session.add(Attendance(meeting_id=meeting_id, member_id=member.id,
                                              status=AttendanceStatus.ABSENT if absent
                                              else AttendanceStatus.PRESENT))
            for n in range(5 * scale):
                k = next(_numbers)
                status = ApplicationStatus.PENDING if n % 5 < 3 else ApplicationStatus.SUBSTITUTE
                college = College.LOCAL_ACTOR if n % 5 == 4 else College.RESIDENT
                db.session.add(Application(
                    reference=f"T{k:08d}", status=status, college=college, first_name="Candidate",
                    last_name=f"Tableau{k:04d}", birth_date=date(1990, 1, 1),
                    email=f"tableau{k}@example.org", address="1 rue du Test", consented_at=now,
                    created_at=now - timedelta(days=12 + n), substitute_position=k if n % 5 >= 3 else None,
                    home_neighbourhood_id=ids["saint_michel"],
                    actor_category=ActorCategory.ARTISAN if college is College.LOCAL_ACTOR else None,
                    activity_neighbourhood_id=ids["saint_michel"] if college is College.LOCAL_ACTOR else None,
                ))
            for n in range(4 * scale):
                pending = n % 2 == 0
                db.session.add(Observation(
                    kind=ObservationKind.IDEA,
                    origin=ObservationOrigin.ONLINE if pending else ObservationOrigin.MEMBER,
                    status=ObservationStatus.PENDING if pending else ObservationStatus.TRANSMITTED,
                    neighbourhood_id=ids["saint_michel"], description=f"Observation de test {n}",
                    observed_on=today - timedelta(days=100), created_at=now - timedelta(days=3),
                    partner_id=None if pending else ids["ville"],
                    transmitted_on=None if pending else today - timedelta(days=90)))
            for n in range(scale):
                db.session.add(Opinion(
                    kind=OpinionKind.OPINION, status=OpinionStatus.TRANSMITTED, title=f"Avis en attente {n}",
                    subject_project="Projet", carrier_type=CarrierType.MUNICIPALITY, text="Texte.",
                    partner_id=ids["ville"], transmitted_on=today - timedelta(days=90)))
            db.session.commit()
        return {"members": 10 * scale, "pending": 3 * scale, "moderation": 2 * scale,
                "overdue_observations": 2 * scale, "overdue_opinions": scale, "mandates": 3 * scale,
                "absent": 2 * scale, "meeting": upcoming}

    return factory
