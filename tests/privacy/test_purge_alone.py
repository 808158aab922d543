"""`purge` started on two machines at once (two cron lines): one run works, the other says so on
stderr and exits 0 having done nothing — no second retention run recorded, nothing counted twice.
PostgreSQL: an advisory lock; SQLite: a lock file in the instance folder."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from council import dates
from council.cli import ANOTHER_PURGE, purge_lock_name
from council.councils.services import council_by_slug, create_council, ensure_council
from council.database import run_alone
from council.extensions import db
from council.membership.models import Application
from council.privacy.models import RetentionRun
from council.tenancy import use_council

ROOT = Path(__file__).resolve().parents[2]
EXPIRED = (dates.today() + timedelta(days=185)).isoformat()


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


class AnotherRun(threading.Thread):
    """A purge elsewhere holding the lock, on its own connection, until ``release()``."""

    def __init__(self, app, council: str | None = None):
        super().__init__(daemon=True)
        self.app, self.holding, self.done = app, threading.Event(), threading.Event()
        self.council, self.held = council, None

    def run(self):
        with self.app.app_context():
            if self.council:
                use_council(council_by_slug(self.council).id)
            name = purge_lock_name()
        with self.app.app_context(), run_alone(name, Path(self.app.instance_path)) as held:
            self.held = held
            self.holding.set()
            self.done.wait(30)
            db.session.rollback()

    def release(self):
        self.done.set()
        self.join(30)


def test_a_purge_stands_aside_while_another_holds_the_lock(app, runner, make_application):
    make_application()
    other = AnotherRun(app)
    other.start()
    assert other.holding.wait(30) and other.held
    try:
        result = runner.invoke(args=["purge", "--today", EXPIRED])
    finally:
        other.release()
    assert result.exit_code == 0, result.output
    assert ANOTHER_PURGE in result.stderr and "Purge of" not in result.stdout
    assert _count(app, Application) == 1 and _count(app, RetentionRun) == 0

    result = runner.invoke(args=["purge", "--today", EXPIRED])  # the lock is free again
    assert result.exit_code == 0 and "pending_applications=1" in result.stdout
    assert _count(app, Application) == 0 and _count(app, RetentionRun) == 1


def test_a_dry_run_takes_no_lock(app, runner, make_application):
    make_application()
    other = AnotherRun(app)
    other.start()
    assert other.holding.wait(30)
    try:
        result = runner.invoke(args=["purge", "--today", EXPIRED, "--dry-run"])
    finally:
        other.release()
    assert result.exit_code == 0 and "would erase: pending_applications=1" in result.stdout


def test_two_purges_started_at_once_do_the_work_once(app, database_url, make_application, tmp_path):
    """Two real processes, as two machines' cron lines: both exit 0, every expired application
    is erased, and what the recorded runs counted adds up to the work done, once."""
    for _ in range(5):
        make_application()
    env = {**os.environ, "DATABASE_URL": database_url, "COUNCIL_SECRET_KEY": "k" * 64,
           "COUNCIL_INSTANCE_PATH": app.instance_path, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "flask", "--app", "council", "purge", "--today", EXPIRED]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert all(("Purge of" in out) != (ANOTHER_PURGE in err) for out, err in outputs), outputs
    assert _count(app, Application) == 0
    with app.app_context():
        counted = [run.counts.get("pending_applications", 0)
                   for run in db.session.scalars(select(RetentionRun))]
    assert sum(counted) == 5 and len(counted) == sum("Purge of" in out for out, _ in outputs)


def test_each_council_purges_under_its_own_lock(app, runner, make_application):
    """Two councils' purges may run at once (their locks differ); the same council's, started
    twice, runs once — whichever machine started it."""
    make_application()
    with app.app_context():
        first = ensure_council().slug
        create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"])
        db.session.commit()
        names = set()
        for slug in (first, "flers"):
            use_council(council_by_slug(slug).id)
            names.add(purge_lock_name())
    assert len(names) == 2
    flers_purging = AnotherRun(app, council="flers")
    flers_purging.start()
    assert flers_purging.holding.wait(30) and flers_purging.held
    try:
        ours = runner.invoke(args=["purge", "--council", first, "--today", EXPIRED])
        again = runner.invoke(args=["purge", "--council", "flers", "--today", EXPIRED])
    finally:
        flers_purging.release()
    assert ours.exit_code == 0 and "pending_applications=1" in ours.stdout, ours.output
    assert again.exit_code == 0 and ANOTHER_PURGE in again.stderr and "Purge of" not in again.stdout
    with app.app_context():
        use_council(council_by_slug("flers").id)
        assert db.session.scalar(select(func.count()).select_from(RetentionRun)) == 0
