"""iCalendar (RFC 5545, RFC 7986) for the council's meetings: plain data in, bytes out. No Flask.

The calendar's own properties and the Europe/Paris ``VTIMEZONE`` are built with ``icalendar``
components; text values are escaped with ``icalendar.vText``'s rules. The VEVENT lines are
written here (with RFC 5545 folding): building 6,000 ``icalendar.Event`` objects takes about two
seconds, and a calendar app polling a feed of that size must get it in a fraction of that. The
tests parse the output back with ``icalendar`` and with ``vobject``.

No stored text can break a line: every value goes through ``council.text`` first (line breaks
become spaces in one-line values and ``\\n`` escapes in descriptions; other control characters
and bidi overrides are dropped), then through RFC 5545 escaping; every content line is folded at
75 octets. A property test feeds any text to every field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vDuration

from council.text import lines, one_line

TZID = "Europe/Paris"
PARIS = ZoneInfo(TZID)
MEDIA_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarInfo:
    """What the calendar as a whole says about itself."""

    name: str
    description: str
    uid: str  # stable, e.g. "calendrier-public@conseil.example.org"
    organizer_email: str
    organizer_name: str
    url: str | None = None
    refresh: timedelta = timedelta(hours=1)
    prodid: str = "-//Conseil citoyen//Calendrier des réunions//FR"


@dataclass(frozen=True)
class MeetingEvent:
    """One meeting, as plain data. Times are aware datetimes (any zone)."""

    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    place_name: str
    place_address: str
    description: str
    url: str
    category: str
    sequence: int
    created: datetime
    last_modified: datetime
    agenda: tuple[str, ...] = field(default_factory=tuple)
    cancelled: bool = False
    cancellation_reason: str | None = None
    members_only: bool = False


def meeting_uid(meeting_id: int, host: str) -> str:
    """A UID unique across installations and stable across edits: ``reunion-12@host``."""
    return f"reunion-{meeting_id}@{host}"


def event_description(event: MeetingEvent) -> str:
    """The DESCRIPTION text: cancellation, description, agenda and the meeting page's address
    (many calendar apps never show the URL property)."""
    parts = []
    if event.cancelled:
        reason = f" : {lines(event.cancellation_reason)}" if event.cancellation_reason else "."
        parts.append(f"Réunion annulée{reason}")
    if event.description.strip():
        parts.append(lines(event.description.strip()))
    if event.agenda:
        points = [f"{number}. {one_line(title)}" for number, title in enumerate(event.agenda, start=1)]
        parts.append("Ordre du jour :\n" + "\n".join(points))
    parts.append(f"Page de la réunion : {one_line(event.url)}")
    return "\n\n".join(parts)


def event_location(event: MeetingEvent) -> str:
    return one_line(", ".join(part for part in (event.place_name, event.place_address) if part))


def build_calendar(info: CalendarInfo, events: Iterable[MeetingEvent],
                   alarm: timedelta | None = None) -> bytes:
    """The whole calendar, as bytes (UTF-8, CRLF line ends). The same data gives the same bytes.
    ``alarm``: each meeting not cancelled carries a VALARM (DISPLAY) that long before its start —
    for a member's private feed only (their choice); public feeds never do."""
    head = _calendar_head(info).to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    organizer = _organizer_line(info)
    bell = _alarm_text(alarm) if alarm else ""
    body = "".join(_event_text(event, organizer, "" if event.cancelled else bell) for event in events)
    return head[: -len(end)] + body.encode("utf-8") + end


def _calendar_head(info: CalendarInfo) -> Calendar:
    calendar = Calendar.new(
        prodid=one_line(info.prodid), name=one_line(info.name),
        description=one_line(info.description), uid=one_line(info.uid),
        refresh_interval=info.refresh, url=one_line(info.url) if info.url else None,
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # required by RFC 7986
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", TZID)
    calendar.add("x-published-ttl", vDuration(info.refresh))
    calendar.add_component(paris_timezone())
    return calendar


def paris_timezone() -> Timezone:
    """Europe/Paris as a VTIMEZONE with the EU rule (since 1996: last Sunday of March and of
    October) — the compact form every calendar program reads."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    timezone.add("x-lic-location", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("dtstart", datetime(1970, 3, 29, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("dtstart", datetime(1970, 10, 25, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    timezone.add_component(summer)
    timezone.add_component(winter)
    return timezone


def _organizer_line(info: CalendarInfo) -> str:
    name = one_line(info.organizer_name).replace('"', "'")
    return _line(f'ORGANIZER;CN="{name}":mailto:{one_line(info.organizer_email)}')


def _alarm_text(alarm: timedelta) -> str:
    """A VALARM ringing ``alarm`` before the start (RFC 5545 3.6.6: DISPLAY needs a DESCRIPTION)."""
    return ("BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Rappel : réunion\r\n"
            f"TRIGGER:-{vDuration(alarm).to_ical().decode()}\r\nEND:VALARM\r\n")


def _event_text(event: MeetingEvent, organizer: str, alarm: str = "") -> str:
    title = one_line(event.title)
    return event_text(
        event,
        # Without a METHOD, DTSTAMP is the time the event was last revised (RFC 5545 3.8.7.2).
        stamp=event.last_modified,
        summary=f"Annulée : {title}" if event.cancelled else title,
        description=event_description(event), cancelled=event.cancelled,
        tail=(organizer, alarm))


def event_text(event: MeetingEvent, *, stamp: datetime, summary: str, description: str,
               cancelled: bool, tail: Iterable[str] = ()) -> str:
    """One VEVENT as text (CRLF, folded, escaped): the feeds' and the invitations' (``tail``:
    the lines they add before its end, already folded — organizer, attendee, alarm)."""
    return "".join((
        "BEGIN:VEVENT\r\n",
        _line(f"UID:{escape_char(one_line(event.uid))}"),
        f"DTSTAMP:{_utc(stamp)}\r\n",
        f"CREATED:{_utc(event.created)}\r\n",
        f"LAST-MODIFIED:{_utc(event.last_modified)}\r\n",
        f"SEQUENCE:{int(event.sequence)}\r\n",
        f"DTSTART;TZID={TZID}:{_local(event.starts_at)}\r\n",
        f"DTEND;TZID={TZID}:{_local(event.ends_at)}\r\n",
        _line(f"SUMMARY:{escape_char(summary)}"),
        _line(f"LOCATION:{escape_char(event_location(event))}"),
        _line(f"DESCRIPTION:{escape_char(description)}"),
        _line(f"URL;VALUE=URI:{one_line(event.url)}"),
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}\r\n",
        _line(f"CATEGORIES:{escape_char(one_line(event.category))}"),
        f"CLASS:{'PRIVATE' if event.members_only else 'PUBLIC'}\r\n",
        "TRANSP:OPAQUE\r\n",
        *tail,
        "END:VEVENT\r\n",
    ))


def escape_char(text: str) -> str:
    """RFC 5545 TEXT escaping (backslash, semicolon, comma, line breaks): the same replacements,
    in the same order, as ``icalendar.vText`` (whose object per value costs too much at 6,000
    events; the tests compare both)."""
    return (text.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;")
            .replace(",", r"\,").replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n"))


def _line(text: str) -> str:
    """A content line, folded at 75 octets (RFC 5545 3.1) without cutting a UTF-8 character or
    a backslash escape in two. Most lines are short: they skip the work. Long ones are cut on
    the encoded bytes (a character-by-character loop made a 6,000-meeting feed take seconds)."""
    if len(text) <= 75 and text.isascii():
        return text + "\r\n"
    data = text.encode("utf-8")
    if len(data) <= 75:
        return text + "\r\n"
    pieces, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # inside a multi-byte character: cut before it
            end -= 1
        if data[end - 1] == 0x5C:  # never leave a backslash at the end of a piece
            end -= 1
        pieces.append(data[start:end])
        start, limit = end, 74  # continuation lines start with a space
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode("utf-8") + "\r\n"


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("meeting times must be aware datetimes")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("meeting times must be aware datetimes")
    return moment.astimezone(PARIS).strftime("%Y%m%dT%H%M%S")
