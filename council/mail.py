"""Sending e-mail through Flask-Mailman: console in development, SMTP in production.

Every message has one recipient: nobody sees another's address, and a failure for one recipient
(refused by the server, an address the mail library cannot write, the server gone) is logged —
the kind of message, a keyed hash of the address and the error's type, never the address — and
neither stops the others nor turns a change already saved into an error page. Callers learn how
many left and decide what to tell the person (``send_mail`` → bool, ``send_each`` → ``Delivery``).
``send_built`` sends messages built elsewhere (calendar invitations) the same way.

Subjects never carry personal data (they may be logged by mail servers).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage as MIMEMessage

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
    return _one_by_one(
        [(letter.to, lambda connection, letter=letter: _message(
            letter.to, letter.subject, letter.body, letter.attachments, connection))
         for letter in letters], kind)


def send_built(messages: Iterable[tuple[str, Callable[[], MIMEMessage]]], *,
               kind: str = "message") -> list[bool]:
    """Send messages built elsewhere (``email.message.EmailMessage`` with their own headers and
    parts, e.g. ``council.itip.invitation_message``), each to its one address, over one
    connection; True for each that left. Each comes as ``(address, build)``: ``build()`` runs in
    the same guard as the sending, so an address the mail library cannot write fails for its
    recipient only. Failures are handled as ``send_letters`` does."""
    return _one_by_one(
        [(to, lambda connection, to=to, build=build: _BuiltMessage(to, build(), connection))
         for to, build in messages], kind)


def _one_by_one(items: list[tuple[str, Callable]], kind: str) -> list[bool]:
    """``items``: (address, make(connection) → message). One connection; each recipient alone."""
    if not items:
        return []
    connection = current_app.extensions["mailman"].get_connection()
    try:
        connection.open()
    except Exception as error:  # the server itself is unreachable: nobody can be reached
        log.warning("e-mail '%s' not sent to %d recipients: %s", kind, len(items),
                    type(error).__name__)
        return [False] * len(items)
    outcomes = []
    try:
        for address, make in items:
            try:
                left = connection.send_messages([make(connection)]) == 1
            except Exception as error:  # this recipient only; a fresh connection for the next
                _log_failure(kind, address, error)
                left = False
                with contextlib.suppress(Exception):
                    connection.close()
            outcomes.append(left)
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    return outcomes


class _BuiltMessage(EmailMessage):
    """A message already built, handed to Flask-Mailman's backends as it is: its envelope goes
    to ``to`` only; ``body`` is its plain-text part (what the test outbox reads)."""

    def __init__(self, to: str, built: MIMEMessage, connection=None):
        text = built.get_body(("plain",))
        super().__init__(subject=str(built["Subject"] or ""), to=[to], connection=connection,
                         body=text.get_content() if text is not None else "",
                         from_email=current_app.config["MAIL_DEFAULT_SENDER"])
        self.built = built

    def message(self):
        return _Wire(self.built)


class _Wire:
    """The built message as the backends write it: ``as_bytes(linesep="\\r\\n")`` (the SMTP
    backend's call, which the standard library's ``as_bytes`` does not take)."""

    def __init__(self, built: MIMEMessage):
        self._built = built

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self._built.as_bytes(unixfrom, policy=self._built.policy.clone(linesep=linesep))

    def __getattr__(self, name):
        return getattr(self._built, name)


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
