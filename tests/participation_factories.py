"""Factories for observations and avis, shared by their tests and the access table.

Each takes the app, works inside an app context, commits, and returns the new row's id.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from council.extensions import db
from council.observations.lifecycle import ObservationKind
from council.opinions.lifecycle import CarrierType, OpinionKind
from council.reference.models import Neighbourhood, Partner, Theme, ThemeKind


def reference_ids() -> dict:
    """Ids of the reference rows tests use (call inside an app context)."""
    def one(model, slug):
        return db.session.scalar(select(model.id).where(model.slug == slug))

    return {
        "saint_michel": one(Neighbourhood, "saint-michel-vallee-d-auge"),
        "provinces": one(Neighbourhood, "les-provinces"),
        "cadre_de_vie": one(Theme, "cadre-de-vie-renovation-urbaine"),
        "cohesion": one(Theme, "cohesion-sociale"),
        "emploi": one(Theme, "developpement-economique-emploi"),
        "jeunesse": one(Theme, "jeunesse"),
        "egalite": one(Theme, "egalite-femmes-hommes"),
        "orne_habitat": one(Partner, "orne-habitat"),
        "ville": one(Partner, "ville-argentan"),
        "axes": list(db.session.scalars(select(Theme.id).where(Theme.kind == ThemeKind.AXIS))),
    }


def make_observation(app, user_id: int | None = None, online: bool = False, contact: bool = False,
                     description: str = "Le lampadaire devant le 12 rue de Normandie ne marche plus.",
                     **overrides) -> int:
    """A new observation: logged by ``user_id`` (status « nouvelle »), or sent online (« à modérer »)."""
    from council.auth.models import User
    from council.observations.services.steps import ObservationData, log_observation, submit_observation

    with app.app_context():
        ids = reference_ids()
        values = {"kind": ObservationKind.DYSFUNCTION, "neighbourhood_id": ids["saint_michel"],
                  "pillar_id": ids["cadre_de_vie"], "description": description,
                  "observed_on": date(2026, 10, 5), "place": "12 rue de Normandie"}
        if contact:
            values.update(resident_name="Yvette Lanier", resident_contact="06 12 34 56 78", consent=True)
        values.update(overrides)
        data = ObservationData(**values)
        if online:
            observation = submit_observation(data)
        else:
            observation = log_observation(data, db.session.get(User, user_id))
        db.session.commit()
        return observation.id


def make_opinion(app, user_id: int, **overrides) -> int:
    """A draft avis addressed to the Ville d'Argentan."""
    from council.auth.models import User
    from council.opinions.services import OpinionData, create_opinion

    with app.app_context():
        ids = reference_ids()
        values = {"kind": OpinionKind.OPINION, "title": "Pérenniser le café des parents",
                  "subject_project": "Café des parents", "carrier_type": CarrierType.LOCAL_ACTOR,
                  "carrier_name": "Association De-ci De-là", "text": "Le conseil soutient ce projet.",
                  "partner_id": ids["ville"], "theme_ids": [ids["cohesion"]]}
        values.update(overrides)
        opinion = create_opinion(OpinionData(**values), db.session.get(User, user_id))
        db.session.commit()
        return opinion.id


def make_meeting(app, days: int = -1, agenda=("Observations des habitants", "Avis du conseil"),
                 members: int = 10, present: int = 7, title: str = "Assemblée plénière") -> dict:
    """A plenary ``days`` from now with its agenda, ``members`` active members and ``present`` of
    them marked present once it has started (attendance is never recorded before).
    Returns ``{"meeting": id, "items": [ids], "present": [member ids]}``."""
    from datetime import time, timedelta

    from council.database import utcnow
    from council.dates import today
    from council.eligibility import College
    from council.meetings.models import AttendanceStatus, MeetingKind
    from council.meetings.rules import paris_instant
    from council.meetings.services.attendance import record_attendance
    from council.meetings.services.meetings import MeetingData, create_meeting
    from council.membership.models import Member

    with app.app_context():
        start = paris_instant(today() + timedelta(days=days), time(18, 30))
        meeting = create_meeting(MeetingData(
            title=title, kind=MeetingKind.PLENARY, starts_at=start, ends_at=start + timedelta(hours=2),
            place_name="Maison du Citoyen", agenda=[(None, line) for line in agenda]))
        existing = db.session.scalar(select(func.count()).select_from(Member))
        roster = [Member(first_name=f"Membre{existing + n}", last_name="Essai", college=College.RESIDENT)
                  for n in range(members)]
        db.session.add_all(roster)
        db.session.flush()
        started = meeting.has_started(utcnow())
        if started:
            record_attendance(meeting, {m.id: AttendanceStatus.PRESENT if n < present
                                        else AttendanceStatus.ABSENT for n, m in enumerate(roster)}, None)
        db.session.commit()
        return {"meeting": meeting.id, "items": [item.id for item in meeting.agenda_items],
                "present": [m.id for m in roster[:present]] if started else []}
