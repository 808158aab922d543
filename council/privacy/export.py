"""A member's own data, as one JSON-ready document (right of access and portability)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from council.audit.models import AuditEntry
from council.auth.models import User
from council.extensions import db
from council.meetings.models import Attendance, CalendarToken
from council.membership.models import Application, Member


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value") and hasattr(value, "name"):  # an enum
        return value.value
    return value


def _columns(row, skip: tuple[str, ...] = ()) -> dict:
    return {column.key: _plain(getattr(row, column.key))
            for column in row.__table__.columns if column.key not in skip}


def member_data(user: User) -> dict:
    """Everything the app holds about this account's owner."""
    member = db.session.scalar(select(Member).where(Member.user_id == user.id))
    document = {
        "compte": _columns(user, skip=("password_hash", "session_token")),
        "membre": _columns(member) if member else None,
        "candidatures": [],
        "presences": [],
        "abonnement_calendrier": db.session.scalar(
            select(CalendarToken.created_at).where(CalendarToken.user_id == user.id)) is not None,
        "actions_journalisees": [
            {"action": entry.action, "objet": entry.target_type, "date": _plain(entry.created_at)}
            for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id == user.id)
                                            .order_by(AuditEntry.created_at))
        ],
    }
    if member is not None:
        # Follow the links (account -> member -> application), never an e-mail address: anyone
        # can type anyone's address into an application, or make it their own.
        document["candidatures"] = [
            _columns(application) for application in
            db.session.scalars(select(Application).where(Application.member_id == member.id))]
        attendance = db.session.scalars(
            select(Attendance).where(Attendance.member_id == member.id)
            .options(selectinload(Attendance.meeting)))
        document["presences"] = [
            {"reunion": line.meeting.title, "debut": _plain(line.meeting.starts_at),
             "statut": line.status.value} for line in attendance]
    _add_other_areas(user, document)
    return document


def _add_other_areas(user: User, document: dict) -> None:
    """Observations this person logged and avis they drafted (what they wrote is theirs too)."""
    from council.observations.models import Observation
    from council.opinions.models import Opinion

    document["observations_notees"] = [
        {"numero": row.id, "type": row.kind.value, "date": _plain(row.observed_on),
         "statut": row.status.value, "description": row.description}
        for row in db.session.scalars(select(Observation).where(Observation.logged_by_id == user.id))]
    document["avis_rediges"] = [
        {"numero": row.id, "titre": row.title, "statut": row.status.value}
        for row in db.session.scalars(select(Opinion).where(Opinion.created_by_id == user.id))]
