"""E-mail addresses: refused at input when mail cannot reach them; each recipient sent on its own
(issue 10, finding 5).

``a`` + 40 × ``é`` + ``@example.org`` was accepted; then a meeting created with notification ended
in a 500 after saving, only the members listed before it were mailed, and a reset request for it
was a 500. Input now refuses such addresses, and sending isolates each recipient — tested against
a real SMTP server on loopback that refuses one recipient, with a bad address stored as legacy data.
"""

from __future__ import annotations

import email
import logging

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from council.email_address import (
    INVALID,
    LOCAL_PART_TOO_LONG,
    NOT_ASCII,
    TOO_LONG,
    address_problem,
)
from council.extensions import db
from tests.fixtures.applications import resident_form
from tests.fixtures.mail import REFUSED, smtp_settings
from tests.fixtures.text import page_text

UNWRITABLE = "a" + "é" * 40 + "@example.org"  # the review's address


@pytest.mark.parametrize(("address", "problem"), [
    ("nadia@example.org", None),
    ("nadia.benali+conseil@sous.domaine.example.org", None),
    ("nadia@exemple.fé", None),  # an accented domain travels in its IDNA form
    (UNWRITABLE, NOT_ASCII),
    ("inès@example.org", NOT_ASCII),
    ("a" * 65 + "@example.org", LOCAL_PART_TOO_LONG),
    ("a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".org", TOO_LONG),
    ("pas-une-adresse", INVALID),
    ('"a b"@example.org', INVALID),
    ("Nadia <nadia@example.org>", INVALID),
    ("nadia@example.org\r\nBcc: x@example.org", INVALID),
])
def test_the_address_rule(address, problem):
    assert address_problem(address) == problem


def test_the_application_form_refuses_an_address_mail_cannot_reach(app, client):
    from council.membership.models import Application

    response = client.post("/candidature", data=resident_form(email=UNWRITABLE))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "les lettres accentuées et les caractères spéciaux ne sont pas acceptés" in html
    assert f'value="{UNWRITABLE}"' in html  # what was typed stays
    with app.app_context():
        assert db.session.scalar(select(func.count(Application.id))) == 0


@pytest.mark.parametrize(("form_name", "field"), [
    ("ApplicationForm", "email"), ("MemberForm", "email"), ("EmailChangeForm", "new_email")])
@pytest.mark.parametrize(("address", "problem"), [
    (UNWRITABLE, NOT_ASCII), ("a" * 65 + "@example.org", LOCAL_PART_TOO_LONG)])
def test_every_form_that_records_an_address_uses_the_rule(app, form_name, field, address, problem):
    from council.membership import forms

    with app.test_request_context(method="POST"):
        form = getattr(forms, form_name)(formdata=MultiDict({field: address}))
        form.validate()
        assert form[field].errors == [problem]


def test_a_residents_contact_on_an_observation_follows_the_rule():
    from council.observations.privacy import member_contact_problems, resident_contact_problems

    assert resident_contact_problems("Awa", UNWRITABLE, True, old_enough=True) == {
        "resident_contact": NOT_ASCII}
    assert member_contact_problems(True, "Awa", UNWRITABLE, True, old_enough=True) == {
        "resident_contact": NOT_ASCII}
    assert resident_contact_problems("Awa", "awa@example.org", True, old_enough=True) == {}


def test_the_command_line_refuses_such_an_admin_address(runner):
    result = runner.invoke(args=["create-admin", UNWRITABLE])
    assert result.exit_code != 0 and "lettres accentuées" in result.output


# --- Sending: a real SMTP server on loopback ----------------------------------------------------

@pytest.fixture
def app_config(smtp):
    return smtp_settings(smtp[0].port)


def _no_address_in(caplog, *addresses) -> None:
    """The app's log lines (not the test server's) name no address, not even its local part."""
    text = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("council"))
    assert not [address for address in addresses if address in text or address.split("@")[0] in text]


def test_a_meeting_notice_reaches_everyone_but_the_bad_addresses(app, client, smtp, make_member,
                                                                 login_as, caplog):
    from council.meetings.models import Meeting
    from tests.meetings.test_views import form_data

    _, server = smtp
    # sorted, the bad addresses come first: before the fix nobody after them was mailed
    for address in ("awa@example.org", UNWRITABLE, REFUSED, "zoe@example.org"):
        make_member(email=address)  # stored directly: legacy data from before the input rule
    login_as("organiser")
    caplog.set_level(logging.INFO)
    response = client.post("/reunions/nouvelle", data=form_data(notify="y"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Meeting.id))) == 1
    assert server.recipients == ["awa@example.org", "zoe@example.org"]
    assert all(len(envelope.rcpt_tos) == 1 for envelope in server.envelopes)  # one message each
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 invitations envoyées par e-mail." in html
    assert "2 invitations n'ont pas pu partir" in page_text(html)
    failures = [r.getMessage() for r in caplog.records if "not sent" in r.getMessage()]
    assert len(failures) == 2 and all("meeting invitation" in line for line in failures)
    _no_address_in(caplog, UNWRITABLE, REFUSED)


@pytest.mark.parametrize("address", [UNWRITABLE, REFUSED])
def test_a_reset_request_for_a_bad_stored_address_gets_the_neutral_page(client, make_user, address,
                                                                      caplog):
    make_user(email=address)  # legacy account
    answer = client.post("/mot-de-passe-oublie", data={"email": address})
    unknown = client.post("/mot-de-passe-oublie", data={"email": "nobody@example.org"})
    answer.close(), unknown.close()  # the reset mail is tried once the response has gone
    assert answer.status_code == unknown.status_code == 200
    assert answer.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert any("password reset" in r.getMessage() for r in caplog.records)
    _no_address_in(caplog, address)


def test_a_good_address_still_gets_its_reset_link(client, make_user, smtp):
    _, server = smtp
    user = make_user(email="nadia@example.org")
    client.post("/mot-de-passe-oublie", data={"email": user.email}).close()
    [envelope] = server.envelopes
    body = email.message_from_bytes(envelope.content).get_payload(decode=True).decode()
    assert "http://conseil.test/mot-de-passe/nouveau/" in body

