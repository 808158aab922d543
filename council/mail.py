"""Sending e-mail through Flask-Mailman: console in development, SMTP in production.

Every message has one recipient: nobody sees another's address, and a failure for one recipient
(refused by the server, an address the mail library cannot write, the server gone) is logged —
the kind of message, a keyed hash of the address and the error's type, never the address — and
neither stops the others nor turns a change already saved into an error page. Callers learn how
many left and decide what to tell the person (``send_mail`` → bool, ``send_each`` → ``Delivery``).

Subjects never carry personal data (they may be logged by mail servers).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from flask import after_this_request, current_app
from flask_mailman import EmailMessage

log = logging.getLogger(__name__)

Attachment = tuple[str, bytes | str, str]  # (filename, content, mimetype)


@dataclass(frozen=True)
class Delivery:
    """How a message sent to several people went, one recipient at a time."""

    sent: int = 0
    failed: int = 0


def recipient_ref(address: str) -> str:
    """A short keyed hash of an address, for logs: the same address always gives the same ref
    (an admin who knows the address can find its lines), the log alone reveals nothing."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, address.strip().lower().encode(), hashlib.sha256).hexdigest()[:12]


def _message(to: str, subject: str, body: str, attachments: Iterable[Attachment],
             connection=None) -> EmailMessage:
    message = EmailMessage(subject=subject, body=body, to=[to], connection=connection,
                           from_email=current_app.config["MAIL_DEFAULT_SENDER"])
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def _log_failure(kind: str, address: str, error: Exception) -> None:
    log.warning("e-mail '%s' not sent to recipient %s: %s", kind, recipient_ref(address),
                type(error).__name__)


def send_mail(to: str, subject: str, body: str, attachments: Iterable[Attachment] = (), *,
              kind: str = "message") -> bool:
    """Send one plain-text French e-mail to one address; True when it left, False when it failed
    (logged without the address). ``kind`` names the message in the logs ("password reset")."""
    try:
        return _message(to, subject, body, attachments).send() == 1
    except Exception as error:  # any failure of one delivery, the mail library's own included
        _log_failure(kind, to, error)
        return False


@dataclass(frozen=True)
class Letter:
    """One message for one recipient: its own subject and body (an activation link each)."""

    to: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()


def send_each(addresses: Iterable[str], subject: str, body: str,
              attachments: Iterable[Attachment] = (), *, kind: str = "message") -> Delivery:
    """Send the same e-mail to each address, one message each, over one connection; a failure
    for one address is logged and the next one is tried."""
    attachments = tuple(attachments)
    outcomes = send_letters([Letter(address, subject, body, attachments) for address in addresses],
                            kind=kind)
    return Delivery(sent=sum(outcomes), failed=len(outcomes) - sum(outcomes))


def send_letters(letters: Iterable[Letter], *, kind: str = "message") -> list[bool]:
    """Send each letter over one connection, in order; True for each that left. A failure for
    one recipient is logged (without the address) and the next one is tried."""
    letters = list(letters)
    if not letters:
        return []
    connection = current_app.extensions["mailman"].get_connection()
    try:
        connection.open()
    except Exception as error:  # the server itself is unreachable: nobody can be reached
        log.warning("e-mail '%s' not sent to %d recipients: %s", kind, len(letters),
                    type(error).__name__)
        return [False] * len(letters)
    outcomes = []
    try:
        for letter in letters:
            try:
                message = _message(letter.to, letter.subject, letter.body, letter.attachments,
                                   connection)
                left = connection.send_messages([message]) == 1
            except Exception as error:  # this recipient only; a fresh connection for the next
                _log_failure(kind, letter.to, error)
                left = False
                with contextlib.suppress(Exception):
                    connection.close()
            outcomes.append(left)
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    return outcomes


def send_mail_after_response(to: str, subject: str, body: str, *, kind: str = "message") -> None:
    """Send one e-mail once the current response has gone out (from a request only).

    The response then takes the same time whether or not a mail is sent (no account state shows
    in timing). ``send_mail`` logs a failure without the address; nothing reaches the visitor."""
    app = current_app._get_current_object()

    def send() -> None:
        with app.app_context():
            send_mail(to, subject, body, kind=kind)

    @after_this_request
    def defer(response):
        response.call_on_close(send)
        return response
