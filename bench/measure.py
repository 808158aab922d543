"""In-process measurement through the test client: p50/p95 over N requests, SQL statements each."""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass

from flask.testing import FlaskClient
from sqlalchemy import event

from council.extensions import db


@dataclass
class PageFigures:
    p50_ms: float
    p95_ms: float
    queries: int
    status: int
    size: int

    def as_dict(self) -> dict:
        return {"p50_ms": round(self.p50_ms, 3), "p95_ms": round(self.p95_ms, 3),
                "queries": self.queries, "status": self.status, "html_bytes": self.size}


class HostClient(FlaskClient):
    """A test client whose requests go to one host: a council's (``host_client``)."""

    host = "localhost"

    def open(self, *args, **kwargs):
        if args and isinstance(args[0], str):
            kwargs.setdefault("base_url", f"http://{self.host}")
        return super().open(*args, **kwargs)

    def session_transaction(self, *args, **kwargs):
        kwargs.setdefault("base_url", f"http://{self.host}")
        return super().session_transaction(*args, **kwargs)


def host_client(app, host: str) -> HostClient:
    """A test client of ``app`` asking for ``host`` (the council served comes from it)."""
    client = HostClient(app, app.response_class, use_cookies=True)
    client.host = host
    return client


@contextmanager
def count_statements(app):
    """Count SQL statements sent to the database while the block runs."""
    counter = {"n": 0}
    with app.app_context():
        engine = db.engine

    def _count(*_args):
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", _count)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", _count)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(app, client, path: str, requests: int = 60, warmup: int = 5,
            headers: dict | None = None) -> PageFigures:
    """Time ``requests`` GETs of ``path`` after ``warmup`` ones; count statements per request."""
    for _ in range(warmup):
        client.get(path, headers=headers)
    timings, counts = [], []
    status = size = 0
    for _ in range(requests):
        with count_statements(app) as counter:
            start = time.perf_counter()
            response = client.get(path, headers=headers)
            timings.append((time.perf_counter() - start) * 1000)
        counts.append(counter["n"])
        status, size = response.status_code, len(response.get_data())
    return PageFigures(
        p50_ms=statistics.median(timings),
        p95_ms=percentile(timings, 0.95),
        queries=max(counts),
        status=status,
        size=size,
    )
