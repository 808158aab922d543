"""The feeds' figures (issue 16): an unconditional read of the 6,000-meeting private feed — what
Google Calendar sends every few minutes — against floors serving a static file of the same byte
size through the same app, and the build of a changed feed (one meeting touched, then one read).

Part of ``make bench`` (bench/run.py); ``make bench-feeds`` (``python -m bench.feeds``) builds the
100x dataset only and runs these figures alone.
"""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from flask import Flask, Response, send_file
from sqlalchemy import event, func, select, update

from bench.measure import measure
from council.database import utcnow
from council.extensions import db
from council.meetings.models import Meeting

STATIC_PATH = "/__bench_static/<int:size>"
SENT_PATH = "/__bench_sent/<int:size>"
BUILD = "agenda_item.title"  # the first query of a feed's build


def register_static_floors(app: Flask, directory: Path) -> None:
    """Two floors for a body of ``size`` bytes, both a file on disk served through the same app:
    read whole and sent (what the cache does, without its queries), and Flask's ``send_file``."""

    def file_of(size: int) -> Path:
        path = directory / f"floor-{size}.ics"
        if not path.exists():
            path.write_bytes((b"X" * 74 + b"\r\n") * (size // 76) + b"X" * (size % 76))
        return path

    def static_floor(size: int):
        return Response(file_of(size).read_bytes(), content_type="text/calendar; charset=utf-8")

    def sent_floor(size: int):
        return send_file(file_of(size), mimetype="text/calendar", conditional=False)

    app.add_url_rule(STATIC_PATH, "bench_static_floor", static_floor)
    app.add_url_rule(SENT_PATH, "bench_sent_floor", sent_floor)


def _path(rule: str, size: int) -> str:
    return rule.replace("<int:size>", str(size))


def _changed_feed_ms(app, client, feed: str, meeting_id: int, host: str | None = None) -> float:
    """Touch one meeting (its ``updated_at`` past every other: the feed's ETag moves), then time
    one read. The dataset dates some changes in the future, with their meetings. ``host``: the
    council's (several councils in the database: the one the feed's client asks)."""
    with app.app_context():
        if host is not None:
            from council.councils.hosts import council_for_host
            from council.tenancy import use_council

            use_council(council_for_host(host)[0].id)
        latest = db.session.scalar(select(func.max(Meeting.updated_at)))
        db.session.execute(update(Meeting).where(Meeting.id == meeting_id)
                           .values(updated_at=max(latest, utcnow()) + timedelta(seconds=1)))
        db.session.commit()
    built = []

    def count(_conn, _cursor, statement, *_args):
        built.append(BUILD in statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        began = time.perf_counter()
        response = client.get(feed)
        elapsed = (time.perf_counter() - began) * 1000
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200 and sum(built) == 1, "the changed feed was not rebuilt"
    return elapsed


def measure_feeds(app, client, feed: str, meeting_id: int, requests: int, changes: int = 5,
                  host: str | None = None) -> dict:
    """The cached unconditional read against its floors, and the build after a change."""
    cached = measure(app, client, feed, requests=requests)  # the warm-up read builds it once
    assert cached.status == 200, f"feed answered {cached.status}"
    floors = {name: measure(app, client, _path(rule, cached.size), requests=requests)
              for name, rule in (("static_file", STATIC_PATH), ("send_file", SENT_PATH))}
    rebuilds = [_changed_feed_ms(app, client, feed, meeting_id, host) for _ in range(changes)]
    floor = min(floors.values(), key=lambda figures: figures.p50_ms)
    return {
        "bytes": cached.size,
        "cached": cached.as_dict(),
        "floors": {name: figures.as_dict() for name, figures in floors.items()},
        "ratio_p50": round(cached.p50_ms / floor.p50_ms, 2),
        "ratio_p95": round(cached.p95_ms / floor.p95_ms, 2),
        "changed_build_ms_median": round(statistics.median(rebuilds), 1),
        "changed_build_ms_max": round(max(rebuilds), 1),
    }


def describe(figures: dict) -> str:
    floors = figures["floors"]
    return (f"Private feed, unconditional read from the cache ({figures['bytes']:,} bytes): "
            f"p50 {figures['cached']['p50_ms']:.1f} ms, p95 {figures['cached']['p95_ms']:.1f} ms, "
            f"{figures['cached']['queries']} statements; floor (static file read and sent) p50 "
            f"{floors['static_file']['p50_ms']:.1f} ms, (send_file) p50 "
            f"{floors['send_file']['p50_ms']:.1f} ms; ratio to the faster floor: p50 "
            f"{figures['ratio_p50']:.2f}, p95 {figures['ratio_p95']:.2f}. Changed feed built and "
            f"served: median {figures['changed_build_ms_median']:.0f} ms, max "
            f"{figures['changed_build_ms_max']:.0f} ms")


def main() -> dict:
    """Build the 100x dataset (or ``BENCH_SCALES``' last), measure the feeds only."""
    from bench import dataset
    from bench.run import _paths
    from council import create_app

    logging.getLogger("alembic").setLevel(logging.WARNING)
    requests = int(os.environ.get("BENCH_REQUESTS", "30"))
    scale = int(os.environ.get("BENCH_SCALES", "100").split(",")[-1])
    with tempfile.TemporaryDirectory(prefix="council-bench-feeds-") as tmp:
        workdir = Path(tmp)
        ds = dataset.build(workdir / f"bench-{scale}x.sqlite", scale)
        app = create_app({**dataset.bench_config(ds.url), "CACHE_DIR": str(workdir / "cache")})
        register_static_floors(app, workdir)
        _who, feed = _paths(ds)["private_feed"]
        figures = measure_feeds(app, app.test_client(), feed, ds.meeting_id, requests)
    print(describe(figures))
    return figures


if __name__ == "__main__":
    main()
