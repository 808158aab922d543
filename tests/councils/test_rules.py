"""The rules a council decides, checked without Flask or a database (a table)."""

from dataclasses import replace

import pytest

from council.config import Defaults
from council.councils.rules import ADOPTION_RULES, CouncilRules, fraction_text, problems
from council.opinions.voting import AdoptionRule

GOOD = CouncilRules()


def test_the_defaults_hold():
    assert problems(GOOD) == {}


@pytest.mark.parametrize(("changes", "field", "says"), [
    ({"minimum_age": 15}, "minimum_age", "dès 16 ans"),
    ({"minimum_age": 0}, "minimum_age", "dès 16 ans"),
    ({"minimum_age": 31}, "minimum_age", "entre 16 et 30 ans"),
    ({"mandate_years": -1}, "mandate_years", "entre 0 et 6 ans"),
    ({"mandate_years": 7}, "mandate_years", "entre 0 et 6 ans"),
    ({"quorum_fraction": "1"}, "quorum_fraction", "moins de 1"),
    ({"quorum_fraction": "3/2"}, "quorum_fraction", "moins de 1"),
    ({"quorum_fraction": "-1/2"}, "quorum_fraction", "au moins 0"),
    ({"quorum_fraction": "la moitié"}, "quorum_fraction", "fraction comme 1/2"),
    ({"quorum_fraction": "1/0"}, "quorum_fraction", "fraction comme 1/2"),
    ({"absence_run_threshold": 0}, "absence_run_threshold", "entre 1 et 20"),
    ({"composition_min_resident_share": 49}, "composition_min_resident_share", "50 % au moins"),
    ({"composition_min_resident_share": 101}, "composition_min_resident_share", "entre 50 et 100"),
    ({"composition_parity_max_gap": -1}, "composition_parity_max_gap", "entre 0 et 20"),
    ({"composition_min_size": 0}, "composition_min_size", "entre 1 et 500"),
    ({"composition_min_size": 20, "composition_max_size": 10}, "composition_max_size", "plus petite"),
    ({"opinion_adoption_rule": "unanimity"}, "opinion_adoption_rule", "de la liste"),
    ({"observation_answer_delay_days": 0}, "observation_answer_delay_days", "entre 1 et 365"),
    ({"observation_answer_delay_days": 366}, "observation_answer_delay_days", "entre 1 et 365"),
])
def test_each_rule_out_of_bounds_is_refused_beside_its_field(changes, field, says):
    found = problems(replace(GOOD, **changes))
    assert list(found) == [field]
    assert says in found[field]


@pytest.mark.parametrize("changes", [
    {"minimum_age": 16}, {"minimum_age": 18}, {"minimum_age": 30}, {"mandate_years": 0},
    {"mandate_years": 6}, {"quorum_fraction": "1/3"}, {"quorum_fraction": "0,5"},
    {"quorum_fraction": "0"}, {"composition_min_resident_share": 100},
    {"composition_min_size": 20, "composition_max_size": 20}, {"opinion_adoption_rule": "two_thirds"},
])
def test_what_a_council_may_decide_is_accepted(changes):
    assert problems(replace(GOOD, **changes)) == {}


def test_every_problem_is_reported_at_once():
    found = problems(replace(GOOD, minimum_age=12, mandate_years=9, quorum_fraction="x"))
    assert set(found) == {"minimum_age", "mandate_years", "quorum_fraction"}


def test_the_adoption_rules_are_the_voting_module_s():
    assert tuple(rule.value for rule in AdoptionRule) == ADOPTION_RULES


def test_the_settings_give_the_first_rules():
    rules = CouncilRules.from_config(vars(Defaults) | {"QUORUM_FRACTION": 0.5,
                                                        "EXPIRED_MANDATES_COUNT": "false"})
    assert rules.minimum_age == Defaults.MINIMUM_AGE and rules.quorum_fraction == "1/2"
    assert rules.expired_mandates_count is False
    assert rules.as_settings()["MINIMUM_AGE"] == Defaults.MINIMUM_AGE


@pytest.mark.parametrize(("value", "text"), [(0.5, "1/2"), ("0.3333", "1/3"), ("2/3", "2/3"), (0, "0/1")])
def test_fractions_are_written_as_people_write_them(value, text):
    assert fraction_text(value) == text
