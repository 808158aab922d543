"""Every stylesheet parses as written: a block left open (a merge that drops one ``}``) makes every
later rule apply only inside that block — on screen the honeypots showed and residents' observations
were silently dropped. Browsers close such a block without a word, so the check is ours."""

from __future__ import annotations

from pathlib import Path

import pytest
import tinycss2

STATIC = Path(__file__).resolve().parents[2] / "static"
STYLESHEETS = sorted(STATIC.rglob("*.css"))


def stylesheet_problems(source: str) -> list[str]:
    """Every problem a CSS parser finds in ``source``: parse errors, and blocks closed only by the
    end of the file (the serialisation of the parsed tokens then differs from the source)."""
    problems = []
    tokens = tinycss2.parse_component_value_list(source)
    if tinycss2.serialize(tokens) != source:
        problems.append("a block or string is left open: the file ends inside it")
    for rule in tinycss2.parse_stylesheet(source, skip_comments=True, skip_whitespace=True):
        problems.extend(_rule_problems(rule))
    return problems


def _rule_problems(rule) -> list[str]:
    if rule.type == "error":
        return [f"line {rule.source_line}: {rule.message}"]
    if any(token.type == "error" for token in rule.prelude):
        return [f"line {rule.source_line}: a stray }} or ) makes the next rule's selector invalid"]
    if rule.content is None:
        return []
    if rule.type == "at-rule" and rule.at_keyword in ("media", "supports", "layer", "container"):
        nested = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
        return [problem for inner in nested for problem in _rule_problems(inner)]
    declarations = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    return [f"line {d.source_line}: {d.message}" for d in declarations if d.type == "error"]


@pytest.mark.parametrize("source, broken", [
    (".a { color: red; }\n@media print { .b { color: blue; } }\n.hp { display: none; }\n", False),
    # the merge that lost a brace: .hp lands inside @media print and hides nothing on screen
    (".a { color: red; }\n@media print { .b { color: blue; }\n.hp { display: none; }\n", True),
    (".a { color: red; }}\n.b { color: blue; }\n", True),
    (".a { color: red; \n", True),
    (".a { color red; }\n", True),
])
def test_the_check_tells_a_broken_stylesheet(source, broken):
    assert bool(stylesheet_problems(source)) is broken


def test_there_are_stylesheets_to_check():
    assert STYLESHEETS, "no stylesheet found under static/"


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda p: str(p.relative_to(STATIC)))
def test_every_stylesheet_parses_without_error(path):
    assert stylesheet_problems(path.read_text(encoding="utf-8")) == []
