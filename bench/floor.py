"""The floor: a bare route, registered by the benchmark only, that renders a static template of a
given HTML size through the same app, extensions and middleware (session, CSP headers…)."""

from __future__ import annotations

from flask import Flask, render_template_string

FLOOR_PATH = "/__bench_floor/<int:size>"
# A static page: same base layout as every page, no database work, padded to the wanted size.
_TEMPLATE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Plancher</title>
<link rel="stylesheet" href="/static/css/site.css"></head><body><main><h1>Plancher</h1>
<p>{{ padding }}</p></main></body></html>"""
_OVERHEAD = 200


def register_floor(app: Flask) -> None:
    """Add the floor route to a freshly created app (before its first request)."""

    def floor(size: int):
        return render_template_string(_TEMPLATE, padding="x" * max(0, size - _OVERHEAD))

    app.add_url_rule(FLOOR_PATH, "bench_floor", floor)


def floor_path(size: int) -> str:
    return FLOOR_PATH.replace("<int:size>", str(size))
