"""Absolute links and the host names the site answers to: the one place that knows about hosts.

Every absolute URL the app writes (e-mails, calendar feeds and ``.ics`` files, subscription
addresses shown on a page) is built here from the council's primary host (``council_host``), else
the configured public name ``SITE_HOST``, and the scheme ``PREFERRED_URL_SCHEME`` (forced to
``https`` in production), never from the request's ``Host`` or ``X-Forwarded-Host``: a client
chooses those, and a reset link pointing at its own site would hand it the account. The request's
host only chooses which council answers (``request_host``, read by ``council.councils.hosts``).
In production, Flask's ``TRUSTED_HOSTS`` (``SITE_HOST`` plus the optional extra names of
``COUNCIL_TRUSTED_HOSTS``) answers any other Host with a 400.

``tests/security/test_absolute_links.py`` fails when ``_external=True``, ``request.host``,
``url_root`` or ``host_url`` appear anywhere else in the package or the templates.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from werkzeug.routing import MapAdapter


def site_host() -> str:
    """The public name of the council served (with a port when one is configured, e.g.
    ``localhost:5000`` in development): its primary host, else the install's ``SITE_HOST``."""
    from council.tenancy import primary_host

    return primary_host() or current_app.config["SITE_HOST"]


def absolute_url(endpoint: str, **values) -> str:
    """The absolute URL of ``endpoint`` on the public site, e.g. ``https://conseil.example.org/avis``.

    Works inside and outside a request (CLI commands, background sending); URL defaults registered
    on the app or its blueprints apply as they do for ``url_for``."""
    current_app.inject_url_defaults(endpoint, values)
    return site_url_adapter().build(endpoint, values, force_external=True)


def site_url_adapter() -> MapAdapter:
    """The app's URL map bound to the public site rather than to a request."""
    app = current_app
    return app.url_map.bind(site_host(), script_name=app.config["APPLICATION_ROOT"],
                            url_scheme=app.config["PREFERRED_URL_SCHEME"])


def request_host() -> str:
    """The host this request was sent to: it chooses the council (``council.councils.hosts``),
    never a link."""
    return request.host


def local_path(url: str | None) -> str | None:
    """The path (and query) of a URL on this site — a ``Referer`` for instance — or None.

    Compared with the request's host, which production has already checked against
    ``TRUSTED_HOSTS``."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def hostname(host: str) -> str:
    """``conseil.example.org:8443`` → ``conseil.example.org`` (Werkzeug ignores ports when it
    compares a request's Host with ``TRUSTED_HOSTS``)."""
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _extra_hosts(value) -> list[str]:
    """``COUNCIL_TRUSTED_HOSTS`` as a JSON list or as names separated by commas or spaces."""
    if not value:
        return []
    if isinstance(value, str):
        value = re.split(r"[,\s]+", value)
    return [name.strip() for name in value if name and name.strip()]


def configure_trusted_hosts(app: Flask) -> None:
    """In production (or whenever extra names are set), accept only ``SITE_HOST`` and the names
    of ``COUNCIL_TRUSTED_HOSTS``: Flask answers any other ``Host`` (or ``X-Forwarded-Host`` behind
    the proxy fix) with a 400 before a view runs."""
    extras = _extra_hosts(app.config.get("TRUSTED_HOSTS"))
    if not (app.config["PRODUCTION"] or extras):
        app.config["TRUSTED_HOSTS"] = None  # Flask's default: any host (development, tests)
        return
    site = hostname(app.config["SITE_HOST"])
    app.config["TRUSTED_HOSTS"] = [site, *(name for name in extras if name != site)]
