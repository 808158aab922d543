"""Who a meeting concerns: the one rule invitations, answers, the organiser's overview and
reminders all read (they import it from here, none keeps a copy).

A meeting concerns the members sitting on its day (``mandates.sat_on``: joined on or before it,
and active or gone on or after it); a contract instance (comité de pilotage, comité technique)
concerns its active delegates once they are named — while none is named, it concerns everyone
sitting, like any other meeting. Members whose data was erased are never concerned.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, or_, select

from council.database import utcnow
from council.extensions import db
from council.meetings.models import Meeting, MeetingKind, meeting_delegate
from council.meetings.services.attendance import meeting_day
from council.membership.models import Member, MemberStatus
from council.membership.services.roster import members_sitting_on

CONTRACT_KINDS = [kind for kind in MeetingKind if kind.is_contract_instance]


def concerned_members(meeting: Meeting) -> list[Member]:
    """The members ``meeting`` concerns, by name (the rule above)."""
    if meeting.kind.is_contract_instance and meeting.delegates:
        members = [m for m in meeting.delegates if m.status is MemberStatus.ACTIVE]
    else:
        members = members_sitting_on(meeting_day(meeting))
    return [m for m in members if m.anonymised_at is None]


def is_concerned(meeting: Meeting, member: Member | None) -> bool:
    """Whether ``meeting`` concerns ``member`` (may they answer, are they invited)."""
    return member is not None and any(m.id == member.id for m in concerned_members(meeting))


def meetings_ahead_for(member: Member, now: datetime | None = None, limit: int = 200) -> list[Meeting]:
    """The meetings still to come (not cancelled) this member was invited to by the rule above,
    whatever their status now (a member who just left no longer sits on those days): every
    meeting but contract instances, and those where they are a delegate or none is named."""
    delegates = select(meeting_delegate.c.meeting_id)
    any_named = exists(delegates.where(meeting_delegate.c.meeting_id == Meeting.id))
    delegate_of = delegates.where(meeting_delegate.c.member_id == member.id)
    return list(db.session.scalars(
        select(Meeting).where(
            Meeting.cancelled_at.is_(None), Meeting.starts_at > (now or utcnow()),
            or_(Meeting.kind.not_in(CONTRACT_KINDS), ~any_named, Meeting.id.in_(delegate_of)))
        .order_by(Meeting.starts_at, Meeting.id).limit(limit)))
