"""Invitations, answers and reminders in a real browser with a real SMTP server on loopback: the
organiser schedules a meeting, moves it; a member answers « excusé·e » from the link of the mail
she received; `remind` reminds the other member only; the organiser cancels. Each message is
parsed (MIME structure, method, UID, SEQUENCE) with icalendar and vobject. Every page
axe-checked."""

from __future__ import annotations

import email
from datetime import date, timedelta
from email import policy

import icalendar
import pytest
import vobject

from council.auth.models import Role
from tests.browser.test_meetings_journeys import fill_when
from tests.fixtures.mail import calendar_of, smtp_settings

MAIL_SWITCH = "Recevoir les invitations et les rappels des réunions par e-mail"


@pytest.fixture
def app_config(smtp):
    return {"WTF_CSRF_ENABLED": True, **smtp_settings(smtp[0].port)}


def _message(envelope) -> tuple[tuple[str, str, str, str, int], email.message.EmailMessage]:
    """(recipient, subject, METHOD, UID, SEQUENCE) of one message received, after checking its
    MIME structure (what Outlook, Gmail and Thunderbird accept) and reading its calendar with
    icalendar and vobject; and the message."""
    message = email.message_from_bytes(envelope.original_content, policy=policy.default)
    assert message.get_content_type() == "multipart/mixed"
    alternative, attached = message.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    text, html, calendar_part = alternative.get_payload()
    assert [text.get_content_type(), html.get_content_type(), calendar_part.get_content_type()] \
        == ["text/plain", "text/html", "text/calendar"]
    assert calendar_part.get_content_charset().lower() == "utf-8"
    assert (attached.get_content_type(), attached.get_filename()) == ("application/ics", "invitation.ics")
    data = calendar_of(message)
    assert attached.get_content() == data
    calendar = icalendar.Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    card = vobject.readOne(data.decode())
    assert card.vevent.uid.value == str(event["UID"])
    assert card.vevent.dtstart.value == event.decoded("DTSTART")
    method = str(calendar["METHOD"])
    assert calendar_part.get_param("method") == method == card.method.value
    return (envelope.rcpt_tos[0], str(message["Subject"]).removeprefix("Conseil citoyen : "),
            method, str(event["UID"]), int(event["SEQUENCE"])), message


def _link(message, label: str) -> str:
    body = message.get_body(("plain",)).get_content()
    line = next(line for line in body.splitlines() if line.startswith(f"{label} : "))
    return line.removeprefix(f"{label} : ").strip()


def test_invited_moved_answered_reminded_cancelled(page, app, runner, make_user, make_member, smtp):
    """The issue's « Done when »: each message of a meeting's life reaches the loopback server."""
    _, server = smtp
    organiser = make_user(role=Role.ORGANISER)
    make_member(first_name="Awa", last_name="Diallo", email="awa@example.org")
    make_member(first_name="Zoé", last_name="Martin", email="zoe@example.org")
    make_member(first_name="Karim", last_name="Benali", email=None)
    day = date.today() + timedelta(days=10)

    # The organiser schedules the meeting: an invitation to each member with an address.
    page.sign_in(organiser.email)
    page.goto("/reunions/nouvelle")
    page.page.get_by_label("Titre").fill("Assemblée plénière d'automne")
    page.page.get_by_label("Type de réunion").select_option(label="Assemblée plénière")
    fill_when(page, day, "18:30", "20:30")
    page.page.get_by_label("Lieu").fill("Maison du Citoyen")
    assert page.page.get_by_label("Envoyer l'invitation par e-mail").is_checked()
    page.page.get_by_role("button", name="Programmer la réunion").click()
    page.check()
    flashes = page.page.locator(".flashes").inner_text()
    assert "2 invitations envoyées par e-mail." in flashes
    assert "1 membre sans adresse e-mail" in flashes
    meeting_url = page.page.url
    meeting_id = int(meeting_url.rstrip("/").rsplit("/", 1)[1])

    # … moves it: an update (SEQUENCE + 1).
    page.page.get_by_role("link", name="Modifier la réunion").click()
    page.check()
    page.page.get_by_label("Heure de début").fill("19:00")
    page.page.get_by_role("button", name="Enregistrer les modifications").click()
    page.check()
    assert "2 mises à jour d'agenda envoyées par e-mail." in page.page.locator(".flashes").inner_text()
    page.sign_out()

    # Awa follows « Je serai excusé·e » from the update she received, without signing in.
    (_, update), = [(seen, message) for seen, message in map(_message, server.envelopes[2:4])
                    if seen[0] == "awa@example.org"]
    starts = icalendar.Calendar.from_ical(calendar_of(update)).walk("VEVENT")[0].decoded("DTSTART")
    assert (starts.hour, starts.minute, str(starts.tzinfo)) == (19, 0, "Europe/Paris")
    page.page.goto(_link(update, "Je serai excusé·e"))
    page.check()
    assert page.page.get_by_label("Je serai excusé·e (je ne pourrai pas venir)").is_checked()
    page.page.get_by_label("Un mot pour l'organisation (facultatif)").fill("Garde d'enfant")
    page.page.get_by_role("button", name="Enregistrer ma réponse").click()
    page.check()
    assert "vous serez excusé·e" in page.page.locator(".flashes").inner_text()

    # cron runs `remind` 30 hours before: Zoé is reminded, Awa (excused) is not.
    now = (starts - timedelta(hours=30)).strftime("%Y-%m-%d %H:%M")
    result = runner.invoke(args=["remind", "--now", now])
    assert "meetings=1 sent=1 failed=0" in result.output, result.output

    # The organiser sees Awa's answer, then cancels: a cancellation to each member.
    page.sign_in(organiser.email)
    page.page.goto(meeting_url)
    page.check()
    assert "Awa Diallo — « Garde d'enfant »" in page.page.locator("#reponses").inner_text()
    page.page.get_by_role("link", name="Annuler la réunion").click()
    page.check()
    page.page.get_by_label("Raison de l'annulation").fill("Salle fermée pour travaux")
    page.page.get_by_role("button", name="Annuler la réunion").click()
    page.check()
    assert "2 annonces d'annulation envoyées par e-mail." in page.page.locator(".flashes").inner_text()

    received = [seen for seen, _ in map(_message, server.envelopes)]
    uid = received[0][3]  # the meeting's stable UID, named after the site's host
    assert uid.startswith(f"reunion-{meeting_id}@127.0.0.1")
    invitation, change, reminder, cancelled = ("invitation à une réunion", "une réunion a changé",
                                               "rappel de réunion", "une réunion est annulée")
    assert received == [
        ("awa@example.org", invitation, "REQUEST", uid, 0),
        ("zoe@example.org", invitation, "REQUEST", uid, 0),
        ("awa@example.org", change, "REQUEST", uid, 1),
        ("zoe@example.org", change, "REQUEST", uid, 1),
        ("zoe@example.org", reminder, "REQUEST", uid, 1),  # the current SEQUENCE
        ("awa@example.org", cancelled, "CANCEL", uid, 2),
        ("zoe@example.org", cancelled, "CANCEL", uid, 2),
    ]
    page.assert_all_checked()


def test_a_member_turns_invitations_off_and_sets_a_reminder(page, app, make_user, make_member):
    member = make_user(role=Role.MEMBER)
    make_member(email=member.email, user_id=member.id)
    page.sign_in(member.email)
    page.goto("/profil")
    page.page.get_by_label(MAIL_SWITCH).uncheck()
    page.page.get_by_label("1 jour avant").check()
    page.page.get_by_role("button", name="Enregistrer mes préférences").click()
    page.check()
    assert "Vos préférences sont enregistrées." in page.page.locator(".flashes").inner_text()
    assert not page.page.get_by_label(MAIL_SWITCH).is_checked()
    assert page.page.get_by_label("1 jour avant").is_checked()
    page.assert_all_checked()
