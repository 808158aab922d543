"""Built bodies kept for the workers to share: a body is built once per version, then read back.

``cached(identity, version, build)`` gives the body stored for ``identity`` when it was stored
for this very ``version`` (the caller's cheap fingerprint of everything the body depends on,
e.g. a feed's ETag); otherwise it calls ``build()``, stores the result and returns it. One entry
per identity: storing a new version replaces the old one.

Two stores, chosen by the settings:
- on disk (default): one file per identity in ``CACHE_DIR`` (``instance/cache``), written to a
  temporary file then renamed (a reader sees the old file or the new one, never half of one);
  past ``CACHE_MAX_MB`` the least recently read files go first. Shared by the workers of one
  machine.
- Redis when ``CACHE_REDIS_URL`` is set: one key per identity (``council:cache:<identity>``),
  expiring after ``CACHE_REDIS_TTL_DAYS`` without a write. Shared by every machine.

Each entry starts with a header line ``version length crc32``: an entry that does not match it
(another version, a truncated or damaged file) is a miss, so it is rebuilt, never served. The
version and length are checked on every read; the checksum costs more than reading the file, so
a worker checks it once per file it reads (per inode, modification time and size: any rewrite
or damage after the check shows there) and on every read from Redis. A store that fails (disk
full, Redis down) is logged and the body is built and served all the same.

Once a worker has checked a file, ``checked_file`` hands it open just past its header line, so
the body is streamed to the client (``sendfile`` under gunicorn) instead of read into memory.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from flask import Flask, current_app

log = logging.getLogger(__name__)
REDIS_PREFIX = "council:cache:"
TOUCH_AFTER_SECONDS = 3600  # a hit refreshes a file's time at most this often (eviction order)
TEMPORARY_PREFIX = ".tmp-"


def _header(version: str, body: bytes) -> bytes:
    return f"{version} {len(body)} {zlib.crc32(body):08x}\n".encode("ascii")


def pack(version: str, body: bytes) -> bytes:
    """An entry as stored: header line, then the body."""
    if not version or any(c.isspace() for c in version):
        raise ValueError("a cache version is one word")
    return _header(version, body) + body


def split(entry: bytes | None) -> tuple[bytes, bytes] | None:
    """An entry's header line and body, or None when it has no header line."""
    end = entry.find(b"\n", 0, 200) if entry else -1
    return (entry[: end + 1], entry[end + 1:]) if end >= 0 else None


def matches(header: bytes, body: bytes, version: str, checksum: bool = True) -> bool:
    """Whether ``body`` is whole and was stored for ``version`` (``checksum``: its CRC too)."""
    fields = header.split()
    if len(fields) != 3 or fields[0] != version.encode() or fields[1] != str(len(body)).encode():
        return False
    return not checksum or header == _header(version, body)


def unpack(entry: bytes | None, version: str) -> bytes | None:
    """The body of ``entry`` if it was stored for ``version`` and is whole, else None."""
    parts = split(entry)
    return parts[1] if parts and matches(*parts, version) else None


class DiskStore:
    """Entries as files in one directory (mode 0700: private feeds are members' data)."""

    def __init__(self, directory: Path, max_bytes: int):
        self.directory = Path(directory)
        self.max_bytes = max_bytes

    def _path(self, identity: str) -> Path:
        if not identity.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"cache identity {identity!r}: letters, digits, - and _ only")
        return self.directory / identity

    def get(self, identity: str) -> tuple[bytes, bytes, tuple] | None:
        """Header line, body (read apart: no copy of a large body) and the file's stamp."""
        path = self._path(identity)
        try:
            with open(path, "rb") as file:
                header = file.readline(200)
                body = file.read()
                stat = os.fstat(file.fileno())
        except FileNotFoundError:
            return None
        if time.time() - stat.st_mtime > TOUCH_AFTER_SECONDS:
            with contextlib.suppress(OSError):
                os.utime(path)  # read lately: evicted last
        return header, body, (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def open_checked(self, identity: str, version: str, stamp: tuple) -> tuple[BinaryIO, int] | None:
        """The entry's file, open past its header, and the body's length, when it is still the
        very file ``stamp`` names and was stored for ``version``; else None."""
        try:
            file = open(self._path(identity), "rb")  # noqa: SIM115 — the response closes it
        except OSError:  # gone, or not a file any more: the caller reads, checks or builds
            return None
        try:
            stat = os.fstat(file.fileno())
            header = file.readline(200)
            fields = header.split()
            if ((str(self._path(identity)), stat.st_ino, stat.st_mtime_ns, stat.st_size) == stamp
                    and len(fields) == 3 and fields[0] == version.encode()
                    and fields[1] == str(stat.st_size - len(header)).encode()):
                return file, stat.st_size - len(header)
        except (OSError, ValueError):
            pass
        file.close()
        return None

    def put(self, identity: str, entry: bytes) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.directory, prefix=TEMPORARY_PREFIX)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(entry)
            os.replace(temporary, self._path(identity))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.evict(keep=identity)

    def evict(self, keep: str | None = None) -> int:
        """Remove the least recently read entries until the directory holds at most
        ``max_bytes`` (and temporary files a crashed worker left); returns how many went."""
        entries, total, removed = [], 0, 0
        for item in os.scandir(self.directory):
            stat = item.stat(follow_symlinks=False)
            if item.name.startswith(TEMPORARY_PREFIX):
                if time.time() - stat.st_mtime > TOUCH_AFTER_SECONDS:
                    removed += _unlink(item.path)
                continue
            entries.append((stat.st_mtime, item.name, stat.st_size))
            total += stat.st_size
        for _mtime, name, size in sorted(entries):
            if total <= self.max_bytes:
                break
            if name != keep or size > self.max_bytes:
                removed += _unlink(self.directory / name)
                total -= size
        return removed

    def clear(self) -> int:
        if not self.directory.is_dir():
            return 0
        return sum(_unlink(item.path) for item in os.scandir(self.directory) if item.is_file())


def _unlink(path) -> int:
    try:
        os.unlink(path)
        return 1
    except FileNotFoundError:
        return 0


class RedisStore:
    """Entries as Redis strings, shared by every machine; they expire unwritten after ``ttl``."""

    def __init__(self, url: str, ttl_seconds: int, timeout: float):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=timeout,
                                           socket_connect_timeout=timeout)
        self.ttl = ttl_seconds

    def get(self, identity: str) -> tuple[bytes, bytes, None] | None:
        parts = split(self.client.get(REDIS_PREFIX + identity))
        return (*parts, None) if parts else None

    def put(self, identity: str, entry: bytes) -> None:
        self.client.set(REDIS_PREFIX + identity, entry, ex=self.ttl)

    def clear(self) -> int:
        keys = list(self.client.scan_iter(match=REDIS_PREFIX + "*", count=500))
        return self.client.delete(*keys) if keys else 0


def init_app(app: Flask) -> None:
    """Choose the store from the settings (the Redis client connects on first use)."""
    config = app.config
    if config["CACHE_REDIS_URL"]:
        store = RedisStore(config["CACHE_REDIS_URL"], int(config["CACHE_REDIS_TTL_DAYS"]) * 86400,
                           float(config["CACHE_TIMEOUT_SECONDS"]))
    else:
        directory = config["CACHE_DIR"] or Path(app.instance_path) / "cache"
        store = DiskStore(Path(directory), int(float(config["CACHE_MAX_MB"]) * 1024 * 1024))
    app.extensions["council_cache"] = store


def store() -> DiskStore | RedisStore:
    return current_app.extensions["council_cache"]


def cached(identity: str, version: str, build: Callable[[], bytes]) -> bytes:
    """The body stored for ``identity`` at ``version``, or ``build()``'s, stored for the next
    reader. A failing store costs a build, never an error."""
    chosen = store()
    try:
        found = chosen.get(identity)
    except Exception:  # noqa: BLE001 — a cache never takes the page down with it
        log.warning("cache read failed for %s; building", identity, exc_info=True)
        found = None
    if found is not None:
        header, body, stamp = found
        checked = stamp is not None and _checked.get(identity) == stamp
        if matches(header, body, version, checksum=not checked):
            if stamp is not None:
                _remember_checked(identity, stamp)
            return body
    body = build()
    try:
        chosen.put(identity, pack(version, body))
    except Exception:  # noqa: BLE001
        log.warning("cache write failed for %s; served uncached", identity, exc_info=True)
    return body


def checked_file(identity: str, version: str) -> tuple[BinaryIO, int] | None:
    """The body stored on disk for ``identity`` at ``version``, as an open file positioned at
    its first byte and its length, when this worker has already checked that very file (else
    None: ``cached`` reads, checks or builds it). Never raises."""
    chosen = store()
    stamp = _checked.get(identity)
    if stamp is None or not isinstance(chosen, DiskStore):
        return None
    return chosen.open_checked(identity, version, stamp)


_checked: dict[str, tuple] = {}  # identity → stamp of the file whose checksum this worker checked


def _remember_checked(identity: str, stamp: tuple) -> None:
    if len(_checked) > 10_000:
        _checked.clear()
    _checked[identity] = stamp


def clear() -> int:
    """Remove every entry (``flask --app council clear-cache``); returns how many."""
    return store().clear()
