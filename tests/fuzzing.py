"""Shared tools to fuzz public forms with hypothesis through the test client.

Use ``nasty_text()`` for free-text fields and ``assert_form_survives(response, typed)`` on each
answer: never a 5xx, and a re-shown form keeps what was typed, with French messages.
"""

from __future__ import annotations

from hypothesis import strategies as st
from markupsafe import escape

NAMES = ["Jean-Noël", "N'Diaye", "Œuvray", "Zoë", "Ana María", "Lê Văn Thành", "O'Brien", "Ø"]
TRICKY = ["", " ", "\x00", "a\x00b", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../..",
          "🙂👩🏽‍🦱", "\u202e", "\ufeff", "ééé", "x" * 5000, "\r\n", "{{ 7*7 }}"]


def nasty_text(max_size: int = 300) -> st.SearchStrategy[str]:
    """Any Unicode (NUL and emoji included), French names, very long strings, injection bait."""
    return st.one_of(
        st.sampled_from(NAMES + TRICKY),
        st.text(max_size=max_size),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=max_size),
    )


def nasty_email() -> st.SearchStrategy[str]:
    return st.one_of(st.emails().map(str), nasty_text(80),
                     st.sampled_from(["a@", "@b", "a@b", "a@@b.fr", "jean.noël@exemple.fr"]))


def nasty_date() -> st.SearchStrategy[str]:
    return st.one_of(
        st.dates().map(str),
        st.sampled_from(["2026-02-30", "2026-13-01", "0000-00-00", "31/12/2009", "demain", "",
                         "99999-01-01", "2026-03-29T02:30", "-1"]),
        nasty_text(20),
    )


def shown_value(value: str) -> str:
    """How a typed value appears inside an HTML attribute once re-shown (escaped)."""
    return str(escape(value))


def assert_form_survives(response, kept: dict[str, str] | None = None) -> str:
    """No 5xx; a re-shown form (200/400/422 with the field in it) holds every ``kept`` value."""
    assert response.status_code < 500, response.status_code
    html = response.get_data(as_text=True)
    if response.status_code in (200, 400, 422) and kept:
        for name, value in kept.items():
            if value and value.strip() and "\x00" not in value:
                if f'name="{name}"' not in html:
                    continue  # accepted: the next page does not show the form again
                assert shown_value(value.strip()) in html or shown_value(value) in html, name
    return html
