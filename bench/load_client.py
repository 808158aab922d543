"""A load generator run as its own process: N threads, keep-alive connections, fixed duration.

    python -m bench.load_client http://127.0.0.1:8123/ --seconds 5 --threads 8
prints one JSON line: {"url", "requests", "errors", "seconds", "rps"} (an answer of 400 or more
is an error); ``--host conseil.example.org`` sends that Host header.
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from urllib.parse import urlsplit


def _worker(host: str, port: int, path: str, deadline: float, totals: list, lock: threading.Lock,
            headers: dict):
    done = errors = 0
    connection = http.client.HTTPConnection(host, port, timeout=10)
    while time.perf_counter() < deadline:
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status >= 400:
                errors += 1
            done += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.close()
    with lock:
        totals[0] += done
        totals[1] += errors


def run(url: str, seconds: float, threads: int, host: str | None = None) -> dict:
    """Hammer ``url`` for ``seconds`` (a bounded loop on loopback only) and report the rate;
    ``host``: the Host header sent (the council asked for), else the URL's."""
    parts = urlsplit(url)
    assert parts.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    totals, lock = [0, 0], threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds
    headers = {"Host": host} if host else {}
    pool = [threading.Thread(target=_worker, args=(parts.hostname, parts.port, path, deadline,
                                                   totals, lock, headers)) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    return {"url": url, "requests": totals[0], "errors": totals[1], "seconds": round(elapsed, 2),
            "rps": round(totals[0] / elapsed, 1)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--host", help="the Host header to send (a council's host name)")
    args = parser.parse_args()
    print(json.dumps(run(args.url, args.seconds, args.threads, args.host)))
