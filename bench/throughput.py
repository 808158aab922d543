"""Throughput under gunicorn (2 workers): the home page against the floor, from another process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.server import free_port, wait_until_up, worker_pids

ROOT = Path(__file__).resolve().parent.parent


def _peak_rss_mb(master_pid: int) -> float:
    """Largest peak resident size (VmHWM) among the master's worker processes, in MB."""
    peaks = []
    for pid in worker_pids(master_pid):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return round(max(peaks), 1) if peaks else 0.0


def gunicorn_figures(database_url: str, instance: Path, home_path: str, floor: str,
                     seconds: float = 5.0, workers: int = 2, extra_paths=(),
                     host: str = "bench.test") -> dict:
    """Serve the benchmark app with gunicorn, load it from another process, return the figures.
    Every request asks for ``host``: the council is resolved from it each time (as in
    production), for the home page and the floor alike.

    ``extra_paths`` (heavier pages, the feeds) are loaded briefly afterwards so that the peak
    resident size reflects them too."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "COUNCIL_INSTANCE_PATH": str(instance),
           "COUNCIL_SECRET_KEY": "bench-secret", "COUNCIL_RATELIMIT_ENABLED": "false",
           "COUNCIL_SITE_HOST": "bench.test", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "bench.wsgi_bench:app"],
        cwd=ROOT, env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + floor, process=server, host=host)
        results = {}
        for name, path in (("home", home_path), ("floor", floor)):
            _load(base + path, 1.0, host)  # warm-up
            results[name] = _load(base + path, seconds, host)
        for path in extra_paths:
            _load(base + path, 2.0, host)
        results["peak_rss_mb"] = _peak_rss_mb(server.pid)
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def _load(url: str, seconds: float, host: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.load_client", url, "--seconds", str(seconds), "--host", host],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])
