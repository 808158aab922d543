"""Sign-in and forgotten password take the same time whatever the account's state.

Durations are not measured here (they would flake): the tests check that the same work is done
on every path — one password-hash check of the same cost — and that the reset e-mail leaves only
once the response has been produced."""

import logging
import socket

import pytest

from council.auth.models import Role
from tests.conftest import PASSWORD

STATES = ["unknown", "awaiting activation", "disabled", "wrong password", "right password"]


@pytest.fixture
def checked_hashes(monkeypatch):
    """Every password hash checked during the test (werkzeug's check is observed, not replaced)."""
    import council.auth.models
    import council.auth.services.accounts

    seen = []
    for module in (council.auth.models, council.auth.services.accounts):
        real = getattr(module, "check_password_hash", None)
        if real is None:
            continue

        def spy(pwhash, password, real=real):
            seen.append(pwhash)
            return real(pwhash, password)

        monkeypatch.setattr(module, "check_password_hash", spy)
    return seen


def _attempt(make_user, state):
    """The e-mail and password of a sign-in attempt on an account in ``state``."""
    if state == "unknown":
        return "nobody@example.org", PASSWORD
    user = make_user(role=Role.MEMBER, password=None if state == "awaiting activation" else PASSWORD,
                     active=state != "disabled")
    return user.email, PASSWORD if state == "right password" else "not the right password"


@pytest.mark.parametrize("state", STATES)
def test_every_sign_in_checks_exactly_one_hash_of_the_usual_cost(
    app, client, make_user, checked_hashes, state
):
    email, password = _attempt(make_user, state)
    response = client.post("/connexion", data={"email": email, "password": password})
    assert response.status_code == (302 if state == "right password" else 200)
    assert len(checked_hashes) == 1
    method = checked_hashes[0].split("$", 1)[0]
    assert method == app.config["PASSWORD_HASH_METHOD"]  # a dummy hash costs what a real one does


def test_the_reset_email_leaves_after_the_response(client, make_user, outbox):
    user = make_user()
    response = client.post("/mot-de-passe-oublie", data={"email": user.email})
    assert response.status_code == 200
    assert outbox == []  # the response is ready before anything is sent
    response.close()  # what the server does once the response has gone out
    assert [message.to for message in outbox] == [[user.email]]


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, make_user, outbox):
    user = make_user()
    known = client.post("/mot-de-passe-oublie", data={"email": user.email})
    unknown = client.post("/mot-de-passe-oublie", data={"email": "nobody@example.org"})
    assert known.get_data() == unknown.get_data()
    known.close()
    unknown.close()
    assert [message.to for message in outbox] == [[user.email]]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("app_config", [{
    "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": _closed_port(),
    "MAIL_TIMEOUT": 5,
}])
def test_a_reset_email_that_cannot_leave_is_logged_without_the_address(client, make_user, caplog):
    user = make_user()
    response = client.post("/mot-de-passe-oublie", data={"email": user.email})
    assert response.status_code == 200
    with caplog.at_level(logging.WARNING):
        response.close()  # the SMTP server refuses the connection: nothing reaches the visitor
    failures = [record for record in caplog.records if "not sent" in record.getMessage()]
    assert len(failures) == 1
    assert all(user.email not in record.getMessage() and not record.exc_info
               for record in caplog.records)
