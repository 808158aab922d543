"""Serving the app with gunicorn for a measurement: a free loopback port, waiting until it answers,
finding its worker processes."""

from __future__ import annotations

import socket
import time
import urllib.request
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def free_port() -> int:
    """A TCP port nobody listens on right now, on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30.0, process=None, host: str | None = None) -> None:
    """Poll ``url`` (with ``host`` as its Host header, when given) until it answers; give up
    after ``timeout`` s or when ``process`` has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode} before answering")
        try:
            request = urllib.request.Request(url, headers={"Host": host} if host else {})
            urllib.request.urlopen(request, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer at {url}")


def worker_pids(master_pid: int) -> list[int]:
    """The processes whose parent is ``master_pid`` (gunicorn's workers), read from /proc."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # "pid (comm) state ppid …": comm may hold spaces, so split after its closing ")"
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while we looked
        if int(fields[1]) == master_pid:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def busy_workers(master_pid: int, port: int) -> list[int]:
    """The workers holding an open client connection on ``port``: those handling a request."""
    connections = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local_port, state, inode = int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
            if local_port == port and state == "01":  # ESTABLISHED
                connections.add(f"socket:[{inode}]")
    busy = []
    for pid in worker_pids(master_pid):
        try:
            handles = {str(link.readlink()) for link in Path(f"/proc/{pid}/fd").iterdir()}
        except OSError:
            continue  # the worker ended while we looked
        if handles & connections:
            busy.append(pid)
    return busy
