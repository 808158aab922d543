"""Calendar feeds: which meetings, as plain data for ``council.ical``; cheap validators for
conditional requests; the built bodies, kept in the shared cache until the next change; the
secret tokens of private feeds. Add and flush, never commit."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import BinaryIO

from flask import current_app
from sqlalchemy import func, select

from council import cache, french
from council.auth.models import CouncilRole, User
from council.councils.services import council_config
from council.database import utcnow
from council.extensions import db
from council.ical import CalendarInfo, MeetingEvent, build_calendar, meeting_uid
from council.links import absolute_url
from council.meetings.models import AgendaItem, CalendarToken, Meeting, Visibility
from council.membership.models import Member
from council.tenancy import current_council_id

FEED_WINDOW = timedelta(days=365)  # feeds carry meetings from twelve months back onwards
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
FORMAT_VERSION = "1"  # bump when the .ics output changes, so every client refetches


@dataclass(frozen=True)
class Feed:
    """Which feed: the public one, or one account's private one.

    With the meetings and the council's profile, this is everything the body depends on: the
    ETag hashes every field (and the cache keeps a body per ETag), and ``feed_bytes`` reads
    nothing else about who asks. A preference of the owner that changes their body (a reminder
    alarm…) must be a field here, so that changing it changes the ETag and rebuilds the body."""

    members_only_too: bool
    owner_id: int | None = None  # the private feed's account: never served another's body
    alarm_minutes: int | None = None  # the owner's reminder (their profile's choice), private only

    @property
    def kind(self) -> str:
        return "public" if self.owner_id is None else f"private-u{self.owner_id}"


PUBLIC_FEED = Feed(members_only_too=False)


def private_feed_for_token(secret: str) -> Feed | None:
    """The feed a private link opens (every meeting a member may see, with the reminder its owner
    chose on their member record), or None when the secret opens no active account's feed. One
    query: the token, its account and the alarm together."""
    if not TOKEN_PATTERN.fullmatch(secret or ""):  # also keeps NUL bytes away from PostgreSQL
        return None
    found = db.session.execute(
        select(User.id, User.active, CouncilRole.active.label("active_here"),
               Member.feed_alarm_minutes)
        .join(CalendarToken, CalendarToken.user_id == User.id)
        .outerjoin(CouncilRole, CouncilRole.user_id == User.id)  # its access in this council
        .outerjoin(Member, Member.user_id == User.id)
        .where(CalendarToken.token == secret).limit(1)
    ).first()
    if found is None or not (found.active and found.active_here):  # as ``User.active_here``
        return None
    return Feed(members_only_too=True, owner_id=found.id, alarm_minutes=found.feed_alarm_minutes)


@dataclass(frozen=True)
class FeedState:
    """What a conditional request is compared with, computed without building the feed."""

    etag: str
    last_modified: datetime | None


def feed_since(now: datetime | None = None) -> datetime:
    return (now or utcnow()) - FEED_WINDOW


def _feed_filter(members_only_too: bool, since: datetime):
    conditions = [Meeting.starts_at >= since]
    if not members_only_too:
        conditions.append(Meeting.visibility == Visibility.PUBLIC)
    return conditions


def feed_state(feed: Feed, page_prefix: str, now: datetime | None = None) -> FeedState:
    """ETag and Last-Modified of a feed from one aggregate query (latest change, count): every
    write to a meeting or its agenda moves its ``updated_at``; meetings are never deleted, and
    one leaving the window changes the count."""
    since = feed_since(now)
    latest, count = db.session.execute(
        select(func.max(Meeting.updated_at), func.count(Meeting.id))
        .where(*_feed_filter(feed.members_only_too, since))
    ).one()
    if latest is not None and latest.tzinfo is None:  # stored as naive UTC
        latest = latest.replace(tzinfo=UTC)
    config = council_config()
    fingerprint = "|".join(map(str, (
        FORMAT_VERSION, feed, current_council_id(), latest, count, page_prefix,
        config["SITE_HOST"], current_app.config["SITE_HOST"], config["COUNCIL_NAME"],
        config["CONTACT_EMAIL"], config["CALENDAR_REFRESH_MINUTES"],
    )))
    etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return FeedState(etag=etag, last_modified=latest)


def cached_feed_body(feed: Feed, page_prefix: str, state: FeedState) -> bytes | tuple[BinaryIO, int]:
    """The feed's body, built once per ETag and then read back from the cache the workers share
    (``council.cache``), keyed by council and feed (public, or private and whose): the bytes, or
    (once this worker has checked the cached file) that file open at the body, and its length."""
    identity = f"feed-c{current_council_id()}-{feed.kind}"
    return (cache.checked_file(identity, state.etag)
            or cache.cached(identity, state.etag, lambda: feed_bytes(feed, page_prefix)))


def feed_bytes(feed: Feed, page_prefix: str, now: datetime | None = None) -> bytes:
    """The feed: meetings from twelve months back onwards, cancelled ones included; a private
    feed whose owner chose a reminder carries it (``VALARM``) that long before each meeting.

    Reads plain columns (no ORM objects) in two queries: 6,000 meetings build in well under a
    second."""
    since = feed_since(now)
    conditions = _feed_filter(feed.members_only_too, since)
    agenda: dict[int, list[str]] = defaultdict(list)
    for meeting_id, title in db.session.execute(
        select(AgendaItem.meeting_id, AgendaItem.title)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(*conditions).order_by(AgendaItem.meeting_id, AgendaItem.position)
    ):
        agenda[meeting_id].append(title)
    columns = (Meeting.id, Meeting.title, Meeting.kind, Meeting.starts_at, Meeting.ends_at,
               Meeting.place_name, Meeting.place_address, Meeting.description, Meeting.visibility,
               Meeting.cancelled_at, Meeting.cancellation_reason, Meeting.sequence,
               Meeting.created_at, Meeting.updated_at)
    rows = db.session.execute(select(*columns).where(*conditions).order_by(Meeting.starts_at))
    host = current_app.config["SITE_HOST"]  # read once: a proxy lookup per event adds up
    events = [_event(row, tuple(agenda.get(row.id, ())), page_prefix, host) for row in rows]
    alarm = timedelta(minutes=feed.alarm_minutes) if feed.alarm_minutes else None
    return build_calendar(calendar_info(feed.members_only_too, page_prefix), events, alarm)


def meeting_bytes(meeting: Meeting, page_prefix: str) -> bytes:
    """A calendar holding one meeting (download, e-mail attachment)."""
    info = calendar_info(not meeting.is_public, page_prefix, single=meeting.title)
    return build_calendar(info, [meeting_event(meeting, page_prefix)])


def meeting_event(meeting: Meeting, page_prefix: str) -> MeetingEvent:
    """One meeting as ``council.ical`` data (the same UID and times as in the feeds)."""
    return _event(meeting, tuple(item.title for item in meeting.agenda_items), page_prefix)


def _event(row, agenda: tuple[str, ...], page_prefix: str, host: str | None = None) -> MeetingEvent:
    return MeetingEvent(
        uid=meeting_uid(row.id, host or current_app.config["SITE_HOST"]),
        title=row.title, starts_at=row.starts_at, ends_at=row.ends_at,
        place_name=row.place_name, place_address=row.place_address,
        description=row.description, url=f"{page_prefix}{row.id}", category=row.kind.label,
        sequence=row.sequence, created=row.created_at, last_modified=row.updated_at,
        agenda=agenda, cancelled=row.cancelled_at is not None,
        cancellation_reason=row.cancellation_reason,
        members_only=row.visibility is Visibility.MEMBERS,
    )


def calendar_info(members_only_too: bool, page_prefix: str, single: str | None = None) -> CalendarInfo:
    config = council_config()
    name = f"Réunions – {config['COUNCIL_NAME']}"
    if members_only_too:
        name += " (membres)"
    scope = "membres" if members_only_too else "public"
    return CalendarInfo(
        name=single or name,
        description=f"Les réunions {french.de(config['COUNCIL_NAME'])}, en heure de Paris.",
        uid=f"calendrier-{scope}@{config['SITE_HOST']}",
        organizer_email=config["CONTACT_EMAIL"],
        organizer_name=config["COUNCIL_NAME"],
        url=page_prefix.rstrip("/"),
        refresh=timedelta(minutes=int(config["CALENDAR_REFRESH_MINUTES"])),
        prodid=f"-//{config['COUNCIL_NAME']}//Calendrier des réunions//FR",
    )


def page_prefix() -> str:
    """Absolute address of meeting pages, without the id: ``https://host/reunions/``."""
    return absolute_url("meetings.index") + "/"


def subscription_links(user: User) -> dict[str, str | None]:
    """What ``meetings/_subscription.html`` needs (the profile page includes it too): the
    account's private feed address and its webcal:// twin, or None before a link is made."""
    token = token_of(user)
    if token is None:
        return {"feed_url": None, "webcal_url": None}
    feed_url = absolute_url("meetings.private_feed", token=token.token)
    return {"feed_url": feed_url, "webcal_url": "webcal://" + feed_url.split("://", 1)[1]}


def token_of(user: User) -> CalendarToken | None:
    return db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))


def regenerate_token(user: User) -> CalendarToken:
    """Give the account a new random secret (256 bits); the previous link stops working."""
    token = token_of(user)
    if token is None:
        token = CalendarToken(user_id=user.id)
        db.session.add(token)
    token.token = secrets.token_urlsafe(32)
    token.created_at = utcnow()
    db.session.flush()
    return token
