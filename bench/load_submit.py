"""The client side of the application load test: one thread per applicant, each with its own
session cookie and CSRF token; all forms are fetched before any is sent, so the POSTs arrive
together. Optionally SIGKILLs a gunicorn worker once ``kill_after`` are acknowledged. Loopback
only."""

from __future__ import annotations

import contextlib
import html
import http.client
import os
import re
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bench.server import LOOPBACK

FORM_PATH = "/candidature"
SENT_PATH = "/candidature/envoyee"
LOCKED = "database is locked"
_CSRF = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*>')
_VALUE = re.compile(r'\bvalue="([^"]*)"')
_FIELD_ERROR = re.compile(r'<p class="error"[^>]*>(.*?)</p>', re.S)


@dataclass
class Attempt:
    """One applicant's GET then POST, and what came back."""

    index: int
    email: str
    statuses: list[int] = field(default_factory=list)
    acknowledged: bool = False  # the POST answered with the confirmation redirect
    latency: float | None = None  # of the POST, in seconds
    locked: bool = False
    error: str | None = None
    transport_error: bool = False  # the connection broke (as when its worker is killed)


@dataclass
class Load:
    attempts: list[Attempt]
    seconds: float  # from the first POST to the last answer
    unfinished: int = 0
    killed_pid: int | None = None
    killed_after: int | None = None


class _Client:
    def __init__(self, base_url: str, timeout: float):
        parts = urlsplit(base_url)
        if parts.hostname not in LOOPBACK:
            raise ValueError("the load test only talks to loopback")
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout

    def request(self, method: str, path: str, body: str | None = None, cookie: str | None = None):
        """One request on its own connection (gunicorn's sync workers close each one)."""
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        finally:
            connection.close()


def _session_cookie(headers) -> str | None:
    cookies = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items()) or None


def _csrf_token(page: str) -> str | None:
    tag = _CSRF.search(page)
    value = _VALUE.search(tag.group(0)) if tag else None
    return html.unescape(value.group(1)) if value else None


def _explain(status: int, page: str) -> str:
    error = _FIELD_ERROR.search(page)
    detail = html.unescape(re.sub(r"<[^>]+>", "", error.group(1))).strip() if error else ""
    return f"answered {status}" + (f" ({detail})" if detail else "")


class _Run:
    """Shared state of the threads: counts acknowledgements; past the threshold, a killer thread
    SIGKILLs a worker, preferably one caught handling a request."""

    def __init__(self, kill_after: int | None, pick_victim: Callable[[], list[int]],
                 pick_fallback: Callable[[], list[int]] = list):
        self.lock = threading.Lock()
        self.acknowledged = 0
        self.kill_after, self.pick_victim, self.pick_fallback = kill_after, pick_victim, pick_fallback
        self.threshold = threading.Event()
        self.over = False  # every applicant is done: nothing left to kill in the middle of
        self.killed_pid: int | None = None
        self.killed_after: int | None = None

    def acknowledge(self) -> None:
        with self.lock:
            self.acknowledged += 1
            if self.kill_after is not None and self.acknowledged >= self.kill_after:
                self.threshold.set()

    def kill_one(self, timeout: float, attempts: int = 100) -> None:
        """Wait for the threshold, then SIGKILL the first worker ``pick_victim`` names (asked
        again for half a second while it names none); on a loaded machine the last requests may
        all be answered before one is caught: then a worker ``pick_fallback`` names, idle or not,
        so the fault (and gunicorn's replacement) is always exercised."""
        if not self.threshold.wait(timeout):
            return
        for _ in range(attempts):
            if self.over or self._kill_first(self.pick_victim()):
                break
            time.sleep(0.005)
        if self.killed_pid is None:
            self._kill_first(self.pick_fallback())

    def _kill_first(self, pids: list[int]) -> bool:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                continue
            with self.lock:
                self.killed_pid, self.killed_after = pid, self.acknowledged
            return True
        return False


def _applicant(client: _Client, attempt: Attempt, form: dict, barrier: threading.Barrier,
               state: _Run, first_post: list[float]) -> None:
    cookie = token = None
    try:
        status, headers, page = client.request("GET", FORM_PATH)
        attempt.statuses.append(status)
        attempt.locked = LOCKED in page
        cookie, token = _session_cookie(headers), _csrf_token(page)
        if status != 200 or not token or not cookie:
            attempt.error = f"the form {_explain(status, page)} without a token or cookie"
    except (OSError, http.client.HTTPException) as error:
        attempt.error, attempt.transport_error = f"GET: {type(error).__name__}: {error}", True
    except Exception as error:  # never leave the others waiting at the barrier
        attempt.error = f"GET: {type(error).__name__}: {error}"
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait()  # every form is loaded before any is sent
    if attempt.error:
        return
    first_post.append(time.perf_counter())
    try:
        start = time.perf_counter()
        status, headers, page = client.request("POST", FORM_PATH, urlencode({**form, "csrf_token": token}),
                                               cookie)
        attempt.latency = time.perf_counter() - start
        attempt.statuses.append(status)
        attempt.locked = attempt.locked or LOCKED in page
        attempt.acknowledged = status in (302, 303) and \
            urlsplit(headers.get("Location", "")).path == SENT_PATH
        if attempt.acknowledged:
            state.acknowledge()
        else:
            attempt.error = "POST " + _explain(status, page)
    except (OSError, http.client.HTTPException) as error:
        attempt.error, attempt.transport_error = f"POST: {type(error).__name__}: {error}", True


def run_load(base_url: str, forms: list[dict], timeout: float = 180.0, kill_after: int | None = None,
             pick_victim: Callable[[], list[int]] = list, request_timeout: float = 60.0,
             pick_fallback: Callable[[], list[int]] = list) -> Load:
    """Send every form at once, one thread each; bounded by ``timeout`` seconds in all."""
    client = _Client(base_url, request_timeout)
    attempts = [Attempt(index=i, email=form["email"]) for i, form in enumerate(forms)]
    state = _Run(kill_after, pick_victim, pick_fallback)
    barrier = threading.Barrier(len(forms), timeout=timeout)
    first_post: list[float] = []
    threads = [threading.Thread(target=_applicant, args=(client, attempt, form, barrier, state, first_post),
                                daemon=True) for attempt, form in zip(attempts, forms, strict=True)]
    killer = threading.Thread(target=state.kill_one, args=(timeout,), daemon=True)
    deadline = time.perf_counter() + timeout
    for thread in [*threads, killer] if kill_after is not None else threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.perf_counter()))
    end = time.perf_counter()
    state.over = True
    state.threshold.set()
    if killer.is_alive():
        killer.join(max(0.0, deadline - time.perf_counter()))
    started = min(first_post) if first_post else end
    return Load(attempts=attempts, seconds=end - started,
                unfinished=sum(thread.is_alive() for thread in threads),
                killed_pid=state.killed_pid, killed_after=state.killed_after)
