"""The acknowledgement e-mail travels through a real SMTP server on loopback (aiosmtpd)."""

import email

import pytest

from tests.fixtures import mail
from tests.fixtures.applications import resident_form


class Recorder:
    """An SMTP handler that keeps every message it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    recorder = Recorder()
    with mail.smtp_server(recorder) as controller:
        yield controller, recorder


@pytest.fixture
def app_config(smtp_server):
    controller, _ = smtp_server
    return mail.smtp_settings(controller.port)


def test_acknowledgement_reaches_a_real_smtp_server(client, smtp_server):
    _, recorder = smtp_server
    response = client.post("/candidature", data=resident_form(email="nadia@example.org"))
    assert response.status_code == 302
    [envelope] = recorder.envelopes
    assert envelope.rcpt_tos == ["nadia@example.org"]
    assert envelope.mail_from == "ccargentan@laposte.net"
    message = email.message_from_bytes(envelope.content)
    assert str(email.header.make_header(email.header.decode_header(message["Subject"]))) == (
        "Votre candidature au conseil citoyen")
    body = message.get_payload(decode=True).decode(message.get_content_charset())
    assert "Bonjour Inès" in body and "C-" in body
    assert "Votre référence" in client.get("/candidature/envoyee").get_data(as_text=True)


class TestServerDown:
    @pytest.fixture
    def app_config(self):
        """A port where nothing listens: the connection is refused."""
        return mail.smtp_settings(mail.free_port())

    def test_a_mail_server_that_is_down_loses_no_application(self, app, client):
        from sqlalchemy import func, select

        from council.extensions import db
        from council.membership.models import Application

        assert client.post("/candidature", data=resident_form()).status_code == 302
        page = client.get("/candidature/envoyee").get_data(as_text=True)
        assert "Nous n'avons pas pu vous envoyer l'e-mail de confirmation" in page
        assert "Votre référence" in page
        with app.app_context():
            assert db.session.scalar(select(func.count(Application.id))) == 1
