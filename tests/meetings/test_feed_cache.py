"""Feeds built once per change: every later read, conditional or not, is the built body read back
from the cache the workers share (files under instance/, or Redis), never another council's or
another member's, never a damaged one."""

from __future__ import annotations

import dataclasses
import os
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from council import cache, create_app
from council.extensions import db
from council.meetings.models import MeetingKind, Visibility
from council.meetings.services.calendars import Feed, feed_state, regenerate_token
from council.meetings.services.meetings import (
    MeetingData,
    add_agenda_point,
    cancel_meeting,
    create_meeting,
    get_meeting,
    update_meeting,
)
from council.tenancy import use_council
from tests.fixtures.meetings import paris_day
from tests.meetings.test_services import data_of

BUILD = "agenda_item.title"  # the first query of a build; a cached read never sends it


class Statements(list):
    """SQL statements sent, without the transactions' prologues (SQLite's BEGIN, PostgreSQL's
    council for row-level security); ``builds``: how many feeds were built meanwhile."""

    @property
    def builds(self) -> int:
        return sum(BUILD in statement for statement in self)

    def record(self, _conn, _cursor, statement, *_args):
        if not statement.startswith("BEGIN") and "app.council_id" not in statement:
            self.append(statement)


@contextmanager
def recording(app):
    seen = Statements()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", seen.record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", seen.record)


@pytest.fixture
def statements(app):
    """Every SQL statement the app sends while the test runs."""
    with recording(app) as seen:
        yield seen


def token_for(app, user, council_id=None) -> str:
    with app.app_context():
        if council_id is not None:
            use_council(council_id)
        secret = regenerate_token(user).token
        db.session.commit()
        return secret


def entry_names(app) -> set[str]:
    directory = app.extensions["council_cache"].directory
    return set(os.listdir(directory)) if directory.is_dir() else set()


# Built once, read back --------------------------------------------------------------------------

@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
def test_the_second_unconditional_read_does_not_rebuild(app, client, make_meeting, make_user,
                                                        statements, private):
    make_meeting(days=10, title="Plénière")
    path = f"/calendrier/{token_for(app, make_user())}.ics" if private else "/reunions.ics"
    statements.clear()
    first = client.get(path)
    assert first.status_code == 200 and statements.builds == 1
    statements.clear()
    second = client.get(path)  # Google Calendar: no If-None-Match
    assert second.status_code == 200 and statements.builds == 0
    assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert second.headers["Cache-Control"] == ("private, no-cache" if private else "no-cache")
    assert second.headers["Last-Modified"] == first.headers["Last-Modified"]
    # the validators cost what a 304 costs: the profile, the aggregate (and the token)
    assert len(statements) == (3 if private else 2), statements
    conditional = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert conditional.status_code == 304 and conditional.data == b""


def test_head_answers_the_headers_of_the_cached_body(client, make_meeting, statements):
    make_meeting(days=10)
    body = client.get("/reunions.ics").data
    statements.clear()
    head = client.head("/reunions.ics")
    assert head.status_code == 200 and head.data == b"" and statements.builds == 0
    assert int(head.headers["Content-Length"]) == len(body)
    assert head.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert head.headers["Cache-Control"] == "no-cache" and head.headers["ETag"]


def _edit(meeting):
    update_meeting(meeting, data_of(meeting, title="Plénière déplacée",
                                    starts_at=meeting.starts_at + timedelta(hours=1),
                                    ends_at=meeting.ends_at + timedelta(hours=1)))


CHANGES = {
    "new meeting": (None, "Nouvelle réunion"),
    "edit": (_edit, "Plénière déplacée"),
    "cancellation": (lambda meeting: cancel_meeting(meeting, "Grève"), "Annulée : Plénière"),
    "agenda": (lambda meeting: add_agenda_point(meeting, "Point ajouté"), "Point ajouté"),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
def test_a_change_gives_a_new_body(app, client, make_meeting, make_user, statements, change,
                                   private):
    meeting_id = make_meeting(days=10, title="Plénière")
    path = f"/calendrier/{token_for(app, make_user())}.ics" if private else "/reunions.ics"
    before = client.get(path)
    client.get(path)
    apply, expected = CHANGES[change]
    if apply is None:
        make_meeting(days=12, title=expected)
    else:
        with app.app_context():
            apply(get_meeting(meeting_id))
            db.session.commit()
    statements.clear()
    after = client.get(path)
    assert statements.builds == 1 and after.headers["ETag"] != before.headers["ETag"]
    assert expected.encode() in after.data.replace(b"\r\n ", b"") and after.data != before.data
    statements.clear()
    assert client.get(path).data == after.data and statements.builds == 0


def test_a_new_council_name_gives_a_new_body(client, make_meeting, store_profile, statements):
    make_meeting(days=10)
    client.get("/reunions.ics")
    store_profile(name="Conseil citoyen du Pays d'Argentan")
    statements.clear()
    assert b"Pays d'Argentan" in client.get("/reunions.ics").data and statements.builds == 1


def _other(value):
    """Another value of a feed's field, whatever its type (a preference added later included)."""
    if isinstance(value, bool):
        return not value
    if value is None:
        return 1
    if isinstance(value, int):
        return value + 1
    if isinstance(value, timedelta):
        return value + timedelta(minutes=1)
    return f"{value}-autre"


@pytest.mark.parametrize("name", [field.name for field in dataclasses.fields(Feed)])
def test_every_field_of_a_feed_is_in_its_etag_and_so_in_its_cache_key(app, name):
    """A preference that changes a private feed's body is a field of ``Feed``: changing it
    changes the ETag, so the next read builds a new body (the cache serves a body for its ETag
    only)."""
    feed = Feed(members_only_too=True, owner_id=7)
    changed = dataclasses.replace(feed, **{name: _other(getattr(feed, name))})
    with app.test_request_context():
        assert feed_state(feed, "http://conseil.test/reunions/").etag != \
            feed_state(changed, "http://conseil.test/reunions/").etag


# Never another's body ----------------------------------------------------------------------------

@pytest.fixture
def two_councils(app):
    """The first council (on ``conseil.test``) and Flers (on ``flers.test``) → their ids."""
    from council.councils.services import create_council, ensure_council

    with app.app_context():
        first = ensure_council().id
        flers = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"]).id
        db.session.commit()
    return {"first": first, "flers": flers}


def _mark(app, council_id, identity):
    """Put a recognisable body in the cache for ``identity``'s current version."""
    with app.app_context():
        use_council(council_id)
        store = cache.store()
        header, body, _stamp = store.get(identity)
        version = header[: header.index(b" ")].decode()
        assert cache.matches(header, body, version)
        store.put(identity, cache.pack(version, body.replace(b"END:VCALENDAR", b"X-MARQUE:"
                                                             + identity.encode() + b"\r\nEND:VCALENDAR")))


def test_two_councils_and_two_members_never_share_a_body(app, two_councils, statements):
    from council.auth.models import Role
    from council.auth.services.accounts import create_user

    first, flers = two_councils["first"], two_councils["flers"]
    with app.app_context():
        secrets = {}
        for council_id, city, people in ((first, "Argentan", ("anne", "bruno")),
                                         (flers, "Flers", ("claire",))):
            use_council(council_id)
            start = paris_day(11)
            create_meeting(MeetingData(
                title=f"Réunion de {city}", kind=MeetingKind.PLENARY, starts_at=start,
                ends_at=start + timedelta(hours=2), place_name="Salle", place_address="",
                description="", visibility=Visibility.PUBLIC, agenda=[(None, "Accueil")],
                delegate_ids=[]))
            for name in people:
                user = create_user(f"{name}@example.org", Role.MEMBER)
                secrets[name] = (user.id, regenerate_token(user).token)
            db.session.commit()
    feeds = {  # → (host, path, cache identity)
        "argentan": ("conseil.test", "/reunions.ics", f"feed-c{first}-public"),
        "flers": ("flers.test", "/reunions.ics", f"feed-c{flers}-public"),
    }
    for name, (user_id, secret) in secrets.items():
        council_id, host = (flers, "flers.test") if name == "claire" else (first, "conseil.test")
        feeds[name] = (host, f"/calendrier/{secret}.ics", f"feed-c{council_id}-private-u{user_id}")
    client = app.test_client()
    statements.clear()
    bodies = {name: client.get(path, base_url=f"http://{host}").data
              for name, (host, path, _identity) in feeds.items()}
    assert statements.builds == len(feeds)  # each built its own: none read another's
    assert entry_names(app) == {identity for _host, _path, identity in feeds.values()}
    for name in ("argentan", "anne", "bruno"):
        assert b"Argentan" in bodies[name] and b"Flers" not in bodies[name]
    for name in ("flers", "claire"):
        assert b"Flers" in bodies[name] and b"Argentan" not in bodies[name]
    # Each body marked in the cache: each reader gets its own mark, and only its own
    for host, _path, identity in feeds.values():
        _mark(app, flers if host == "flers.test" else first, identity)
    statements.clear()
    for name, (host, path, identity) in feeds.items():
        body = client.get(path, base_url=f"http://{host}").data
        assert body.count(b"X-MARQUE:") == 1 and f"X-MARQUE:{identity}\r\n".encode() in body, name
    assert statements.builds == 0


def test_a_revoked_token_gets_no_cached_body(app, client, make_meeting, make_user, statements):
    make_meeting(days=10, title="Bureau")
    user = make_user()
    old = token_for(app, user)
    assert client.get(f"/calendrier/{old}.ics").status_code == 200  # now in the cache
    new = token_for(app, user)
    statements.clear()
    refused = client.get(f"/calendrier/{old}.ics")
    assert refused.status_code == 404 and b"Bureau" not in refused.data
    assert client.get(f"/calendrier/{new}.ics").status_code == 200 and statements.builds == 0
    with app.app_context():
        db.session.get(type(user), user.id).active = False
        db.session.commit()
    disabled = client.get(f"/calendrier/{new}.ics")
    assert disabled.status_code == 404 and b"Bureau" not in disabled.data


# On disk: restart, eviction, damage --------------------------------------------------------------

def test_the_disk_cache_survives_a_restart(app, client, make_meeting):
    make_meeting(days=10)
    body = client.get("/reunions.ics").data
    assert entry_names(app) and app.extensions["council_cache"].directory.parent == \
        type(app.extensions["council_cache"].directory)(app.instance_path)
    restarted = create_app(dict(app.config))  # a new process: nothing in memory
    with recording(restarted) as seen:
        again = restarted.test_client().get("/reunions.ics")
    assert again.data == body and seen.builds == 0 and seen


def _age(path, hours):
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))


def test_a_full_cache_directory_evicts_the_least_recently_read(tmp_path):
    store = cache.DiskStore(tmp_path / "cache", max_bytes=3500)
    for name, hours in (("a", 5), ("b", 4), ("c", 3)):
        store.put(name, cache.pack("v1", name.encode() * 1000))
        _age(store.directory / name, hours)
    assert store.get("a") is not None  # read: "a" becomes the most recently read
    store.put("d", cache.pack("v1", b"d" * 1000))
    assert sorted(os.listdir(store.directory)) == ["a", "c", "d"]  # "b" went first
    store.put("e", cache.pack("v1", b"e" * 1000))
    assert sorted(os.listdir(store.directory)) == ["a", "d", "e"]
    store.put("huge", cache.pack("v1", b"h" * 5000))  # larger than the whole cache: not kept
    assert "huge" not in os.listdir(store.directory)
    left = store.directory / ".tmp-crashed"
    left.write_bytes(b"half")
    _age(left, 2)
    store.put("f", cache.pack("v1", b"f"))
    assert ".tmp-crashed" not in os.listdir(store.directory)


def test_the_cache_size_setting_bounds_the_directory(app_config, app, client, make_meeting,
                                                     make_user):
    make_meeting(days=10)
    size = len(client.get("/reunions.ics").data)
    app.extensions["council_cache"].max_bytes = int(size * 1.5)  # room for one feed
    for user in (make_user(), make_user()):
        assert client.get(f"/calendrier/{token_for(app, user)}.ics").status_code == 200
        assert len(entry_names(app)) == 1


DAMAGES = {
    "garbage": lambda entry: b"\x00\xffgarbage",
    "empty": lambda entry: b"",
    "truncated": lambda entry: entry[: len(entry) // 2],
    "flipped byte": lambda entry: entry[:-40] + bytes([entry[-40] ^ 1]) + entry[-39:],
    "other version": lambda entry: b"autre" + entry[entry.index(b" "):],
    "no header": lambda entry: entry[entry.index(b"\n") + 1:],
}


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_entry_is_rebuilt_never_served(app, client, make_meeting, statements, damage):
    make_meeting(days=10, title="Plénière")
    body = client.get("/reunions.ics").data
    assert client.get("/reunions.ics").data == body  # read back (and checked) once already
    (path,) = app.extensions["council_cache"].directory.iterdir()
    path.write_bytes(DAMAGES[damage](path.read_bytes()))
    statements.clear()
    again = client.get("/reunions.ics")
    assert again.status_code == 200 and again.data == body and statements.builds == 1
    statements.clear()
    assert client.get("/reunions.ics").data == body and statements.builds == 0  # stored again


def test_an_unusable_cache_directory_costs_a_build_never_an_error(app, client, make_meeting):
    make_meeting(days=10, title="Plénière")
    body = client.get("/reunions.ics").data
    (path,) = app.extensions["council_cache"].directory.iterdir()
    path.unlink()
    path.mkdir()  # neither readable nor replaceable as a file
    again = client.get("/reunions.ics")
    assert again.status_code == 200 and again.data == body


def test_clear_cache_empties_it(app, client, runner, make_meeting, statements):
    make_meeting(days=10)
    client.get("/reunions.ics")
    result = runner.invoke(args=["clear-cache"])
    assert result.exit_code == 0 and "1 built feed(s) removed" in result.output
    assert entry_names(app) == set()
    statements.clear()
    client.get("/reunions.ics")
    assert statements.builds == 1


@pytest.mark.parametrize("entry", [None, b"", b"v1 3 00000000\nabc", b"v1 x y\nabc", b"\n"])
def test_unpack_refuses_what_was_not_stored_for_this_version(entry):
    assert cache.unpack(entry, "v1") is None
    assert cache.unpack(cache.pack("v1", b"abc"), "v1") == b"abc"
    assert cache.unpack(cache.pack("v1", b""), "v1") == b""
    assert cache.unpack(cache.pack("v1", b"abc"), "v2") is None


# Redis, shared by every machine ------------------------------------------------------------------

@pytest.fixture
def redis_cache(app_config, redis_url):
    app_config["CACHE_REDIS_URL"] = redis_url
    return redis_url


def test_with_redis_a_feed_built_by_one_app_is_read_by_another(redis_cache, app, client,
                                                                make_meeting, statements,
                                                                tmp_path, monkeypatch):
    import redis

    make_meeting(days=10)
    body = client.get("/reunions.ics").data
    keys = redis.Redis.from_url(redis_cache).keys(cache.REDIS_PREFIX + "*")
    assert len(keys) == 1 and not (Path(app.instance_path) / "cache").exists()
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path / "another-machine"))
    other = create_app(dict(app.config))  # another machine: its own instance folder
    with recording(other) as seen:
        assert other.test_client().get("/reunions.ics").data == body
    assert seen and seen.builds == 0
    statements.clear()
    assert client.get("/reunions.ics").data == body and statements.builds == 0


@pytest.fixture
def redis_down(app_config):
    from bench.server import free_port

    app_config.update(CACHE_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
                      CACHE_TIMEOUT_SECONDS=0.5)


def test_a_redis_that_does_not_answer_costs_a_build_never_an_error(redis_down, app, client,
                                                                   make_meeting):
    make_meeting(days=10, title="Plénière")
    for _ in range(2):
        response = client.get("/reunions.ics")
        assert response.status_code == 200 and "Plénière".encode() in response.data


def test_a_checked_file_is_streamed_from_the_cache_not_read_into_memory(app, client, make_meeting,
                                                                        statements):
    """Once a worker has checked the cached file, later reads send the file itself from past its
    header line (``sendfile`` under gunicorn): same bytes, same length, no build."""
    make_meeting(days=10, title="Plénière")
    built = client.get("/reunions.ics")  # builds and stores
    checked = client.get("/reunions.ics")  # reads the file whole and checks it
    assert checked.data == built.data and checked.is_sequence  # bytes: read into memory
    statements.clear()
    streamed = client.get("/reunions.ics")
    assert statements.builds == 0 and not streamed.is_sequence  # the file, streamed
    assert streamed.data == built.data
    assert streamed.headers["Content-Length"] == str(len(built.data))
    assert streamed.headers["ETag"] == built.headers["ETag"]
    head = client.head("/reunions.ics")
    assert head.data == b"" and head.headers["Content-Length"] == str(len(built.data))
    # another worker rewrites the entry (a change): the file checked before is not the one there
    make_meeting(days=12, title="Commission")
    changed = client.get("/reunions.ics")
    assert b"Commission" in changed.data and changed.is_sequence
