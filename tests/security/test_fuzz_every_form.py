"""Every form of the app, fuzzed (issue 10, finding 8): whatever is sent to any POST route —
any text in any field, a file under a field's name, an id out of range or unknown in a choice —
the answer is never a server error, and a form sent back keeps what was typed.

The POST routes come from ``app.url_map`` and each form's fields from its own page (the GET of the
same address, as the role that uses it): a form or field added later is fuzzed without touching
this file. Example counts stay modest (CI runs the suite on SQLite and on PostgreSQL).
"""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council.database import MAX_ID
from tests.fuzzing import assert_form_survives, nasty_text
from tests.security.test_out_of_range import _fill, _routes, _sign_in

SKIPPED = {"/deconnexion"}  # signing out ends the fuzzing session, it has no field
ODD_IDS = ["0", "-1", "999999", str(MAX_ID), str(MAX_ID + 1), str(2**63), str(10**30), "1.5", "abc"]


class _Fields(HTMLParser):
    """The fields of the page's forms that post to ``path`` (a page may hold forms for other
    routes), and the values the page gives them."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self._posts_here = False
        self.values: dict[str, str] = {}
        self.text_fields: set[str] = set()
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = (attrs.get("action") or self.path).split("?")[0].split("#")[0]
            self._posts_here = action == self.path
        if not self._posts_here:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs or name not in self.values:
                    self.values[name] = attrs.get("value", "on")
            else:
                self.values.setdefault(name, attrs.get("value", ""))
                if kind in ("text", "email", "tel", "search", "url"):  # shown back as typed
                    self.text_fields.add(name)
        elif tag == "textarea" and name:
            self._textarea = name
            self.values.setdefault(name, "")
            self.text_fields.add(name)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and (
                "selected" in attrs or not self.values.get(self._select)):
            self.values[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._posts_here = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def _form_pages(app, client, objects) -> list[tuple[str, dict[str, str], set[str]]]:
    """Each POST route's path, with the fields (and values) its page shows."""
    gets = {rule for method, rule in [*_routes(app, True), *_routes(app, False)] if method == "GET"}
    pages = []
    for method, rule in [*_routes(app, True), *_routes(app, False)]:
        if method != "POST" or rule in SKIPPED:
            continue
        path = _fill(rule, objects)
        fields = _Fields(path)
        if rule in gets:
            response = client.get(path)
            if response.status_code == 200:
                fields.feed(response.get_data(as_text=True))
        pages.append((path, fields.values, fields.text_fields))
    return pages


def _value() -> st.SearchStrategy:
    return st.one_of(
        nasty_text(200),
        st.sampled_from(ODD_IDS),
        st.sampled_from(["\n", "a\rb", "x\r\nEND:VEVENT", "\u202e", "\x1b[31m", "\u2028"]),
        st.just("FILE"),
    )


def _send(client, path: str, data: dict):
    files = {k: (io.BytesIO(b"%PDF-1.4 not text"), "piece.pdf") for k, v in data.items() if v == "FILE"}
    if files:
        return client.post(path, data={**data, **files}, content_type="multipart/form-data")
    return client.post(path, data=data)


@pytest.mark.parametrize("role", ["anonymous", "member", "organiser", "admin"])
def test_any_value_in_any_field_of_any_form_never_breaks(app, client, make_user, route_objects, role):
    _sign_in(client, make_user, role)
    pages = _form_pages(app, client, route_objects)
    assert len(pages) > 40

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(page=st.sampled_from(pages), data=st.data())
    def check(page, data):
        path, values, text_fields = page
        names = sorted(values) or ["title", "email", "text", "partner"]
        changed = data.draw(st.dictionaries(st.sampled_from(names), _value(), min_size=1,
                                            max_size=3), label="changed")
        response = _send(client, path, {**values, **changed})
        typed = {k: v for k, v in changed.items() if k in text_fields and v != "FILE"}
        assert_form_survives(response, typed)

    check()


def test_every_form_page_is_found(app, client, make_user, route_objects):
    """The fuzzing above reaches the forms that matter (their fields are read from their pages)."""
    _sign_in(client, make_user, "admin")
    fields = {path: set(values) for path, values, _ in _form_pages(app, client, route_objects)}
    assert {"title", "place_name", "agenda-0-title"} <= fields["/reunions/nouvelle"]
    assert {"first_name", "address", "motivation"} <= fields["/candidature"]
    assert {"description", "place"} <= fields["/observations/nouvelle"]
    assert {"title", "partner", "text"} <= fields["/avis/rediger"]
    assert "role" in fields[f"/admin/comptes/{route_objects['user_id']}"]
    assert "email" in fields["/admin/effacement"]
