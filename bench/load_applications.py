"""Load test of /candidature: gunicorn on a fresh database, concurrent submissions, then checks.

    python -m bench.load_applications [--count 200] [--workers 4] [--kill-worker]
                                      [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]

It migrates a fresh database (an SQLite file in a temporary directory; with ``--database-url`` or
``LOAD_DATABASE_URL``, a new database created on that PostgreSQL server and dropped afterwards),
serves the app with gunicorn on a free loopback port, and sends ``--count`` eligible applications
at once from this process, each with its own session cookie and CSRF token (GET the form, POST
it). It checks that every submission is stored as pending, that no answer is a 5xx, that
"database is locked" appears neither in the answers nor in gunicorn's log, and prints its figures.
``--kill-worker`` sends SIGKILL to one worker when half the submissions are acknowledged: nothing
acknowledged may be missing afterwards, and SQLite's ``PRAGMA integrity_check`` must say ``ok``.
The exit code is 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.applicants import application_form
from bench.load_submit import LOCKED, Attempt, run_load
from bench.measure import percentile
from bench.server import busy_workers, free_port, wait_until_up, worker_pids

ROOT = Path(__file__).resolve().parent.parent


def app_environment(database_url: str, instance: Path) -> dict[str, str]:
    """The app's settings for the load: many applications per address, no mail leaves."""
    return {**os.environ, "DATABASE_URL": database_url, "COUNCIL_INSTANCE_PATH": str(instance),
            "COUNCIL_SECRET_KEY": secrets.token_hex(32),
            "COUNCIL_APPLICATION_RATE_LIMIT": "100000 per hour", "COUNCIL_MAIL_BACKEND": "locmem",
            "PYTHONPATH": str(ROOT)}


def migrate(env: dict[str, str]) -> None:
    """Schema and reference data, with the commands a deployer runs."""
    for command in (["db", "upgrade"], ["init"]):
        subprocess.run([sys.executable, "-m", "flask", "--app", "council", *command], cwd=ROOT,
                       env=env, check=True, capture_output=True)


@contextmanager
def fresh_database(workdir: Path, server_url: str | None):
    """An empty database for one run: a file in ``workdir``, or a new PostgreSQL database."""
    if not server_url:
        yield f"sqlite:///{workdir / 'council.sqlite'}"
        return
    admin = create_engine(make_url(server_url), isolation_level="AUTOCOMMIT")
    name = f"council_load_{os.getpid()}_{secrets.token_hex(3)}"
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen


@contextmanager
def gunicorn(env: dict[str, str], workers: int, log_path: Path):
    """gunicorn serving ``wsgi:app`` on a free loopback port; its stdout and stderr go to a file."""
    port = free_port()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
             f"127.0.0.1:{port}", "--log-level", "warning", "--graceful-timeout", "10", "wsgi:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        server = Server(f"http://127.0.0.1:{port}", process)
        wait_until_up(server.base_url + "/candidature", process=process)
        yield server
    finally:
        process.send_signal(signal.SIGINT)  # quick shutdown: the load is over
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def stored_applications(database_url: str) -> list[tuple[str, str]]:
    """(e-mail, status) of every stored application, read straight from the database — council
    by council, as the app's role reads them under PostgreSQL's row-level security."""
    engine = create_engine(make_url(database_url))
    try:
        with engine.connect() as connection:
            found = []
            for (council_id,) in connection.execute(text("SELECT id FROM council ORDER BY id")).all():
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT set_config('app.council_id', :id, true)"),
                                       {"id": str(council_id)})
                found += [tuple(row) for row in connection.execute(
                    text("SELECT email, status FROM application WHERE council_id = :id"),
                    {"id": council_id})]
                connection.rollback()  # the setting ends with the transaction
            return found
    finally:
        engine.dispose()


def integrity_check(database_url: str) -> str | None:
    """SQLite's ``PRAGMA integrity_check`` answer (``ok`` when sound); None for PostgreSQL."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return None
    with sqlite3.connect(url.database) as connection:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def wait_for_workers(master_pid: int, workers: int, gone: int | None, timeout: float = 30.0) -> bool:
    """Whether gunicorn runs ``workers`` workers again, without the killed one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = worker_pids(master_pid)
        if len(pids) == workers and gone not in pids:
            return True
        time.sleep(0.2)
    return False


@dataclass
class Report:
    """What a run did, what it found, and which checks failed (empty: all passed)."""

    count: int
    workers: int
    database: str
    attempts: list[Attempt]
    stored: list[tuple[str, str]]
    seconds: float
    log_text: str
    integrity: str | None
    killed_pid: int | None = None
    killed_after: int | None = None
    worker_replaced: bool | None = None
    failures: list[str] = field(default_factory=list)

    @property
    def acknowledged(self) -> set[str]:
        return {a.email for a in self.attempts if a.acknowledged}

    @property
    def pending(self) -> int:
        return sum(1 for _email, status in self.stored if status == "pending")

    @property
    def five_xx(self) -> int:
        return sum(1 for a in self.attempts for status in a.statuses if status >= 500)

    @property
    def locked_answers(self) -> int:
        return sum(1 for a in self.attempts if a.locked)

    @property
    def locked_in_log(self) -> int:
        return self.log_text.count(LOCKED)

    @property
    def transport_failures(self) -> list[Attempt]:
        return [a for a in self.attempts if a.transport_error]

    def latency_ms(self, fraction: float) -> float:
        timings = [a.latency for a in self.attempts if a.latency is not None]
        return round(percentile(timings, fraction) * 1000, 1) if timings else 0.0

    def figures(self) -> dict:
        return {"submissions": self.count, "workers": self.workers, "database": self.database,
                "acknowledged": len(self.acknowledged), "pending": self.pending,
                "five_xx": self.five_xx, "locked": self.locked_answers + self.locked_in_log,
                "failed": len(self.transport_failures), "integrity": self.integrity,
                "seconds": round(self.seconds, 2),
                "per_second": round(len(self.acknowledged) / self.seconds, 1) if self.seconds else 0.0,
                "p50_ms": self.latency_ms(0.5), "p95_ms": self.latency_ms(0.95),
                "killed_pid": self.killed_pid, "killed_after": self.killed_after}


def verify(report: Report, kill_worker: bool) -> list[str]:
    """Every check of the load (and of the fault when ``kill_worker``); the failed ones, in words."""
    failures = []
    sent = {a.email for a in report.attempts}
    stored = Counter(email for email, _status in report.stored)
    if report.five_xx:
        failures.append(f"{report.five_xx} answers were 5xx")
    if report.locked_answers or report.locked_in_log:
        failures.append(f'"{LOCKED}": {report.locked_answers} answers, {report.locked_in_log} in the log')
    if "Traceback" in report.log_text:
        failures.append("gunicorn's log holds a traceback:\n" + report.log_text[-2000:])
    if report.integrity not in (None, "ok"):
        failures.append(f"PRAGMA integrity_check: {report.integrity}")
    if any(n > 1 for n in stored.values()) or set(stored) - sent:
        failures.append("the database holds duplicates or applications nobody sent")
    if report.pending != len(report.stored):
        failures.append("some stored applications are not pending")
    lost = report.acknowledged - set(stored)
    if lost:
        failures.append(f"{len(lost)} acknowledged submissions are missing from the database")
    refused = [a for a in report.attempts if a.error and not a.transport_error]
    if refused:
        failures.append(f"{len(refused)} submissions were not accepted: {refused[0].error}")
    if kill_worker:
        if report.killed_pid is None:
            failures.append("no worker was killed")
        elif not report.worker_replaced:
            failures.append("gunicorn did not replace the killed worker")
    else:
        if report.transport_failures:
            failures.append(f"{len(report.transport_failures)} submissions failed: "
                            f"{report.transport_failures[0].error}")
        if report.pending != report.count:
            failures.append(f"{report.pending} pending applications instead of {report.count}")
    return failures


def run(database_url: str, workdir: Path, count: int, workers: int, kill_worker: bool = False,
        migrate_first: bool = True, seed: int = 2026, timeout: float = 180.0) -> Report:
    """Serve ``database_url`` with gunicorn, send ``count`` applications, check; a Report."""
    from council import dates

    env = app_environment(database_url, workdir / "instance")
    if migrate_first:
        migrate(env)
    rng, today, run_id = random.Random(seed), dates.today(), secrets.token_hex(2)
    forms = [application_form(i, today, rng, run=run_id) for i in range(count)]
    log_path = workdir / "gunicorn.log"
    with gunicorn(env, workers, log_path) as server:
        master, port = server.process.pid, urlsplit(server.base_url).port
        load = run_load(server.base_url, forms, timeout=timeout,
                        kill_after=count // 2 if kill_worker else None,
                        pick_victim=lambda: busy_workers(master, port),
                        pick_fallback=lambda: worker_pids(master))
        replaced = wait_for_workers(master, workers, load.killed_pid) if kill_worker else None
        log_text = log_path.read_text(errors="replace")  # the load's log, before the shutdown
    report = Report(count=count, workers=workers, database=make_url(database_url).get_backend_name(),
                    attempts=load.attempts, stored=stored_applications(database_url),
                    seconds=load.seconds, log_text=log_text,
                    integrity=integrity_check(database_url), killed_pid=load.killed_pid,
                    killed_after=load.killed_after, worker_replaced=replaced)
    report.failures = verify(report, kill_worker)
    if load.unfinished:
        report.failures.append(f"{load.unfinished} submissions did not finish within {timeout:.0f} s")
    return report


def describe(report: Report) -> str:
    """The figures and the verdict, for a person."""
    f = report.figures()
    lines = [f"load: {f['submissions']} applications, {f['workers']} gunicorn workers, {f['database']}"]
    if report.killed_pid:
        lines.append(f"  fault             worker {report.killed_pid} killed (SIGKILL) while handling a "
                     f"request, after {report.killed_after} acknowledgements; gunicorn replaced it: "
                     f"{'yes' if report.worker_replaced else 'NO'}")
    lines += [
        f"  acknowledged      {f['acknowledged']} / {f['submissions']}",
        f"  stored, pending   {f['pending']}",
        f"  5xx answers       {f['five_xx']}",
        f"  {LOCKED!r}  {report.locked_answers} in answers, {report.locked_in_log} in gunicorn's log",
        f"  integrity_check   {f['integrity'] or 'n/a (PostgreSQL)'}",
        f"  duration          {f['seconds']} s (first POST to last answer)",
        f"  throughput        {f['per_second']} applications/s",
        f"  POST latency      p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms",
    ]
    for attempt in report.transport_failures:
        kept = "stored anyway" if attempt.email in {e for e, _s in report.stored} else "not stored"
        lines.append(f"  failed            submission #{attempt.index}: {attempt.error} ({kept})")
    verdict = "\n  - ".join(["result: FAILED", *report.failures]) if report.failures else "result: OK"
    lines.append(verdict)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, choices=range(1, 1001), metavar="N")
    parser.add_argument("--workers", type=int, default=4, choices=range(1, 17), metavar="W")
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL"),
                        help="a PostgreSQL server URL (a fresh database is created on it)")
    parser.add_argument("--kill-worker", action="store_true", help="SIGKILL a worker midway")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds allowed for the load")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = parser.parse_args(argv)
    with (tempfile.TemporaryDirectory(prefix="council-load-") as workdir,
          fresh_database(Path(workdir), args.database_url) as database_url):
        report = run(database_url, Path(workdir), args.count, args.workers,
                     kill_worker=args.kill_worker, timeout=args.timeout)
    print(describe(report))
    if args.json:
        print(json.dumps(report.figures()))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
