"""Requests at the same instant: each from its own thread, test client, app context and database
connection, released together by a barrier.

On PostgreSQL, requests run side by side. ``meet_after`` makes the worst interleaving certain
rather than likely: each request, once it has read ``table`` (the row it is about to move, read
by the view without a lock), waits there until every other request has read it too. Without a
row lock every request then acts on the same stale state; with one, the first to lock goes on
and the others wait for its commit, then see what it wrote.

On SQLite a writing request holds the whole database from its BEGIN IMMEDIATE, so the others
cannot read anything before it commits: waiting for them would only stall until the timeout.
``meet_after`` is therefore used on PostgreSQL only; on SQLite the requests are still released
together, and the same outcome is asserted.
"""

from __future__ import annotations

import contextlib
import re
import threading
from dataclasses import dataclass, field

from flask.testing import FlaskClient
from sqlalchemy import event

from council.extensions import db
from tests.fixtures.text import page_text

TIMEOUT = 30  # seconds; only reached when something is broken, never in a passing run


@dataclass
class Outcome:
    """What one request got back: the final status and page (redirects followed), or the error."""

    status: int | None = None
    path: str = ""  # where the redirects ended
    text: str = ""
    error: BaseException | None = None


@dataclass
class Race:
    """The outcomes, in the order the calls were given, and whether the rendezvous happened."""

    outcomes: list[Outcome] = field(default_factory=list)
    met: bool = False

    def texts(self) -> list[str]:
        return [outcome.text for outcome in self.outcomes]

    def __repr__(self) -> str:  # what an assertion shows: the statuses and the flashed messages
        return f"Race(met={self.met}, {[(o.status, flashes(o.text)) for o in self.outcomes]})"

    def count(self, phrase: str) -> int:
        """How many pages say ``phrase``."""
        return sum(phrase in text for text in self.texts())


def flashes(page: str) -> list[str]:
    """The flashed messages of a page (their text, tags removed)."""
    return [" ".join(re.sub(r"<[^>]+>", " ", block).split())
            for block in re.findall(r'<p class="flash [^"]*">(.*?)</p>', page, re.S)]


def is_postgresql(app) -> bool:
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def at_once(app, posts: list[tuple[FlaskClient, str, dict | None]], meet_after: str | None = None
            ) -> Race:
    """POST each ``(client, path, form)`` from its own thread, all released at once; redirects are
    followed (the final page shows the flashed answer). Each client must be its own.

    ``meet_after``: a table name; on PostgreSQL, each request waits after its first plain read of
    that table until all have read it (see the module's docstring).
    """
    start = threading.Barrier(len(posts), timeout=TIMEOUT)
    meet = threading.Barrier(len(posts), timeout=TIMEOUT)
    local = threading.local()
    race = Race(outcomes=[Outcome() for _ in posts])
    arrived: list[bool] = []

    def after_execute(_conn, _cursor, statement, *_args):
        text = " ".join(statement.split()).upper()
        if getattr(local, "waiting", False) and text.startswith("SELECT") \
                and f"FROM {meet_after.upper()}" in text and "FOR UPDATE" not in text:
            local.waiting = False
            arrived.append(True)
            with contextlib.suppress(threading.BrokenBarrierError):
                meet.wait()  # broken when someone never came: go on, ``met`` stays False

    engine = None
    if meet_after and is_postgresql(app):
        with app.app_context():
            engine = db.engine
        event.listen(engine, "after_cursor_execute", after_execute)

    def run(index: int, client: FlaskClient, path: str, form: dict | None) -> None:
        local.waiting = engine is not None
        outcome = race.outcomes[index]
        try:
            start.wait()
            response = client.post(path, data=form, follow_redirects=True)
            outcome.status, outcome.path = response.status_code, response.request.path
            outcome.text = page_text(response)
        except BaseException as error:  # noqa: BLE001 - reported by the test, with its type
            outcome.error = error

    threads = [threading.Thread(target=run, args=(i, *post), daemon=True) for i, post in enumerate(posts)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIMEOUT * 2)
    finally:
        if engine is not None:
            event.remove(engine, "after_cursor_execute", after_execute)
    race.met = engine is not None and len(arrived) == len(posts) and not meet.broken
    errors = [outcome.error for outcome in race.outcomes if outcome.error is not None]
    assert not errors, f"requests failed: {errors!r}"
    assert all(not thread.is_alive() for thread in threads), "a request never finished"
    return race
