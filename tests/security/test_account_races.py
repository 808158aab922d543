"""Single-use account links used twice at the same instant (each request on its own connection).

A reset link, an activation link and an e-mail change link each promise to work once. On
PostgreSQL, two requests that both read the account before either wrote used to both pass the
"still unused" check: two passwords set from one reset or activation link (the last one wins,
both browsers signed in), an e-mail change confirmed and audited twice. The account row is now
locked and the link checked again under the lock. Run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from council.audit.models import AuditEntry
from council.auth.models import User
from council.auth.services.email_change import request_email_change
from council.auth.services.passwords import reset_token
from council.extensions import db
from council.membership.services.activation import activation_link
from tests.concurrency import at_once, is_postgresql
from tests.conftest import PASSWORD

ROUNDS = 3
USER_TABLE = '"user"'  # what ``meet_after`` looks for: SELECT … FROM "user"
PASSWORDS = ("première phrase secrète", "seconde phrase secrète")


def _assert_met(app, race) -> None:
    if is_postgresql(app):
        assert race.met, "the requests did not meet after reading: the race was not run"


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _new_passwords() -> list[dict]:
    return [{"password": p, "confirm": p} for p in PASSWORDS]


def _audit_count(app, action: str, user_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == action, AuditEntry.target_id == user_id))


def _signs_in(app, email: str, password: str) -> bool:
    response = app.test_client().post("/connexion", data={"email": email, "password": password})
    return response.status_code == 302


def test_a_reset_link_used_twice_at_once_sets_one_password(app, make_user):
    for _ in range(ROUNDS):
        user = make_user()
        with app.app_context():
            path = f"/mot-de-passe/nouveau/{reset_token(db.session.get(User, user.id), app.secret_key)}"
        clients = [app.test_client(), app.test_client()]
        race = at_once(app, [(c, path, form) for c, form in zip(clients, _new_passwords(), strict=True)],
                       meet_after=USER_TABLE)
        _assert_met(app, race)
        statuses = sorted(outcome.status for outcome in race.outcomes)
        assert statuses == [200, 400], race
        winner = next(i for i, o in enumerate(race.outcomes) if o.status == 200)
        assert "Votre mot de passe a été changé" in race.outcomes[winner].text
        assert _signs_in(app, user.email, PASSWORDS[winner])
        assert not _signs_in(app, user.email, PASSWORDS[1 - winner])
        assert not _signs_in(app, user.email, PASSWORD)
        # only the winner's browser is signed in
        assert [c.get("/profil").status_code for c in clients][1 - winner] == 302


def test_an_activation_link_used_twice_at_once_sets_one_password(app, make_user):
    for _ in range(ROUNDS):
        user = make_user(password=None)
        with app.test_request_context():
            path = _path(activation_link(db.session.get(User, user.id)))
        clients = [app.test_client(), app.test_client()]
        race = at_once(app, [(c, path, form) for c, form in zip(clients, _new_passwords(), strict=True)],
                       meet_after=USER_TABLE)
        _assert_met(app, race)
        assert sorted(outcome.status for outcome in race.outcomes) == [200, 410], race
        winner = next(i for i, o in enumerate(race.outcomes) if o.status == 200)
        assert "Votre mot de passe est enregistré" in race.outcomes[winner].text
        assert _signs_in(app, user.email, PASSWORDS[winner])
        assert not _signs_in(app, user.email, PASSWORDS[1 - winner])
        assert _audit_count(app, "user.activate", user.id) == 1


def test_an_email_change_link_used_twice_at_once_changes_the_address_once(app, make_user):
    for n in range(ROUNDS):
        user = make_user()
        with app.test_request_context():
            change = request_email_change(db.session.get(User, user.id), f"neuve{n}@example.org",
                                          PASSWORD, app.secret_key)
            db.session.commit()  # the new address waits on the account, as the view commits it
            path = f"/compte/adresse-email/{change.token}"
        clients = [app.test_client(), app.test_client()]
        race = at_once(app, [(c, path, {}) for c in clients], meet_after=USER_TABLE)
        _assert_met(app, race)
        assert sorted(outcome.status for outcome in race.outcomes) == [200, 400], race
        assert race.count("Votre nouvelle adresse e-mail est enregistrée") == 1
        assert _audit_count(app, "user.change_email", user.id) == 1


def test_two_email_change_links_confirmed_at_once_change_the_address_once(app, make_user):
    """Two links asked one after the other (to two addresses): only one may win (the second
    request replaced the address waiting on the account: the first link is refused outright)."""
    for n in range(ROUNDS):
        user = make_user()
        with app.test_request_context():
            account = db.session.get(User, user.id)
            tokens = [request_email_change(account, f"{which}{n}@example.org", PASSWORD,
                                           app.secret_key).token for which in ("une", "autre")]
            db.session.commit()
            paths = [f"/compte/adresse-email/{token}" for token in tokens]
        clients = [app.test_client(), app.test_client()]
        race = at_once(app, [(c, p, {}) for c, p in zip(clients, paths, strict=True)],
                       meet_after=USER_TABLE)
        _assert_met(app, race)
        assert sorted(outcome.status for outcome in race.outcomes) == [200, 400], race
        assert _audit_count(app, "user.change_email", user.id) == 1


def _organisers_signed_in(app, make_user, count: int) -> list:
    """``count`` test clients, each signed in as its own organiser (its own connection)."""
    from council.auth.models import Role

    clients = []
    for _ in range(count):
        organiser = make_user(role=Role.ORGANISER)
        client = app.test_client()
        client.post("/connexion", data={"email": organiser.email, "password": PASSWORD})
        clients.append(client)
    return clients


def _substitute_places(app, ids: list[int]) -> list[int | None]:
    """The places on the substitutes list of these applications, as stored now."""
    from council.membership.models import Application

    with app.app_context():
        return list(db.session.scalars(select(Application.substitute_position)
                                       .where(Application.id.in_(ids))))


def test_two_substitutes_moved_at_once_keep_distinct_places(app, make_user, make_application):
    """Moving B up and C up at the same instant ([A, B, C]) used to leave two substitutes on the
    same place on PostgreSQL (each swapped with B as it was before the other's swap)."""
    from council.auth.models import Role
    from council.membership.models import Application
    from council.membership.services.applications import put_on_substitutes

    admin = make_user(role=Role.ORGANISER)
    clients = _organisers_signed_in(app, make_user, 2)
    for _ in range(ROUNDS):
        ids = [make_application() for _ in range(3)]
        with app.app_context():
            for application_id in ids:
                put_on_substitutes(db.session.get(Application, application_id),
                                   db.session.get(User, admin.id))
            db.session.commit()
        race = at_once(app, [(clients[0], f"/suppleants/{ids[1]}/monter", {}),
                             (clients[1], f"/suppleants/{ids[2]}/monter", {})],
                       meet_after="application")
        _assert_met(app, race)
        assert all(outcome.status == 200 for outcome in race.outcomes), race
        places = _substitute_places(app, ids)
        assert len(set(places)) == 3, places


def test_two_applications_put_on_the_substitutes_list_at_once_take_two_places(app, make_user,
                                                                              make_application):
    """Both read the end of the list before either wrote: they used to share the last place.
    The requests meet once signed in (after reading ``user``): the list's end is then read under
    a lock that lets one request at a time in, so no read of it can be made to meet."""

    clients = _organisers_signed_in(app, make_user, 2)
    for _ in range(ROUNDS):
        ids = [make_application() for _ in range(2)]
        race = at_once(app, [(clients[0], f"/candidatures/{ids[0]}/suppleant", {}),
                             (clients[1], f"/candidatures/{ids[1]}/suppleant", {})],
                       meet_after='"user"')
        _assert_met(app, race)
        assert all(outcome.status == 200 for outcome in race.outcomes), race
        places = _substitute_places(app, ids)
        assert None not in places and len(set(places)) == 2, places
