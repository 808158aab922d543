"""Demo meetings: past ones with attendance and minutes, upcoming, cancelled and members-only."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select

from council import dates
from council.database import utcnow
from council.eligibility import College
from council.extensions import db
from council.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MinutesFormat,
    Visibility,
)
from council.meetings.rules import paris_instant
from council.meetings.services.meetings import (
    MeetingData,
    cancel_meeting,
    create_meeting,
    save_minutes,
)
from council.membership.models import Member
from council.membership.services.roster import active_members

MAISON = ("Maison du Citoyen", "Place du Marché, 61200 Argentan")
ESPACE = ("Espace Xavier Rousseau", "Rue de Provence, 61200 Argentan")

# Used only when the roster is still empty, so that registers have someone on them.
FALLBACK_MEMBERS = [
    ("Awa", "Diallo"), ("Jeanne", "Lefèvre"), ("Karim", "Benali"), ("Lucie", "Marchand"),
    ("Mathis", "Gautier"), ("Nadia", "Haddad"), ("Paul", "Lemoine"), ("Sofia", "Moreau"),
]

MINUTES = """## Présents
Voir la feuille de présence.

## Relevé de décisions
1. Le conseil demande à la Ville un **éclairage** du passage entre la rue de Provence et le city-stade.
2. Un groupe de travail « jeunesse » se réunira avant l'été.
3. L'avis sur le projet de jardin partagé sera voté à la prochaine plénière.

Plus d'informations : [contrat de ville d'Argentan](https://www.argentan.fr/)
"""


NO_MEETING_DAYS = {(12, 24), (12, 25), (12, 31), (1, 1)}  # the council does not meet then


def meeting_day(day):
    """``day``, or the next day the council would really meet (never a Sunday, 24/12, 25/12,
    31/12 or 1/1)."""
    while day.weekday() == 6 or (day.month, day.day) in NO_MEETING_DAYS:
        day += timedelta(days=1)
    return day


def _at(days: int, clock: time, hours: float = 2.0):
    day = meeting_day(dates.today() + timedelta(days=days))
    start = paris_instant(day, clock)
    return start, start + timedelta(hours=hours)


def _meeting(title, kind, days, clock, place, agenda, visibility=Visibility.PUBLIC,
             description="", delegates=()):
    start, end = _at(days, clock)
    return create_meeting(MeetingData(
        title=title, kind=kind, starts_at=start, ends_at=end, place_name=place[0],
        place_address=place[1], description=description, visibility=visibility,
        agenda=[(None, item) for item in agenda], delegate_ids=list(delegates),
    ))


def _roster() -> list[Member]:
    members = active_members()
    if members:
        return members
    for number, (first, last) in enumerate(FALLBACK_MEMBERS):
        db.session.add(Member(first_name=first, last_name=last, college=College.RESIDENT,
                              email=f"{first.lower()}.{last.lower()}@example.org".replace("è", "e"),
                              joined_on=dates.today() - timedelta(days=400 - number)))
    db.session.flush()
    return active_members()


def seed_meetings() -> int:
    """Create the demo meetings (nothing if some exist already); returns how many."""
    if db.session.scalar(select(Meeting.id).limit(1)) is not None:
        return 0
    members = _roster()
    past = [
        _meeting("Assemblée plénière : bilan des observations", MeetingKind.PLENARY, -77,
                 time(18, 30), MAISON,
                 ["Accueil des nouveaux membres", "Bilan des observations", "Questions diverses"]),
        _meeting("Assemblée plénière : cadre de vie", MeetingKind.PLENARY, -33, time(18, 30), MAISON,
                 ["Éclairage rue de Provence", "Groupe de travail jeunesse", "Calendrier 2027"]),
        _meeting("Réunion de bureau", MeetingKind.BUREAU, -20, time(17, 0), ESPACE,
                 ["Préparer la plénière", "Point sur les candidatures"], Visibility.MEMBERS),
        _meeting("Assemblée plénière : jardin partagé", MeetingKind.PLENARY, -6, time(18, 30), MAISON,
                 ["Avis sur le jardin partagé", "Retour du comité de pilotage"]),
    ]
    for index, meeting in enumerate(past):
        for position, member in enumerate(members):
            status = (AttendanceStatus.ABSENT if position == len(members) - 1
                      else AttendanceStatus.EXCUSED if (position + index) % 5 == 0
                      else AttendanceStatus.PRESENT)
            db.session.add(Attendance(meeting_id=meeting.id, member_id=member.id, status=status))
        if index in (0, 1, 3):
            save_minutes(meeting, MINUTES, MinutesFormat.MARKDOWN, publish=index != 3)
    upcoming = [
        _meeting("Assemblée plénière : fête de quartier", MeetingKind.PLENARY, 9, time(18, 30), MAISON,
                 ["Vote de l'avis sur le jardin partagé", "Propositions pour la fête de quartier",
                  "Questions des habitants"],
                 description="Ouverte à toutes et à tous : venez poser vos questions au conseil."),
        _meeting("Groupe de travail jeunesse", MeetingKind.WORKING_GROUP, 16, time(14, 0), ESPACE,
                 ["Recenser les besoins des 16-25 ans", "Rencontre avec la Mission locale"]),
        _meeting("Comité de pilotage du contrat de ville", MeetingKind.STEERING_COMMITTEE, 23,
                 time(10, 0), ("Hôtel de ville", "Place Henri IV, 61200 Argentan"),
                 ["Programmation 2027", "Parole au conseil citoyen"], Visibility.MEMBERS,
                 delegates=[m.id for m in members[:2]]),
        _meeting("Réunion de bureau", MeetingKind.BUREAU, 30, time(17, 0), ESPACE,
                 ["Ordre du jour de la plénière"], Visibility.MEMBERS),
    ]
    cancelled = _meeting("Réunion publique sur le stationnement", MeetingKind.PUBLIC_MEETING, 12,
                         time(19, 0), MAISON, ["Présentation du projet", "Échanges avec les habitants"])
    cancel_meeting(cancelled, "Salle indisponible ; une nouvelle date sera annoncée.", now=utcnow())
    db.session.flush()
    return len(past) + len(upcoming) + 1
