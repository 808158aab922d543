"""The search's query-building rules: words, prefixes, plurals, stop words, and what a person
types is text, never syntax, for both FTS5 and PostgreSQL. No Flask, no database."""

import pytest

from council.observations.search import MAX_WORDS, Term, fts5_query, normalise, terms, tsquery


@pytest.mark.parametrize(("text", "expected"), [
    ("École Jean Rostand", "ecole jean rostand"),
    ("  ARRÊT   de bus ", "arret de bus"),
    ("Œuvre, cœur, Straße", "œuvre, cœur, strasse"),
    ("", ""),
])
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("lampad", [Term("lampad", prefix=True)]),                      # the last word: a prefix
    ("ÉCOLE", [Term("ecole", prefix=True)]),                        # case and accents
    ("arrêt de bus", [Term("arret"), Term("bus", prefix=True)]),    # « de » is a stop word
    ("lampadaires cassés", [Term("lampadaire", True, "lampadaires"), Term("casse", True, "casses")]),
    ("bus", [Term("bus", prefix=True)]),                            # too short to be a plural
    ("l'ascenseur", [Term("ascenseur", prefix=True)]),              # the apostrophe separates
    ("Jean-Rostand", [Term("jean"), Term("rostand", prefix=True)]),
    ("bus OR tram", [Term("bus"), Term("or"), Term("tram", prefix=True)]),
    ('NOT "panne" *', [Term("not"), Term("panne", prefix=True)]),
    ("description:panne", [Term("description"), Term("panne", prefix=True)]),
    ("(a_b) ^ - + % ' \\", [Term("a"), Term("b", prefix=True)]),
    ("de la", []), ("?!", []), ("", []), ("   ", []),
])
def test_terms(typed, expected):
    assert terms(typed) == expected


def test_at_most_max_words():
    assert len(terms(" ".join(f"mot{i}" for i in range(50)))) == MAX_WORDS


def test_fts5_query_quotes_every_word():
    assert fts5_query(terms("arrêt de bus")) == '"arret" "bus"*'
    assert fts5_query(terms('NOT "OR" AND NEAR(x)')) == '"not" "or" "and" "near" "x"*'
    assert fts5_query([Term('a"b')]) == '"a""b"'


def test_tsquery_quotes_every_word_and_keeps_a_plural_as_typed():
    assert tsquery(terms("arrêt de bus")) == "'arret' & 'bus':*"
    assert tsquery(terms("chevaux blancs")) == \
        "( 'chevaux' | 'chevau':* ) & ( 'blancs' | 'blanc':* )"
    assert tsquery([Term("a'b\\")]) == "'a\\'b\\\\'"
    assert tsquery(terms("! & | <-> :*")) == ""
