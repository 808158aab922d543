"""Demo data for membership: a small council, applications waiting, substitutes, refusal counts.

Every person is fictitious and every address ends in @example.org.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from sqlalchemy import select

from council import dates
from council.auth.services.accounts import find_user
from council.database import utcnow
from council.eligibility import ActorCategory, College, Reason, nth_birthday
from council.extensions import db
from council.membership.minimisation import collected
from council.membership.models import (
    Application,
    ApplicationStatus,
    Gender,
    Member,
    MemberStatus,
)
from council.membership.services.applications import record_refusal
from council.reference.models import Neighbourhood

SM, PR = "saint-michel-vallee-d-auge", "les-provinces"
F, M = Gender.FEMALE, Gender.MALE
# ARCEP reserves these ranges for fiction (films, books, demos): no real line answers them
FICTION_PHONE_PREFIXES = ("01 99 00", "02 61 91", "03 53 01", "04 65 71", "05 36 49", "06 39 98")
# Days before today: the council was founded about 14 months ago, newer members joined since, so
# every mandate (2 years from joining) runs on, whatever day the demo is loaded.
FOUNDED, JANUARY, MARCH, JUNE, SEPTEMBER = 420, 310, 270, 170, 85
RESIDENTS = [  # first name, last name, gender, neighbourhood, joined (days ago)
    ("Camille", "Martin", F, PR, FOUNDED), ("Yasmine", "Haddad", F, SM, FOUNDED),
    ("Jeanne", "Lemoine", F, PR, FOUNDED), ("Fatou", "Diallo", F, SM, JANUARY),
    ("Élise", "Marchand", F, PR, MARCH), ("Noémie", "Roussel", F, SM, JUNE),
    ("Bernard", "Leroy", M, PR, FOUNDED), ("Mehdi", "Bensaïd", M, SM, FOUNDED),
    ("Lucas", "Fontaine", M, PR, JANUARY), ("Gérard", "Poulain", M, SM, MARCH),
    ("Kevin", "Lebrun", M, PR, SEPTEMBER),
]
ACTORS = [  # first name, last name, gender, category, structure, neighbourhood
    ("Nadia", "Bouzid", F, ActorCategory.ASSOCIATION_MEMBER,
     "Les Jardins partagés des Provinces (fictifs)", PR),
    ("Hervé", "Lecomte", M, ActorCategory.SHOPKEEPER, "Boulangerie du Marché (fictive)", SM),
    ("Sandrine", "Guérin", F, ActorCategory.LIBERAL_PROFESSION,
     "Cabinet infirmier de la Vallée (fictif)", SM),
    ("Thierry", "Vasseur", M, ActorCategory.ARTISAN, "Atelier Vasseur, cordonnerie (fictif)", PR),
    ("Aminata", "Traoré", F, ActorCategory.ASSOCIATION_MEMBER, "Club de foot Saint-Michel (fictif)", SM),
    ("Olivier", "Renard", M, ActorCategory.ASSOCIATION_MEMBER, "Les Amis de la médiathèque (fictifs)", PR),
]


def load_membership_demo(config, member_email: str = "membre@example.org",
                         reference: str = "C-DEMO") -> None:
    """Seed the roster, pending applications (two of them aged 16 and 17), substitutes, refusals;
    the first resident's record is the demo member account's (``member_email``); application
    references start with ``reference`` (unique on the whole install)."""
    today = dates.today()
    places = {n.slug: n for n in db.session.scalars(select(Neighbourhood))}
    account = find_user(member_email)
    for index, (first, last, gender, slug, joined) in enumerate(RESIDENTS):
        db.session.add(_member(first, last, gender, College.RESIDENT, places.get(slug),
                               today - timedelta(days=joined), user=account if index == 0 else None))
    for first, last, gender, category, structure, slug in ACTORS:
        member = _member(first, last, gender, College.LOCAL_ACTOR, places.get(slug),
                         today - timedelta(days=FOUNDED))
        member.actor_category, member.structure_name = category, structure
        db.session.add(member)
    gone = _member("Pascal", "Dufour", M, College.RESIDENT, places.get(PR), today - timedelta(days=FOUNDED))
    gone.status, gone.status_changed_on = MemberStatus.MOVED_OUT, today - timedelta(days=60)
    gone.status_reason = "A déménagé hors du quartier."
    db.session.add(gone)
    _applications(today, places, config, reference)
    for reasons in ((Reason.TOO_YOUNG,), (Reason.NOT_RESIDENT,), (Reason.TOO_YOUNG, Reason.NOT_RESIDENT),
                    (Reason.NOT_LOCAL_ACTOR,)):
        record_refusal(reasons, today)
    record_refusal((Reason.ACTIVITY_OUTSIDE,), today.replace(day=1) - timedelta(days=1))
    db.session.flush()


def _member(first, last, gender, college, neighbourhood, joined, user=None) -> Member:
    email = user.email if user else f"{_ascii(first)}.{_ascii(last)}@example.org"
    # a local actor is not asked a gender (``minimisation``): the demo keeps none either
    return Member(first_name=first, last_name=last, college=college, email=email,
                  **collected(college, {"gender": gender}),
                  phone=_fiction_phone(first + last), neighbourhood=neighbourhood, joined_on=joined,
                  mandate_ends_on=nth_birthday(joined, 2), status=MemberStatus.ACTIVE, user=user)


def _fiction_phone(seed: str) -> str:
    """A number from ARCEP's fiction ranges, stable for a name."""
    number = sum(ord(c) for c in seed) * 7919 % 10000
    prefix = FICTION_PHONE_PREFIXES[len(seed) % len(FICTION_PHONE_PREFIXES)]
    return f"{prefix} {number // 100:02d} {number % 100:02d}"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _applications(today: date, places, config, reference: str) -> None:
    rows = [  # first, last, gender, age, college, status, position
        ("Léna", "Morel", F, 16, College.RESIDENT, ApplicationStatus.PENDING, None),
        ("Enzo", "Petit", M, 17, College.RESIDENT, ApplicationStatus.PENDING, None),
        ("Rachida", "Amrani", F, 44, College.LOCAL_ACTOR, ApplicationStatus.PENDING, None),
        ("Sophie", "Carpentier", F, 38, College.RESIDENT, ApplicationStatus.SUBSTITUTE, 1),
        ("Julien", "Masson", M, 52, College.RESIDENT, ApplicationStatus.SUBSTITUTE, 2),
    ]
    for index, (first, last, gender, age, college, status, position) in enumerate(rows):
        local_actor = college is College.LOCAL_ACTOR  # asked neither gender nor home (minimisation)
        application = Application(
            reference=f"{reference}{index + 2}", status=status, college=college, first_name=first,
            last_name=last, birth_date=nth_birthday(today, -age) - timedelta(days=30 * index + 3),
            email=f"{_ascii(first)}.{_ascii(last)}@example.org", gender=None if local_actor else gender,
            home_neighbourhood=None if local_actor else places.get(PR),
            address=None if local_actor else f"{index + 3} rue des Tilleuls, 61200 Argentan",
            actor_category=ActorCategory.SHOPKEEPER if local_actor else None,
            structure_name="Épicerie des Provinces (fictive)" if local_actor else None,
            activity_neighbourhood=places.get(PR) if local_actor else None,
            motivation="Je voudrais aider à améliorer la vie du quartier.",
            consented_at=utcnow(), substitute_position=position,
        )
        if status is not ApplicationStatus.PENDING:  # decided: keeps the age statement only
            application.decided_at = utcnow()
            application.forget_at_decision(today, int(config["MINIMUM_AGE"]))
        db.session.add(application)
