"""The load test's machinery at small scale, so that `make load` cannot rot: gunicorn with two
workers on this suite's database, twenty applications at once, then the same while a worker is
killed. Same checks as the full run; no timing is asserted here."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from bench.load_applications import Report, run, verify
from bench.load_submit import Attempt


def _integrity_expected(database_url: str) -> str | None:
    return "ok" if make_url(database_url).get_backend_name() == "sqlite" else None


def test_twenty_concurrent_applications_are_all_stored_as_pending(database_url, tmp_path):
    report = run(database_url, tmp_path, count=20, workers=2, migrate_first=False, timeout=60)
    assert report.failures == []
    sent = {attempt.email for attempt in report.attempts}
    assert len(sent) == 20 and report.acknowledged == sent
    assert sorted(email for email, _status in report.stored) == sorted(sent)
    assert report.pending == 20
    assert report.five_xx == 0 and report.transport_failures == []
    assert report.locked_answers == 0 and report.locked_in_log == 0
    assert report.integrity == _integrity_expected(database_url)
    assert {status for attempt in report.attempts for status in attempt.statuses} == {200, 302}


def test_a_worker_killed_midway_loses_nothing_acknowledged(database_url, tmp_path):
    report = run(database_url, tmp_path, count=20, workers=2, kill_worker=True, migrate_first=False,
                 timeout=60)
    assert report.failures == []
    assert report.killed_pid is not None and report.killed_after >= 10
    assert report.worker_replaced
    assert report.acknowledged <= {email for email, _status in report.stored}
    assert len(report.transport_failures) <= 1  # a sync worker handles one request at a time
    assert len(report.acknowledged) + len(report.transport_failures) == 20
    assert report.five_xx == 0 and report.locked_in_log == 0
    assert report.integrity == _integrity_expected(database_url)


def _report(stored, attempts, log_text="", integrity="ok") -> Report:
    return Report(count=len(attempts), workers=2, database="sqlite", attempts=attempts, stored=stored,
                  seconds=1.0, log_text=log_text, integrity=integrity)


def _attempt(index, acknowledged=True, statuses=(200, 302), **fields) -> Attempt:
    return Attempt(index=index, email=f"a{index}@example.org", acknowledged=acknowledged,
                   statuses=list(statuses), **fields)


def test_the_checks_catch_what_they_are_meant_to_catch():
    attempts = [_attempt(0), _attempt(1), _attempt(2, acknowledged=False, statuses=(200, 500),
                                                   error="POST answered 500")]
    report = _report([("a0@example.org", "pending"), ("a0@example.org", "pending")], attempts,
                     log_text="Traceback …\nsqlite3.OperationalError: database is locked",
                     integrity="*** in database main ***\nPage 4 is never used")
    failures = "\n".join(verify(report, kill_worker=False))
    for expected in ("1 answers were 5xx", "1 in the log", "traceback", "integrity_check",
                     "duplicates", "1 acknowledged submissions are missing",
                     "not accepted: POST answered 500", "2 pending applications instead of 3"):
        assert expected in failures, expected


def test_a_kill_run_tolerates_broken_connections_but_not_lost_acknowledgements():
    broken = _attempt(1, acknowledged=False, statuses=(200,), error="POST: RemoteDisconnected",
                      transport_error=True)
    report = _report([("a0@example.org", "pending")], [_attempt(0), broken])
    assert verify(report, kill_worker=True) == ["no worker was killed"]
    report.killed_pid, report.worker_replaced = 4242, True
    assert verify(report, kill_worker=True) == []
    assert verify(report, kill_worker=False) == [
        "1 submissions failed: POST: RemoteDisconnected", "1 pending applications instead of 2"]
    report.stored = []
    assert verify(report, kill_worker=True) == ["1 acknowledged submissions are missing from the database"]
