"""Membership fixtures: valid application data, and factories for applications and members."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from council.eligibility import ActorCategory, Applicant, College
from council.extensions import db

_counter = itertools.count()


def years_ago(years: int, days: int = 0) -> date:
    """A birth date making someone ``years`` old today in Paris (``days`` < 300 past the birthday)."""
    from council import dates

    today = dates.today()
    return date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=days)


def resident_form(**overrides) -> dict:
    """What a 17-year-old resident of Les Provinces sends through /candidature."""
    data = {
        "college": "resident",
        "first_name": "Inès",
        "last_name": "Lefebvre",
        "birth_date": years_ago(17, days=40).isoformat(),
        "email": f"ines.lefebvre{next(_counter)}@example.org",
        "phone": "06 12 34 56 78",
        "gender": "female",
        "home_neighbourhood": "les-provinces",
        "address": "12 rue de Bretagne, 61200 Argentan",
        "incompatible_office": "non",
        "motivation": "Je veux améliorer le quartier.",
        "consent": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def actor_form(**overrides) -> dict:
    """A shopkeeper living elsewhere whose shop is in Saint-Michel – Vallée d'Auge."""
    data = resident_form(college="local_actor", first_name="Karim", last_name="Benali",
                         birth_date="1979-04-02", gender="male", home_neighbourhood="autre",
                         address="3 route de Falaise, 61200 Argentan",
                         actor_category="shopkeeper", structure_name="Boulangerie du Marché",
                         activity_neighbourhood="saint-michel-vallee-d-auge")
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def make_application(app):
    """Factory: a pending application stored through the real service; returns its id."""
    from council import dates
    from council.membership.models import Gender
    from council.membership.services.applications import submit

    def factory(college=College.RESIDENT, gender=Gender.FEMALE, home="les-provinces", **overrides):
        local_actor = college is College.LOCAL_ACTOR
        fields = {
            "college": college, "first_name": "Camille", "last_name": f"Durand{next(_counter)}",
            "birth_date": date(1990, 5, 17), "email": f"candidat{next(_counter)}@example.org",
            "phone": None, "gender": gender, "home_neighbourhood": home,
            "address": "5 place du Marché, 61200 Argentan",
            "actor_category": ActorCategory.ARTISAN if local_actor else None,
            "structure_name": "Atelier Marie" if local_actor else None,
            "activity_neighbourhood": "les-provinces" if local_actor else None,
            "motivation": None,
        }
        fields.update(overrides)
        applicant = Applicant(fields["birth_date"], college, fields["home_neighbourhood"],
                              fields["actor_category"], fields["activity_neighbourhood"])
        with app.app_context():
            submission = submit(dict(fields), applicant, dates.today())
            assert submission.application is not None, submission
            db.session.commit()
            return submission.application.id

    return factory


@pytest.fixture
def make_member(app):
    """Factory: an active member of the habitants college (no account); returns its id."""
    from council.membership.models import Gender, Member, MemberStatus
    from council.reference.models import Neighbourhood

    def factory(neighbourhood="les-provinces", **overrides):
        with app.app_context():
            n = next(_counter)
            values = {
                "first_name": "Alex", "last_name": f"Martin{n}", "email": f"membre{n}@example.org",
                "college": College.RESIDENT, "gender": Gender.FEMALE,
                "joined_on": date(2025, 1, 15), "status": MemberStatus.ACTIVE,
                "neighbourhood": db.session.query(Neighbourhood).filter_by(slug=neighbourhood).one(),
            }
            values.update(overrides)
            member = Member(**values)
            db.session.add(member)
            db.session.commit()
            return member.id

    return factory
