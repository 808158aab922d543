"""Sending e-mail through Flask-Mailman: console in development, SMTP in production.

Subjects never carry personal data (they may be logged by mail servers).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import after_this_request, current_app
from flask_mailman import EmailMessage


def send_mail(
    to: str | Iterable[str],
    subject: str,
    body: str,
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> None:
    """Send one plain-text French e-mail; ``attachments`` are ``(filename, content, mimetype)``."""
    recipients = [to] if isinstance(to, str) else list(to)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=recipients,
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def send_mail_after_response(to: str, subject: str, body: str) -> None:
    """Send one e-mail once the current response has gone out (from a request only).

    The response then takes the same time whether or not a mail is sent (no account state shows
    in timing). A failure is logged, without the address, and never reaches the visitor."""
    app = current_app._get_current_object()

    def send() -> None:
        with app.app_context():
            try:
                send_mail(to, subject, body)
            except Exception as error:  # noqa: BLE001 - the response is gone: log and carry on
                app.logger.error("Deferred e-mail %r not sent (%s)", subject, type(error).__name__)

    @after_this_request
    def defer(response):
        response.call_on_close(send)
        return response
