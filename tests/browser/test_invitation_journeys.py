"""Invitations in a real browser with a real SMTP server on loopback: the organiser schedules a
meeting, moves it, cancels it; each member's mailbox receives REQUEST, REQUEST (SEQUENCE + 1),
CANCEL. Every page axe-checked."""

from __future__ import annotations

import email
from datetime import date, timedelta
from email import policy

import icalendar
import pytest

from council.auth.models import Role
from tests.browser.test_meetings_journeys import fill_when
from tests.fixtures.mail import RefusingServer, calendar_of, smtp_server, smtp_settings

MAIL_SWITCH = "Recevoir les invitations et les rappels des réunions par e-mail"


@pytest.fixture
def smtp():
    handler = RefusingServer()
    with smtp_server(handler) as controller:
        yield controller, handler


@pytest.fixture
def app_config(smtp):
    controller, _ = smtp
    return {"WTF_CSRF_ENABLED": True, **smtp_settings(controller.port)}


def _methods(server) -> list[tuple[str, str, int]]:
    """(recipient, METHOD, SEQUENCE) of each message received, in order."""
    seen = []
    for envelope in server.envelopes:
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        calendar = icalendar.Calendar.from_ical(calendar_of(message))
        [event] = calendar.walk("VEVENT")
        seen.append((envelope.rcpt_tos[0], str(calendar["METHOD"]), int(event["SEQUENCE"])))
    return seen


def test_schedule_move_cancel_lands_in_each_members_calendar(page, make_user, make_member, smtp):
    _, server = smtp
    organiser = make_user(role=Role.ORGANISER)
    make_member(first_name="Awa", last_name="Diallo", email="awa@example.org")
    make_member(first_name="Karim", last_name="Benali", email=None)
    day = date.today() + timedelta(days=10)

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
    assert "1 invitation envoyée par e-mail." in flashes
    assert "1 membre sans adresse e-mail" in flashes
    meeting_url = page.page.url

    page.page.get_by_role("link", name="Modifier la réunion").click()
    page.check()
    page.page.get_by_label("Heure de début").fill("19:00")
    page.page.get_by_role("button", name="Enregistrer les modifications").click()
    page.check()
    assert "1 invitation envoyée par e-mail." in page.page.locator(".flashes").inner_text()

    page.page.goto(meeting_url)
    page.check()
    page.page.get_by_role("link", name="Annuler la réunion").click()
    page.check()
    page.page.get_by_label("Raison de l'annulation").fill("Salle fermée pour travaux")
    page.page.get_by_role("button", name="Annuler la réunion").click()
    page.check()

    assert _methods(server) == [("awa@example.org", "REQUEST", 0),
                                ("awa@example.org", "REQUEST", 1),
                                ("awa@example.org", "CANCEL", 2)]
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
