"""The vote's rules with plain numbers: quorum, counts, adoption rule, dissent. No Flask."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from council.opinions.voting import (
    AdoptionRule,
    VoteChoice,
    VoteCount,
    dissent_problem,
    is_adopted,
    quorum_reached,
    tally,
    vote_problems,
)

counts = st.integers(min_value=0, max_value=60)


@pytest.mark.parametrize(("present", "required", "reached"), [
    (0, 0, True), (7, 8, False), (8, 8, True), (9, 8, True), (0, 1, False),
])
def test_quorum(present, required, reached):
    assert quorum_reached(present, required) is reached


@pytest.mark.parametrize(("count", "present", "required", "expected"), [
    (VoteCount(6, 2, 1), 10, 8, []),
    (VoteCount(6, 2, 2), 10, 8, []),  # every present member voted
    (VoteCount(3, 1, 0), 5, 8, ["Le quorum n'est pas atteint : 5 membres présents pour 8 requis."]),
    (VoteCount(8, 2, 1), 10, 8, ["11 votes saisis pour 10 membres présents"]),
    (VoteCount(0, 0, 0), 10, 8, ["Aucun vote n'a été saisi."]),
    (VoteCount(-1, 2, 0), 10, 8, ["négatif"]),
    (VoteCount(5, 1, 0), 4, 8, ["Le quorum n'est pas atteint", "6 votes saisis pour 4 membres"]),
])
def test_vote_problems_name_every_reason(count, present, required, expected):
    problems = vote_problems(count, present, required)
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected, strict=True):
        assert problem.startswith(start) or start in problem


@pytest.mark.parametrize(("count", "default", "absolute", "two_thirds"), [
    (VoteCount(5, 4, 0), True, True, False),
    (VoteCount(5, 4, 3), True, False, False),   # abstentions count only for the absolute majority
    (VoteCount(4, 4, 0), False, False, False),  # a tie is not an adoption
    (VoteCount(2, 1, 9), True, False, True),
    (VoteCount(0, 0, 5), False, False, False),
    (VoteCount(10, 5, 0), True, True, True),
    (VoteCount(9, 5, 0), True, True, False),
])
def test_adoption_rules(count, default, absolute, two_thirds):
    assert is_adopted(count) is default
    assert is_adopted(count, AdoptionRule.MORE_FOR_THAN_AGAINST) is default
    assert is_adopted(count, AdoptionRule.ABSOLUTE_MAJORITY) is absolute
    assert is_adopted(count, AdoptionRule.TWO_THIRDS) is two_thirds


@given(votes_for=counts, against=counts, abstain=counts, more=counts)
def test_abstentions_never_change_the_default_rule(votes_for, against, abstain, more):
    assert is_adopted(VoteCount(votes_for, against, abstain)) == is_adopted(
        VoteCount(votes_for, against, abstain + more)) == (votes_for > against)


@given(votes_for=counts, against=counts, abstain=counts, present=counts, required=counts)
def test_a_recordable_vote_never_has_more_votes_than_present(votes_for, against, abstain, present, required):
    count = VoteCount(votes_for, against, abstain)
    if not vote_problems(count, present, required):
        assert 0 < count.total <= present and present >= required


def test_tally_of_each_members_vote():
    choices = [VoteChoice.FOR] * 3 + [VoteChoice.AGAINST, VoteChoice.ABSTAIN, VoteChoice.FOR]
    assert tally(choices) == VoteCount(4, 1, 1)
    assert tally([]) == VoteCount(0, 0, 0)


@pytest.mark.parametrize(("adopted", "count", "dissent", "problem"), [
    (True, VoteCount(6, 2, 0), "", True),
    (True, VoteCount(6, 2, 0), "   ", True),
    (True, VoteCount(6, 2, 0), "Deux membres craignent le coût.", False),
    (True, VoteCount(6, 0, 2), "", False),   # no vote against: consensus of those who voted
    (False, VoteCount(2, 6, 0), "", False),  # rejected: nothing published
])
def test_an_adopted_avis_with_votes_against_reports_the_dissent(adopted, count, dissent, problem):
    assert (dissent_problem(adopted, count, dissent) is not None) is problem


def test_describe_in_french():
    assert VoteCount(9, 2, 1).describe() == "9 pour, 2 contre, 1 abstention"
    assert VoteCount(9, 0, 3).describe() == "9 pour, 0 contre, 3 abstentions"
    assert [c.label for c in VoteChoice] == ["pour", "contre", "abstention"]
