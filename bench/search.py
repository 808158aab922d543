"""The observation search on a crafted set (`python -m bench.search`, also run by `make bench`).

On top of the demo-size dataset, 20,000 accepted observations with long descriptions (about
120 words from a large vocabulary, accents included): the members' search, POSTed as the page
does, on the full-text index (p50/p95, statements), next to the ``LIKE '%…%'`` query it
replaced (its rows and its full count, timed in SQL alone).
"""

from __future__ import annotations

import json
import logging
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from bench import dataset
from bench.measure import count_statements, percentile
from council import create_app
from council.auth.access import PASSWORD_CHANGE_REQUIRED as CHANGE_REQUIRED
from council.extensions import db
from council.observations.lifecycle import LISTED, ObservationKind, ObservationOrigin
from council.observations.models import Observation
from council.observations.search import normalise
from council.reference.models import Neighbourhood

CRAFTED = 20_000
QUERIES = ["lampad", "arrêt de bus", "lampadaires éteints", "école", "xyzzy"]
RARE = ["lampadaire", "lampadaires", "éteint", "éteints", "nid-de-poule", "tags"]
SYLLABLES = ["ba", "ré", "lo", "mi", "cha", "pon", "tè", "ru", "vi", "gé", "sal", "dor", "fin"]


def _vocabulary(rng: random.Random, size: int = 5_000) -> list[str]:
    words = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(size)}
    return sorted(words) + dataset.WORDS * 50


def add_crafted(rng: random.Random, count: int = CRAFTED) -> None:
    """``count`` accepted observations with long texts; one in a hundred holds a rare word."""
    vocabulary = _vocabulary(rng)
    neighbourhoods = list(db.session.scalars(select(Neighbourhood.id)))
    statuses = sorted(LISTED, key=lambda s: s.value)
    today = datetime.now(UTC).date()
    rows = []
    for i in range(count):
        words = [rng.choice(vocabulary) for _ in range(120)]
        if i % 100 == 0:
            words[rng.randrange(120)] = rng.choice(RARE)
        description = " ".join(words).capitalize() + "."
        place = f"{rng.randint(1, 99)} rue {rng.choice(vocabulary)}"
        rows.append({
            "kind": rng.choice(list(ObservationKind)), "status": statuses[i % len(statuses)],
            "origin": ObservationOrigin.MEMBER, "neighbourhood_id": rng.choice(neighbourhoods),
            "place": place, "description": description,
            "search_text": normalise(f"{description} {place}"),
            "observed_on": today - timedelta(days=rng.randrange(2000)),
            "created_at": datetime.now(UTC)})
    for start in range(0, len(rows), 5_000):
        db.session.execute(insert(Observation), rows[start:start + 5_000])


def _like_ms(q: str, runs: int = 5) -> float:
    """The old search in SQL: its page of rows and its full count (median of ``runs``)."""
    pattern = f"%{normalise(q)}%"
    where = (Observation.status.in_(LISTED), Observation.search_text.like(pattern))
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        db.session.execute(select(Observation).where(*where).order_by(
            Observation.observed_on.desc(), Observation.id.desc()).limit(25)).all()
        db.session.scalar(select(func.count()).select_from(Observation).where(*where))
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def measure_search(workdir: Path, requests: int = 30) -> dict:
    """Build the crafted set and measure each query: the page (full-text) and the old LIKE."""
    ds = dataset.build(workdir / "bench-search.sqlite", 1)
    app = create_app({**dataset.bench_config(ds.url), "WTF_CSRF_ENABLED": False})
    with app.app_context():
        add_crafted(random.Random(15))
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        total = db.session.scalar(select(func.count()).select_from(Observation))
    client = app.test_client()
    client.post("/connexion", data={"email": ds.member_email, "password": dataset.PASSWORD})
    with client.session_transaction() as session:
        session.pop(CHANGE_REQUIRED, None)  # the bench's password is weak on purpose: no change
    figures = {"observations": total, "queries": {}}
    for q in QUERIES:
        timings, counts = [], []
        for _ in range(requests + 3):
            with count_statements(app) as counter:
                began = time.perf_counter()
                response = client.post("/observations", data={"q": q})
                timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (response.status_code, response.location)
            counts.append(counter["n"])
        timings = timings[3:]
        with app.app_context():
            like = _like_ms(q)
        figures["queries"][q] = {"p50_ms": round(statistics.median(timings), 1),
                                 "p95_ms": round(percentile(timings, 0.95), 1),
                                 "statements": max(counts), "like_sql_ms": round(like, 1)}
        print(f"[search] {q!r:24} p95 {figures['queries'][q]['p95_ms']:7.1f} ms  "
              f"statements {max(counts)}  (LIKE, SQL alone: {like:7.1f} ms)", flush=True)
    return figures


if __name__ == "__main__":
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="council-bench-") as tmp:
        json.dump(measure_search(Path(tmp)), sys.stdout, indent=2, ensure_ascii=False)
