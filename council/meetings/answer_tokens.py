"""Signed links to answer a meeting without signing in. No Flask, no database.

A token carries the purpose, the member's id, the meeting's id and the council's id — never an
e-mail address or a name (links land in access logs and mail scanners' reports) — signed with a
salt of its own, so that no other token of the app (password reset, activation, e-mail change)
is ever read as one. It expires when its meeting ends: the view checks the meeting's current
end (a meeting moved later keeps its links working), and answers are closed from the start.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "council.meeting-answer"
PURPOSE = "answer"


@dataclass(frozen=True)
class AnswerGrant:
    """What a valid token allows: this member answers for this meeting of this council."""

    member_id: int
    meeting_id: int
    council_id: int


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=SALT)


def make_answer_token(secret_key: str, member_id: int, meeting_id: int, council_id: int,
                      purpose: str = PURPOSE) -> str:
    """A URL-safe token letting member ``member_id`` answer for meeting ``meeting_id``
    (``purpose`` is only ever changed by tests, to prove a token of another purpose is refused)."""
    return _serializer(secret_key).dumps({"p": purpose, "m": member_id, "r": meeting_id,
                                          "c": council_id})


def read_answer_token(secret_key: str, token: str) -> AnswerGrant | None:
    """The grant of a well-signed answer token, or None (altered, another purpose or salt,
    not a token at all)."""
    try:
        payload = _serializer(secret_key).loads(token)
    except (BadSignature, UnicodeError, ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or payload.get("p") != PURPOSE:
        return None
    values = (payload.get("m"), payload.get("r"), payload.get("c"))
    if not all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        return None
    return AnswerGrant(*values)
