"""Two app servers, as two machines behind one proxy: two gunicorn instances on two loopback
ports, one database (this suite's: PostgreSQL or an SQLite file), one Redis, and a client that
alternates between them. A session opened on one works on the other, a write on one is read on the
other, the feeds' ETags agree and both serve the body one of them built (the feed cache in Redis),
and a rate limit counts across both. The gunicorn machinery is the
load test's (``bench/load_applications.py``)."""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest

from bench.applicants import application_form
from bench.load_applications import app_environment, gunicorn
from bench.load_submit import _Client
from council import dates

pytestmark = pytest.mark.servers

STRONG = "Vive le bocage normand 61"  # an organiser's password must meet the strict rule
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="csrf_token"')


@dataclass
class Browser:
    """One person's cookie jar, sent to whichever server the request goes to (cookies ignore the
    port, as they ignore which machine the proxy picked)."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, server: str, method: str, path: str, form: dict | None = None):
        from urllib.parse import urlencode

        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items()) or None
        status, headers, body = _Client(server, timeout=30).request(
            method, path, urlencode(form) if form is not None else None, cookie)
        jar = SimpleCookie()
        for header in headers.get_all("Set-Cookie") or []:
            jar.load(header)
        for name, morsel in jar.items():
            if morsel.value and morsel["expires"] != "Thu, 01 Jan 1970 00:00:00 GMT":
                self.cookies[name] = morsel.value
            else:
                self.cookies.pop(name, None)
        return status, headers, body

    def form_token(self, server: str, path: str) -> str:
        status, _headers, body = self.request(server, "GET", path)
        assert status == 200, (path, status)
        match = _CSRF.search(body)
        return html.unescape(match.group(1) or match.group(2))

    def post(self, server: str, path: str, form: dict, token_from: str | None = None):
        token = self.form_token(token_from or server, path)
        return self.request(server, "POST", path, {**form, "csrf_token": token})


@pytest.fixture
def servers(database_url, redis_url, tmp_path):
    """Two gunicorn instances (one worker each) sharing the database, the Redis and the secret key,
    each with its own instance folder, as on two machines."""
    env = {**app_environment(database_url, tmp_path / "instance-a"),
           "COUNCIL_RATELIMIT_STORAGE_URI": redis_url, "COUNCIL_CACHE_REDIS_URL": redis_url,
           "COUNCIL_LOGIN_RATE_LIMIT": "4 per minute", "COUNCIL_LOGIN_ACCOUNT_RATE_LIMIT": "4 per minute"}
    other = {**env, "COUNCIL_INSTANCE_PATH": str(tmp_path / "instance-b")}
    with gunicorn(env, 1, tmp_path / "a.log") as first, gunicorn(other, 1, tmp_path / "b.log") as second:
        yield first.base_url, second.base_url
        # read while both still serve: the quick shutdown (SIGINT) may cut a write in flight and
        # log it, which says nothing of how the servers behaved
        logs = {log: (tmp_path / log).read_text(errors="replace") for log in ("a.log", "b.log")}
    for log, text in logs.items():
        assert "Traceback" not in text, log


def _etag(server: str) -> str:
    status, headers, _body = Browser().request(server, "GET", "/reunions.ics")
    assert status == 200
    return headers["ETag"]


def _same_cached_feed(redis_url: str, a: str, b: str) -> None:
    import redis

    from council import cache

    status, headers, body = Browser().request(a, "GET", "/reunions.ics")
    assert status == 200 and _etag(b) == headers["ETag"]
    client = redis.Redis.from_url(redis_url)
    (key,) = client.keys(cache.REDIS_PREFIX + "*")
    entry = client.get(key)
    version = entry[: entry.index(b" ")].decode()
    built = cache.unpack(entry, version)
    assert built is not None and built.decode() == body
    client.set(key, cache.pack(version, built.replace(b"END:VCALENDAR", b"X-MARQUE:1\r\nEND:VCALENDAR")))
    for server in (b, a):
        status, _headers, served = Browser().request(server, "GET", "/reunions.ics")
        assert status == 200 and "X-MARQUE:1" in served, server


def test_two_servers_behave_as_one(servers, redis_url, make_user, make_meeting):
    a, b = servers
    organiser = make_user("organiser", password=STRONG)

    # A session opened on one server works on the other (the same secret key signs it).
    staff = Browser()
    status, headers, _ = staff.post(b, "/connexion", {"email": organiser.email, "password": STRONG},
                                    token_from=a)
    assert status == 302 and headers["Location"].endswith("/tableau-de-bord")
    assert staff.request(a, "GET", "/tableau-de-bord")[0] == 200
    assert staff.request(b, "GET", "/tableau-de-bord")[0] == 200

    # A write on one is read on the other.
    form = application_form(0, dates.today(), random.Random(15), run="two")
    status, headers, _ = Browser().post(a, "/candidature", form)
    assert status == 302 and headers["Location"].endswith("/candidature/envoyee")
    status, _, listing = staff.request(b, "GET", "/candidatures")
    assert status == 200 and html.escape(form["last_name"]) in listing

    # The feeds' ETags agree, before and after a change.
    before = _etag(a)
    assert _etag(b) == before
    make_meeting(title="Réunion vue des deux serveurs")
    after = _etag(b)
    assert after != before and _etag(a) == after

    # Both serve the body built once, from the shared cache: marked there, it is what both send.
    _same_cached_feed(redis_url, a, b)

    # A rate limit counts across both: 4 failures alternating, the 5th try is refused on either.
    guesser = Browser()
    for server in (a, b, a, b):
        status, _, _ = guesser.post(server, "/connexion",
                                    {"email": organiser.email, "password": "wrong guess!"})
        assert status == 200
    for server in (a, b):
        status, _, page = guesser.post(server, "/connexion",
                                       {"email": organiser.email, "password": STRONG})
        assert status == 429 and "Trop de tentatives" in page
