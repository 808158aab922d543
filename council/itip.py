"""Invitations that land in members' calendars (iTIP, RFC 5546, sent by e-mail: iMIP, RFC 6047).
Plain data in, an ``.ics`` or a whole MIME message out. No Flask, no database.

For one meeting and one member: ``invitation_ics`` is a calendar with ``METHOD:REQUEST`` (a new
meeting, a change, a reminder) or ``METHOD:CANCEL`` (``STATUS:CANCELLED``: the meeting is
cancelled, or the member's invitation is withdrawn); the event carries the meeting's stable UID
(the feeds' ``ical.meeting_uid``), its SEQUENCE, the moment of the message as DTSTAMP, the
council as ORGANIZER, the member as the one ATTENDEE (``RSVP=FALSE``: answers go through the
link, a reply to the council's mailbox would be lost), and the same VTIMEZONE and local times
as the feeds.

``invitation_message`` wraps it in what Outlook, Gmail and Thunderbird accept::

    multipart/mixed
      multipart/alternative
        text/plain                     (date and time in French, place, agenda, the meeting link)
        text/html                      (the same)
        text/calendar; method=REQUEST  (or CANCEL)
      application/ics  invitation.ics  (the same calendar, for clients that read attachments only)

The body says everything the calendar says (Outlook ignores DESCRIPTION). Subjects carry no
personal data. ``answer_links`` (label, address: « Je serai présent·e », « Je serai excusé·e »)
are shown in both bodies after the meeting's link: the way to answer, as RSVP is off.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from html import escape

from icalendar import Calendar

from council import french
from council.dates import format_span
from council.ical import (
    MeetingEvent,
    _line,
    event_description,
    event_location,
    event_text,
    paris_timezone,
)
from council.text import lines, one_line

FILENAME = "invitation.ics"
# Before the answer links; the calendar's own buttons would reply to the council's mailbox (RSVP off).
ANSWER_LEAD = ("Viendrez-vous ? Répondez sans vous connecter, en suivant l'un de ces liens "
               "(vous pourrez changer d'avis jusqu'au début de la réunion) :")


class Notice(enum.Enum):
    """Why a member receives a calendar message; each says its METHOD, subject and first words."""

    INVITATION = "invitation"      # a meeting was published
    UPDATE = "update"              # its time, place (or details) changed
    CANCELLATION = "cancellation"  # the meeting is cancelled
    WITHDRAWAL = "withdrawal"      # the meeting goes on, this member is no longer invited
    REMINDER = "reminder"          # the meeting is near

    @property
    def method(self) -> str:
        return "CANCEL" if self in (Notice.CANCELLATION, Notice.WITHDRAWAL) else "REQUEST"

    @property
    def subject(self) -> str:
        # No personal data in subjects: mail servers log them.
        return {
            "invitation": "Conseil citoyen : invitation à une réunion",
            "update": "Conseil citoyen : une réunion a changé",
            "cancellation": "Conseil citoyen : une réunion est annulée",
            "withdrawal": "Conseil citoyen : invitation retirée",
            "reminder": "Conseil citoyen : rappel de réunion",
        }[self.value]

    def opening(self, council_name: str) -> str:
        """The body's first sentence."""
        of = french.de(one_line(council_name))
        return {
            "invitation": f"Vous êtes invité·e à une réunion {of}. Ce message l'ajoute à votre agenda.",
            "update": f"Une réunion {of} a changé. Ce message met votre agenda à jour.",
            "cancellation": f"Une réunion {of} est annulée. Ce message la marque comme annulée "
                            "dans votre agenda.",
            "withdrawal": f"Votre invitation à cette réunion {of} est retirée : vous ne faites "
                          "plus partie des membres convoqués. La réunion elle-même n'est pas "
                          "annulée ; ce message la retire de votre agenda.",
            "reminder": f"Rappel : une réunion {of} approche.",
        }[self.value]


@dataclass(frozen=True)
class Party:
    """An organiser or an attendee: an e-mail address and the name shown beside it."""

    email: str
    name: str


@dataclass(frozen=True)
class Invitation:
    """Everything one member's message says. ``stamp`` (aware) is when it was made: DTSTAMP
    and the Date header. ``changes`` are French phrases (« nouvel horaire : … »)."""

    event: MeetingEvent
    organizer: Party
    attendee: Party
    notice: Notice
    stamp: datetime
    council_name: str
    preferences_url: str | None = None
    changes: tuple[str, ...] = ()
    answer_links: tuple[tuple[str, str], ...] = ()


def invitation_ics(invitation: Invitation) -> bytes:
    """The iTIP calendar of one invitation (UTF-8, CRLF, folded at 75 octets)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{one_line(invitation.council_name)}//Invitations aux réunions//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", invitation.notice.method)
    calendar.add_component(paris_timezone())
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + _event_text(invitation).encode("utf-8") + end


def _event_text(invitation: Invitation) -> str:
    event, notice = invitation.event, invitation.notice
    cancelled = notice.method == "CANCEL"
    title = one_line(event.title)
    summary = f"Annulée : {title}" if notice is Notice.CANCELLATION else title
    description = event_description(event)
    if notice is Notice.WITHDRAWAL:
        description = "Invitation retirée : vous ne faites plus partie des membres convoqués.\n\n" \
                      + description
    return event_text(
        event, stamp=invitation.stamp,  # with a METHOD: when this message was made
        summary=summary, description=description, cancelled=cancelled,
        tail=(_line(f'ORGANIZER;CN="{_cn(invitation.organizer.name)}":'
                    f"mailto:{one_line(invitation.organizer.email)}"),
              _line(f'ATTENDEE;CN="{_cn(invitation.attendee.name)}";CUTYPE=INDIVIDUAL;'
                    "ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:"
                    f"mailto:{one_line(invitation.attendee.email)}")))


def _cn(name: str) -> str:
    """A quoted parameter value may hold anything but a double quote (RFC 5545 3.2)."""
    return one_line(name).replace('"', "'")


def body_text(invitation: Invitation) -> str:
    """The plain-text body: what, when (French, Paris time), where, agenda, the link."""
    event = invitation.event
    parts = ["Bonjour,", invitation.notice.opening(invitation.council_name)]
    details = [one_line(event.title),
               f"Quand : {format_span(event.starts_at, event.ends_at)} (heure de Paris)",
               f"Où : {event_location(event)}"]
    if invitation.notice is Notice.CANCELLATION and event.cancellation_reason:
        details.append(f"Raison de l'annulation : {lines(event.cancellation_reason)}")
    details += [f"Changement : {one_line(phrase)}" for phrase in invitation.changes]
    parts.append("\n".join(details))
    if event.agenda and invitation.notice is not Notice.CANCELLATION:
        points = [f"{number}. {one_line(title)}" for number, title in enumerate(event.agenda, 1)]
        parts.append("Ordre du jour :\n" + "\n".join(points))
    parts.append(f"Tous les détails : {one_line(event.url)}")
    if invitation.answer_links:
        parts.append("\n".join([ANSWER_LEAD] + [f"{one_line(label)} : {one_line(url)}"
                                                for label, url in invitation.answer_links]))
    parts.append(_footer(invitation))
    return "\n\n".join(parts) + "\n"


def _footer(invitation: Invitation) -> str:
    footer = ("Vous recevez ce message parce que vous êtes membre "
              f"{french.de(one_line(invitation.council_name))}.")
    if invitation.preferences_url:
        footer += (" Pour ne plus recevoir les invitations ni les rappels des réunions par e-mail : "
                   f"{one_line(invitation.preferences_url)}")
    return footer


def body_html(invitation: Invitation) -> str:
    """The HTML body: the same content as the text, every value escaped."""
    event = invitation.event
    rows = [f"<p>Bonjour,</p>\n<p>{escape(invitation.notice.opening(invitation.council_name))}</p>",
            f"<h1 style=\"font-size:1.25em\">{escape(one_line(event.title))}</h1>",
            "<p><strong>Quand :</strong> "
            f"{escape(format_span(event.starts_at, event.ends_at))} (heure de Paris)<br>",
            f"<strong>Où :</strong> {escape(event_location(event))}</p>"]
    if invitation.notice is Notice.CANCELLATION and event.cancellation_reason:
        rows.append(f"<p><strong>Raison de l'annulation :</strong> "
                    f"{escape(one_line(event.cancellation_reason))}</p>")
    rows += [f"<p><strong>Changement :</strong> {escape(one_line(p))}</p>" for p in invitation.changes]
    if event.agenda and invitation.notice is not Notice.CANCELLATION:
        items = "".join(f"<li>{escape(one_line(title))}</li>" for title in event.agenda)
        rows.append(f"<p><strong>Ordre du jour :</strong></p>\n<ol>{items}</ol>")
    rows.append(_link("Tous les détails sur la page de la réunion", event.url))
    if invitation.answer_links:
        rows.append(f"<p>{escape(ANSWER_LEAD)}</p>")
        rows += [_link(label, url) for label, url in invitation.answer_links]
    rows.append(f"<p style=\"color:#555\">{escape(_footer(invitation))}</p>")
    body = "\n".join(rows)
    return (f"<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(invitation.notice.subject)}</title></head>\n<body>\n{body}\n</body></html>\n")


def _link(label: str, url: str) -> str:
    return f"<p><a href=\"{escape(one_line(url))}\">{escape(one_line(label))}</a></p>"


def invitation_message(invitation: Invitation, sender: str) -> EmailMessage:
    """The whole e-mail for one member (From, To, Subject, Date, Message-ID set)."""
    ics = invitation_ics(invitation)
    message = EmailMessage()
    message["Subject"] = invitation.notice.subject
    message["From"] = sender
    message["To"] = formataddr((one_line(invitation.attendee.name), invitation.attendee.email))
    message["Date"] = formatdate(invitation.stamp.timestamp(), localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip("> ") or None)
    message.set_content(body_text(invitation), cte="quoted-printable")
    message.add_alternative(body_html(invitation), subtype="html", cte="quoted-printable")
    # As bytes: the calendar keeps its CRLF line ends (a str part would be re-lined with LF).
    message.add_alternative(ics, maintype="text", subtype="calendar",
                            params={"charset": "UTF-8", "method": invitation.notice.method})
    message.add_attachment(ics, maintype="application", subtype="ics", filename=FILENAME)
    return message
