"""The composition rules and the choice of the next substitute: pure, no Flask."""

import pytest

from council.eligibility import College
from council.membership.composition import (
    Composition,
    Substitute,
    Thresholds,
    assess,
    next_substitute,
)

RULES = Thresholds(min_resident_share=50, parity_max_gap=2, min_size=15, max_size=50)


def codes(composition: Composition) -> list[str]:
    return [warning.code for warning in assess(composition, RULES)]


@pytest.mark.parametrize(
    ("composition", "expected"),
    [
        (Composition(residents=10, local_actors=8, women=5, men=5), []),
        (Composition(residents=9, local_actors=9, women=5, men=4), []),          # exactly 50 %
        (Composition(residents=8, local_actors=9, women=4, men=4), ["resident_share"]),
        (Composition(residents=10, local_actors=4, women=5, men=5), ["too_small"]),
        (Composition(residents=40, local_actors=11, women=20, men=20), ["too_large"]),
        (Composition(residents=10, local_actors=5, women=6, men=4), []),         # gap 2 tolerated
        (Composition(residents=10, local_actors=5, women=7, men=3), ["parity"]),
        (Composition(residents=10, local_actors=5, women=2, men=8), ["parity"]),
        (Composition(), ["too_small"]),                                          # an empty council
        (Composition(residents=3, local_actors=9, women=0, men=3),
         ["too_small", "resident_share", "parity"]),
    ],
)
def test_composition_warnings(composition, expected):
    assert codes(composition) == expected


def test_warnings_speak_plain_french_with_the_numbers():
    [share] = assess(Composition(residents=6, local_actors=10, women=3, men=3), RULES)
    assert share.message == (
        "Le collège des habitants ne représente que 38 % des membres actifs (6 sur 16) : "
        "il doit en représenter au moins 50 %.")
    [parity] = assess(Composition(residents=10, local_actors=6, women=2, men=8), RULES)
    assert "2 femmes et 8 hommes" in parity.message and "Il manque des femmes." in parity.message
    [small] = assess(Composition(residents=1, local_actors=0, women=1), RULES)
    assert small.message == ("Le conseil compte 1 membre actif : le cadre de référence en "
                             "recommande au moins 15.")
    [large] = assess(Composition(residents=30, local_actors=21, women=15, men=15), RULES)
    assert large.message.startswith("Le conseil compte 51 membres actifs :")


def test_thresholds_are_settings():
    strict = Thresholds(min_resident_share=75, parity_max_gap=0, min_size=2, max_size=3)
    warnings = assess(Composition(residents=2, local_actors=2, women=1, men=1), strict)
    assert [w.code for w in warnings] == ["too_large", "resident_share"]
    config = {"COMPOSITION_MIN_RESIDENT_SHARE": "60", "COMPOSITION_PARITY_MAX_GAP": 1,
              "COMPOSITION_MIN_SIZE": 10, "COMPOSITION_MAX_SIZE": 20}
    assert Thresholds.from_config(config) == Thresholds(60, 1, 10, 20)


def test_counts_derived_from_the_composition():
    composition = Composition(residents=9, local_actors=3, women=4, men=3)
    assert composition.total == 12 and composition.resident_share == 75
    assert composition.other_genders == 2
    assert Composition().resident_share is None


def sub(id_, college=College.RESIDENT, gender="female", position=None):
    return Substitute(id_, college, gender, position if position is not None else id_)


QUEUE = [sub(1, gender="male"), sub(2, College.LOCAL_ACTOR, "female"), sub(3, gender="female"),
         sub(4, gender="male")]


@pytest.mark.parametrize(
    ("college", "women", "men", "expected", "for_parity"),
    [
        (College.RESIDENT, 5, 5, 1, False),   # balanced: first in line
        (College.RESIDENT, 4, 5, 1, False),   # a man makes it 4/6: gap 2, tolerated
        (College.RESIDENT, 3, 5, 3, True),    # a man would make 3/6: the first woman instead
        (College.RESIDENT, 6, 4, 1, False),   # the first in line is a man, who helps
        (College.LOCAL_ACTOR, 0, 9, 2, False),  # parity is a rule of the habitants college only
    ],
)
def test_next_substitute(college, women, men, expected, for_parity):
    proposal = next_substitute(QUEUE, college, women=women, men=men, parity_max_gap=2)
    assert proposal.substitute.id == expected and proposal.for_parity is for_parity


def test_next_substitute_follows_positions_not_list_order():
    queue = [sub(7, position=9), sub(8, position=2)]
    assert next_substitute(queue, College.RESIDENT, women=3, men=3, parity_max_gap=2).substitute.id == 8


def test_without_the_needed_gender_the_first_in_line_is_offered():
    only_men = [sub(1, gender="male"), sub(2, gender=None)]
    proposal = next_substitute(only_men, College.RESIDENT, women=2, men=5, parity_max_gap=2)
    assert proposal.substitute.id == 1 and not proposal.for_parity


def test_no_substitute_for_that_college():
    assert next_substitute(QUEUE[:1], College.LOCAL_ACTOR, women=0, men=0,
                           parity_max_gap=2).substitute is None
