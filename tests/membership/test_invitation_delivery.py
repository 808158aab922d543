"""A round of invitations through a real SMTP server on loopback that refuses one recipient: the
others still get their link, every invitation stays recorded, and the organiser sees whose e-mail
did not leave (to resend from their page). The log names no address."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from council.extensions import db
from council.membership.models import Member
from tests.fixtures.mail import REFUSED, smtp_settings
from tests.membership.test_invitations import words


@pytest.fixture
def app_config(smtp):
    return smtp_settings(smtp[0].port)


def test_one_refused_address_stops_nobody_and_loses_no_invitation(
        app, client, login_as, make_member, smtp, caplog):
    _controller, handler = smtp
    login_as("organiser")
    make_member(email="avant@example.org", last_name="Arnaud")
    refused_id = make_member(email=REFUSED, last_name="Bernard", first_name="Rita")
    make_member(email="apres@example.org", last_name="Colin")
    response = client.post("/membres/invitations", data={"neighbourhood": "les-provinces"})
    text = words(response)
    assert response.status_code == 200
    assert "2 invitations envoyées." in text
    assert "E-mails qui n'ont pas pu partir" in text and "Rita Bernard" in text
    assert sorted(handler.recipients) == ["apres@example.org", "avant@example.org"]
    with app.app_context():
        assert all(member.user_id is not None and member.invited_at is not None
                   for member in db.session.scalars(select(Member)))
    log = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("council"))
    assert "membership invitation" in log and "refuse" not in log
    # The resend from the member's page is offered
    assert "Renvoyer le lien d'activation" in words(client.get(f"/membres/{refused_id}"))
