"""The iTIP calendar and the iMIP message of one invitation (council.itip): pure, no app.

Each message is parsed back with ``icalendar`` and with ``vobject``; times are checked in
Europe/Paris on both sides of a DST change (last Sundays of March and October)."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from email import policy
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from council.ical import MeetingEvent, meeting_uid
from council.itip import Invitation, Notice, Party, invitation_ics, invitation_message

PARIS = ZoneInfo("Europe/Paris")
COUNCIL = Party("contact@conseil.test", 'Conseil citoyen "Argentan"')
AWA = Party("awa@example.org", "Awa Diallo")
STAMP = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)


def event(starts_at: datetime, *, sequence: int = 0, cancelled: bool = False, **values) -> MeetingEvent:
    defaults = dict(
        uid=meeting_uid(7, "conseil.test"), title="Assemblée plénière", starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2), place_name="Maison des associations",
        place_address="1 rue de la Paix, Argentan", description="Ouverte aux habitants.",
        url="https://conseil.test/reunions/7", category="Assemblée plénière", sequence=sequence,
        created=datetime(2026, 9, 1, tzinfo=UTC), last_modified=datetime(2026, 9, 2, tzinfo=UTC),
        agenda=("Accueil", "Budget participatif"), cancelled=cancelled,
        cancellation_reason="Salle fermée" if cancelled else None)
    defaults.update(values)
    return MeetingEvent(**defaults)


def invitation(notice: Notice = Notice.INVITATION, **values) -> Invitation:
    start = values.pop("starts_at", datetime(2026, 10, 25, 18, 30, tzinfo=PARIS))
    meeting = event(start, **values)
    return Invitation(meeting, COUNCIL, AWA, notice, STAMP, "Conseil citoyen d'Argentan",
                      preferences_url="https://conseil.test/profil",
                      changes=("nouvel horaire",) if notice is Notice.UPDATE else ())


def parsed(message) -> email.message.EmailMessage:
    """The message as a mail client reads it: written to bytes with CRLF, parsed back."""
    wire = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    return email.message_from_bytes(wire, policy=policy.default)


def both(data: bytes):
    """The one VEVENT and the METHOD, read by icalendar and by vobject."""
    calendar = icalendar.Calendar.from_ical(data)
    [ical_event] = calendar.walk("VEVENT")
    card = vobject.readOne(data.decode("utf-8"))
    return calendar, ical_event, card


def test_the_message_has_the_structure_outlook_gmail_and_thunderbird_accept():
    message = parsed(invitation_message(invitation(), "Conseil <contact@conseil.test>"))
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in alternative.iter_parts()] == [
        "text/plain", "text/html", "text/calendar"]
    calendar_part = list(alternative.iter_parts())[2]
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_param("charset").lower() == "utf-8"
    assert attachment.get_filename() == "invitation.ics"
    assert attachment.get_content_type() in ("application/ics", "text/calendar")
    assert calendar_part.get_payload(decode=True) == attachment.get_payload(decode=True)
    assert message["To"].addresses[0].addr_spec == "awa@example.org"
    assert "Awa" not in message["Subject"]  # no personal data in subjects


def test_the_body_says_when_where_what_and_links_the_meeting_in_french():
    message = parsed(invitation_message(invitation(), "contact@conseil.test"))
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "dimanche 25 octobre 2026, 18 h 30 – 20 h 30" in body
        assert "Maison des associations, 1 rue de la Paix, Argentan" in body
        assert "Budget participatif" in body
        assert "https://conseil.test/reunions/7" in body
        assert "https://conseil.test/profil" in body
    assert '<html lang="fr">' in html


@pytest.mark.parametrize("notice, method, status", [
    (Notice.INVITATION, "REQUEST", "CONFIRMED"),
    (Notice.UPDATE, "REQUEST", "CONFIRMED"),
    (Notice.REMINDER, "REQUEST", "CONFIRMED"),
    (Notice.CANCELLATION, "CANCEL", "CANCELLED"),
    (Notice.WITHDRAWAL, "CANCEL", "CANCELLED"),
])
def test_method_status_uid_sequence_organizer_and_one_attendee(notice, method, status):
    data = invitation_ics(invitation(notice, sequence=3, cancelled=notice is Notice.CANCELLATION))
    calendar, ical_event, card = both(data)
    assert str(calendar["METHOD"]) == method == card.method.value
    assert str(ical_event["STATUS"]) == status == card.vevent.status.value
    assert str(ical_event["UID"]) == "reunion-7@conseil.test" == card.vevent.uid.value
    assert int(ical_event["SEQUENCE"]) == 3 == int(card.vevent.sequence.value)
    assert ical_event.decoded("DTSTAMP") == STAMP == card.vevent.dtstamp.value
    organizer = ical_event["ORGANIZER"]
    assert str(organizer) == "mailto:contact@conseil.test"
    assert organizer.params["CN"] == "Conseil citoyen 'Argentan'"  # a quote cannot be in a CN
    attendees = card.vevent.contents["attendee"]
    assert len(attendees) == 1 and attendees[0].value == "mailto:awa@example.org"
    assert attendees[0].params["RSVP"] == ["FALSE"]
    assert attendees[0].params["PARTSTAT"] == ["NEEDS-ACTION"]
    assert str(ical_event["URL"]) == "https://conseil.test/reunions/7"
    assert "https://conseil.test/reunions/7" in str(ical_event["DESCRIPTION"])


def test_the_cancel_part_of_the_mime_message_says_cancel():
    message = parsed(invitation_message(invitation(Notice.CANCELLATION, cancelled=True), "c@x.test"))
    [calendar_part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert calendar_part.get_param("method") == "CANCEL"
    assert "Salle fermée" in message.get_body(("plain",)).get_content()


def test_a_withdrawal_is_worded_as_an_invitation_withdrawn_not_a_meeting_cancelled():
    data = invitation_ics(invitation(Notice.WITHDRAWAL))
    _calendar, ical_event, _card = both(data)
    assert str(ical_event["SUMMARY"]) == "Assemblée plénière"
    assert str(ical_event["DESCRIPTION"]).startswith("Invitation retirée")
    text = parsed(invitation_message(invitation(Notice.WITHDRAWAL), "c@x.test")).get_body(
        ("plain",)).get_content()
    assert "invitation" in text and "retirée" in text and "n'est pas annulée" in text
    assert Notice.WITHDRAWAL.subject == "Conseil citoyen : invitation retirée"


@pytest.mark.parametrize("local_start, offset", [
    (datetime(2026, 10, 25, 1, 30), timedelta(hours=2)),   # before the change that night: CEST
    (datetime(2026, 10, 25, 18, 30), timedelta(hours=1)),  # after it: CET
    (datetime(2027, 3, 28, 1, 0), timedelta(hours=1)),     # before the spring change: CET
    (datetime(2027, 3, 28, 18, 0), timedelta(hours=2)),    # after it: CEST
])
def test_times_are_paris_local_with_the_vtimezone_across_dst_changes(local_start, offset):
    start = local_start.replace(tzinfo=PARIS)
    data = invitation_ics(invitation(starts_at=start))
    assert f"DTSTART;TZID=Europe/Paris:{local_start:%Y%m%dT%H%M%S}".encode() in data
    _calendar, ical_event, card = both(data)
    expected = start.astimezone(UTC)
    assert ical_event.decoded("DTSTART").astimezone(UTC) == expected
    assert card.vevent.dtstart.value.astimezone(UTC) == expected
    assert card.vevent.dtstart.value.utcoffset() == offset
    assert "BEGIN:VTIMEZONE" in data.decode() and b"\r\n" in data


def test_stored_text_cannot_add_lines_to_the_calendar_or_the_headers():
    hostile = invitation(title="Réunion\r\nATTENDEE:mailto:intrus@example.org",
                         place_name="Salle\nMETHOD:CANCEL")
    data = invitation_ics(hostile)
    _calendar, ical_event, card = both(data)
    assert len(card.vevent.contents["attendee"]) == 1
    assert data.count(b"\r\nMETHOD:") == 1
    message = invitation_message(hostile, "c@x.test")
    assert "intrus" not in str(message["Subject"])
