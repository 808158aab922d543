"""Sending e-mail through Flask-Mailman: console in development, SMTP in production.

Subjects never carry personal data (they may be logged by mail servers).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
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
