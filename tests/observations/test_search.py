"""Search forgives case and accents, and treats LIKE wildcards as plain characters. No Flask."""

import pytest

from council.observations.search import like_pattern, normalise


@pytest.mark.parametrize(("text", "expected"), [
    ("École Jean Rostand", "ecole jean rostand"),
    ("  ARRÊT   de bus ", "arret de bus"),
    ("Œuvre, cœur, Straße", "œuvre, cœur, strasse"),
    ("", ""),
])
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_like_pattern_escapes_wildcards():
    assert like_pattern("100 %") == "%100 \\%%"
    assert like_pattern("a_b") == "%a\\_b%"
    assert like_pattern("É") == "%e%"
