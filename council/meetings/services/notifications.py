"""E-mails telling active members that a meeting was scheduled, moved or cancelled."""

from __future__ import annotations

import enum
import logging

from flask import render_template
from sqlalchemy import select

from council.extensions import db
from council.mail import Delivery, send_each
from council.meetings.models import Meeting
from council.membership.models import Member, MemberStatus

log = logging.getLogger(__name__)


class Change(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    CANCELLED = "cancelled"

    @property
    def subject(self) -> str:
        # No personal data in subjects: mail servers log them.
        return {
            "created": "Conseil citoyen : une réunion est programmée",
            "updated": "Conseil citoyen : une réunion a changé",
            "cancelled": "Conseil citoyen : une réunion est annulée",
        }[self.value]


def member_addresses() -> list[str]:
    """E-mail addresses of active members who gave one (each once)."""
    rows = db.session.scalars(
        select(Member.email).where(Member.status == MemberStatus.ACTIVE, Member.email.is_not(None))
    )
    return sorted({email.strip().lower() for email in rows if email and email.strip()})


def notify_members(meeting: Meeting, change: Change, ics: bytes, page_url: str,
                   changes: list[str] | None = None) -> Delivery:
    """Send one e-mail per active member (nobody sees the others' addresses), the .ics attached;
    a member whose message fails is logged (without the address) and the others still get theirs."""
    body = render_template("meetings/email/notification.txt", meeting=meeting, change=change,
                           Change=Change, changes=changes or [], page_url=page_url)
    attachment = (f"reunion-{meeting.id}.ics", ics, "text/calendar")
    delivery = send_each(member_addresses(), change.subject, body, attachments=[attachment],
                         kind=f"meeting {change.value}")
    log.info("meeting %s: %s notice sent to %d members, %d failed", meeting.id, change.value,
             delivery.sent, delivery.failed)
    return delivery
