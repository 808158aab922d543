"""The benchmark (`make bench`, or `python -m bench.run`): cost must stay flat as history grows
and as councils are added.

Builds the 1x and 100x datasets (one council), measures the key pages in process (p50, p95, SQL
statements, ratio to a floor of the same HTML size), the feeds (a 304 re-poll, building 6,000
events); then a database of ``BENCH_COUNCILS`` councils of demo size, measuring the same pages of
its first council (p95 and statements against the 1x run, one council alone); then gunicorn
throughput of the home page against the floor on that many-councils database, each request's
council resolved from its Host header; the observation search; writes ``bench/results.json``.
Environment: ``BENCH_REQUESTS`` (default 50), ``BENCH_SECONDS`` (gunicorn load, default 5),
``BENCH_SCALES`` (default "1,100"), ``BENCH_COUNCILS`` (default 100; 0 skips),
``BENCH_DATABASE_URL`` (a PostgreSQL server: each dataset in a new database there, dropped
afterwards; SQLite files otherwise), ``BENCH_SEARCH`` (default 1; 0 skips the search part).
"""

from __future__ import annotations

import json
import logging
import os
import platform
import statistics
import tempfile
import time
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import dataset
from bench.feeds import describe, measure_feeds, register_static_floors
from bench.floor import floor_path, register_floor
from bench.measure import host_client, measure
from bench.search import measure_search
from bench.throughput import gunicorn_figures
from council import create_app
from council.auth.access import PASSWORD_CHANGE_REQUIRED
from council.ical import CalendarInfo, MeetingEvent, build_calendar

RESULTS = Path(__file__).resolve().parent / "results.json"
PAGES = ["home", "meetings", "meeting", "avis_list", "avis", "roster", "observations",
         "review_queue", "dashboard", "public_feed", "private_feed"]


def signed_in(app, email: str, host: str = "bench.test"):
    """A test client signed in as ``email`` on ``host`` (no password change asked)."""
    client = host_client(app, host)
    response = client.post("/connexion", data={"email": email, "password": dataset.PASSWORD})
    assert response.status_code == 302, f"could not sign in as {email}"
    with client.session_transaction() as session:
        session.pop(PASSWORD_CHANGE_REQUIRED, None)  # the bench's password is weak on purpose
    return client


def page_paths(ds: dataset.Dataset) -> dict[str, tuple[str, str]]:
    """Page name → (who asks, path)."""
    return {
        "home": ("anonymous", "/"),
        "meetings": ("anonymous", "/reunions"),
        "meeting": ("anonymous", f"/reunions/{ds.meeting_id}"),
        "avis_list": ("anonymous", "/avis"),
        "avis": ("anonymous", f"/avis/{ds.opinion_id}"),
        "roster": ("organiser", "/membres"),
        "observations": ("member", f"/observations?status=transmitted&neighbourhood="
                                   f"{ds.neighbourhood_id}"),
        "review_queue": ("organiser", "/candidatures"),
        "dashboard": ("organiser", "/tableau-de-bord"),
        "public_feed": ("anonymous", "/reunions.ics"),
        "private_feed": ("anonymous", f"/calendrier/{ds.feed_token}.ics"),
    }


@contextmanager
def new_database(workdir: Path, name: str):
    """Where a dataset goes: a SQLite file, or a new database on ``BENCH_DATABASE_URL``'s server
    (dropped when the block ends)."""
    server = os.environ.get("BENCH_DATABASE_URL")
    if not server:
        yield str(workdir / f"{name}.sqlite")
        return
    from bench.load_applications import fresh_database

    with fresh_database(workdir, server) as url:
        yield url


def measure_scale(scale: int, where: str, requests: int, workdir: Path,
                  councils: int = 1) -> tuple[dict, dataset.Dataset]:
    """Build one dataset and measure every page, its floor and the feeds' re-poll."""
    started = time.perf_counter()
    ds = dataset.build(where, scale, councils=councils)
    generation = time.perf_counter() - started
    label = f"{scale}x" if councils == 1 else f"{councils} councils"
    print(f"[{label}] dataset built in {generation:.1f} s: {ds.counts} (each)", flush=True)
    app = create_app({**dataset.bench_config(ds.url), "WTF_CSRF_ENABLED": False,
                      "CACHE_DIR": str(workdir / f"cache-{label.replace(' ', '-')}")})
    register_floor(app)
    register_static_floors(app, workdir)
    clients = {"anonymous": host_client(app, ds.host),
               "member": signed_in(app, ds.member_email, ds.host),
               "organiser": signed_in(app, ds.organiser_email, ds.host)}
    pages = {}
    for name, (who, path) in page_paths(ds).items():
        figures = measure(app, clients[who], path, requests=requests)
        assert figures.status == 200, f"{name} answered {figures.status}"
        floor = measure(app, clients["anonymous"], floor_path(figures.size), requests=requests)
        pages[name] = {**figures.as_dict(), "path": path.replace(ds.feed_token, "<token>"),
                       "ratio_to_floor": round(figures.p95_ms / floor.p95_ms, 2),
                       "floor_p95_ms": round(floor.p95_ms, 3)}
        print(f"[{label}] {name:14} p95 {figures.p95_ms:8.2f} ms  queries {figures.queries}",
              flush=True)
    feed = f"/calendrier/{ds.feed_token}.ics"
    etag = clients["anonymous"].get(feed).headers["ETag"]
    repoll = measure(app, clients["anonymous"], feed, requests=requests,
                     headers={"If-None-Match": etag})
    assert repoll.status == 304, f"re-poll answered {repoll.status}"
    figures = {"pages": pages, "feed_repoll_304": repoll.as_dict(),
               "private_feed_cached": measure_feeds(app, clients["anonymous"], feed, ds.meeting_id,
                                                    requests, host=ds.host),
               "generation_s": round(generation, 1), "counts": ds.counts}
    return figures, ds


def build_6000_events_ms(runs: int = 5) -> float:
    """Median time for ``council.ical.build_calendar`` on 6,000 events (no database)."""
    start = datetime(2025, 1, 6, 17, tzinfo=UTC)
    events = [MeetingEvent(
        uid=f"reunion-{i}@bench.test", title=f"Réunion {i} : groupe de travail",
        starts_at=start + timedelta(hours=7 * i), ends_at=start + timedelta(hours=7 * i + 2),
        place_name="Centre social", place_address="61200 Argentan",
        description="Une description de quelques mots, avec des accents : éàç.",
        url=f"https://bench.test/reunions/{i}", category="Groupe de travail", sequence=i % 3,
        created=start, last_modified=start, agenda=("Accueil", "Point sur les observations"),
        cancelled=i % 40 == 0, members_only=i % 5 == 0) for i in range(6000)]
    info = CalendarInfo(name="Réunions", description="Bench", uid="calendrier@bench.test",
                        organizer_email="contact@bench.test", organizer_name="Conseil")
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        build_calendar(info, events)
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings)


def main() -> dict:
    """Run everything, print the tables, write ``bench/results.json``; return the results."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    requests = int(os.environ.get("BENCH_REQUESTS", "50"))
    seconds = float(os.environ.get("BENCH_SECONDS", "5"))
    scales = [int(s) for s in os.environ.get("BENCH_SCALES", "1,100").split(",")]
    councils = int(os.environ.get("BENCH_COUNCILS", "100"))
    results: dict = {"pages": {}, "growth": {}, "scales": {}, "councils": {},
                     "engine": "postgresql" if os.environ.get("BENCH_DATABASE_URL") else "sqlite"}
    with tempfile.TemporaryDirectory(prefix="council-bench-") as tmp, ExitStack() as databases:
        workdir = Path(tmp)
        last = None
        for scale in scales:
            where = databases.enter_context(new_database(workdir, f"bench-{scale}x"))
            figures, last = measure_scale(scale, where, requests, workdir)
            key = f"{scale}x"
            for name, page in figures.pop("pages").items():
                results["pages"].setdefault(name, {})[key] = page
            results["scales"][key] = figures
        small, large = f"{scales[0]}x", f"{scales[-1]}x"
        if small != large:  # growth: p95 at the largest scale over p95 at the smallest
            for name, page in results["pages"].items():
                results["growth"][name] = round(page[large]["p95_ms"] / page[small]["p95_ms"], 2)
        served_by = last
        if councils > 1:
            where = databases.enter_context(new_database(workdir, f"bench-{councils}-councils"))
            many, served_by = measure_scale(1, where, requests, workdir, councils=councils)
            results["councils"] = compare_councils(results["pages"], many["pages"], councils)
        results["feeds"] = {
            "build_6000_events_ms": round(build_6000_events_ms(), 1),
            "private_feed_full_p95_ms": results["pages"]["private_feed"][f"{scales[-1]}x"]["p95_ms"],
            "private_feed_events": last.counts["meetings"],
            "repoll_304_p95_ms": results["scales"][f"{scales[-1]}x"]["feed_repoll_304"]["p95_ms"],
            "repoll_304_queries": results["scales"][f"{scales[-1]}x"]["feed_repoll_304"]["queries"],
            "private_feed_cached": results["scales"][f"{scales[-1]}x"]["private_feed_cached"],
        }
        home_size = results["pages"]["home"][f"{scales[-1]}x"]["html_bytes"]
        instance = workdir / "instance"
        instance.mkdir()
        served = gunicorn_figures(served_by.url, instance, "/", floor_path(home_size),
                                  seconds=seconds, host=served_by.host,
                                  extra_paths=[f"/calendrier/{served_by.feed_token}.ics",
                                               "/reunions", "/avis"])
        served["councils"] = served_by.councils
        results["throughput"] = served
        if os.environ.get("BENCH_SEARCH", "1") != "0":
            results["search"] = measure_search(workdir)
        results["throughput_ratio_home"] = round(served["home"]["rps"] / served["floor"]["rps"], 2)
        results["peak_rss_mb"] = served["peak_rss_mb"]
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform(), "requests_per_page": requests,
                          "date": datetime.now(UTC).date().isoformat()}
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(table(results))
    print(f"Results written to {RESULTS}")
    return results


def compare_councils(alone: dict, many: dict, councils: int) -> dict:
    """Each page of the first council with ``councils`` councils present against the 1x run (it
    alone): p95 ratio, and statements, which must be the same."""
    compared = {}
    for name, page in many.items():
        one = next(iter(alone[name].values()))  # the first scale: 1x, one council
        compared[name] = {"p95_ms_1": one["p95_ms"], f"p95_ms_{councils}": page["p95_ms"],
                          "ratio": round(page["p95_ms"] / one["p95_ms"], 2),
                          "queries_1": one["queries"], f"queries_{councils}": page["queries"]}
        assert page["queries"] == one["queries"], (
            f"{name}: {page['queries']} statements with {councils} councils, "
            f"{one['queries']} alone")
    return compared


def table(results: dict) -> str:
    """The figures as a Markdown table (printed, and pasted into the README)."""
    keys = list(next(iter(results["pages"].values())))
    small, large = keys[0], keys[-1]
    lines = [f"| page | {small} p50 ms | {small} p95 ms | {small} queries | {small} ratio "
             f"| {large} p50 ms | {large} p95 ms | {large} queries | {large} ratio | growth |",
             "|" + "---|" * 10]
    for name in PAGES:
        page = results["pages"].get(name, {})
        cells = [name]
        for key in (small, large):
            figures = page.get(key)
            cells += ([f"{figures['p50_ms']:.1f}", f"{figures['p95_ms']:.1f}",
                       str(figures["queries"]), f"{figures['ratio_to_floor']:.2f}"]
                      if figures else ["–"] * 4)
        cells.append(f"{results['growth'][name]:.2f}" if name in results["growth"] else "–")
        lines.append("| " + " | ".join(cells) + " |")
    feeds = results["feeds"]
    lines += ["",
              f"Feed re-poll (304): p95 {feeds['repoll_304_p95_ms']:.1f} ms, "
              f"{feeds['repoll_304_queries']} statements",
              f"council.ical on 6,000 events: {feeds['build_6000_events_ms']:.0f} ms; private "
              f"feed of {feeds['private_feed_events']} meetings, read after a warm-up (cached): p95 "
              f"{feeds['private_feed_full_p95_ms']:.0f} ms",
              describe(feeds["private_feed_cached"]),
              f"gunicorn (2 workers, {results['throughput']['councils']} councils, host resolved "
              f"on each request): home {results['throughput']['home']['rps']} req/s, floor "
              f"{results['throughput']['floor']['rps']} req/s, ratio "
              f"{results['throughput_ratio_home']}; peak RSS per worker "
              f"{results['peak_rss_mb']} MB"]
    if results["councils"]:
        many = next(k for k in next(iter(results["councils"].values())) if k.startswith("p95_ms_")
                    and k != "p95_ms_1")
        count = many.removeprefix("p95_ms_")
        lines += ["", f"| page | p95 ms, 1 council | p95 ms, {count} councils | ratio | statements "
                      f"(1 / {count}) |", "|" + "---|" * 5]
        for name, row in results["councils"].items():
            lines.append(f"| {name} | {row['p95_ms_1']:.1f} | {row[many]:.1f} | {row['ratio']:.2f} "
                         f"| {row['queries_1']} / {row['queries_' + count]} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
