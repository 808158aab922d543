"""The vote on an avis: quorum, vote counts and the adoption rule. Pure, no Flask, plain numbers.

Adoption rules (setting ``OPINION_ADOPTION_RULE``):
- ``more_for_than_against`` (default): more *pour* than *contre*; abstentions are not counted;
- ``absolute_majority``: *pour* are more than half of all votes, abstentions included;
- ``two_thirds``: *pour* are at least two thirds of the *pour* and *contre*.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


class VoteChoice(enum.Enum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"

    @property
    def label(self) -> str:
        return {"for": "pour", "against": "contre", "abstain": "abstention"}[self.value]


class AdoptionRule(enum.Enum):
    MORE_FOR_THAN_AGAINST = "more_for_than_against"
    ABSOLUTE_MAJORITY = "absolute_majority"
    TWO_THIRDS = "two_thirds"

    @property
    def label(self) -> str:
        return {
            "more_for_than_against": "plus de voix pour que de voix contre (abstentions non comptées)",
            "absolute_majority": "majorité absolue des votes, abstentions comprises",
            "two_thirds": "deux tiers des voix pour et contre",
        }[self.value]


@dataclass(frozen=True)
class VoteCount:
    votes_for: int
    against: int
    abstain: int

    @property
    def total(self) -> int:
        return self.votes_for + self.against + self.abstain

    def describe(self) -> str:
        """« 9 pour, 2 contre, 1 abstention »."""
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'s' if n > 1 and word == 'abstention' else ''}"

        return (f"{self.votes_for} pour, {self.against} contre, "
                f"{plural(self.abstain, 'abstention')}")


def tally(choices: Iterable[VoteChoice]) -> VoteCount:
    """The counts from each present member's vote."""
    counted = Counter(choices)
    return VoteCount(counted[VoteChoice.FOR], counted[VoteChoice.AGAINST], counted[VoteChoice.ABSTAIN])


def quorum_reached(present: int, required: int) -> bool:
    """Enough members present for the council to decide."""
    return present >= required


DISSENT_MISSING = ("Des membres ont voté contre : résumez leurs positions divergentes, elles sont "
                   "publiées à côté de la position majoritaire.")
NEGATIVE_COUNT = "Un nombre de voix ne peut pas être négatif."


def vote_problems(count: VoteCount, present: int, required: int) -> list[str]:
    """Every reason the vote cannot be recorded (French), or an empty list: those about the
    counts (``count_problems``) with the quorum's after a negative count."""
    counts = count_problems(count, present)
    quorum = [] if quorum_reached(present, required) else [
        f"Le quorum n'est pas atteint : {present} membre{'s' if present > 1 else ''} "
        f"présent{'s' if present > 1 else ''} pour {required} requis. Le vote ne peut pas avoir lieu."]
    negative = counts[:1] if counts and counts[0] == NEGATIVE_COUNT else []
    return negative + quorum + counts[len(negative):]


def count_problems(count: VoteCount, present: int) -> list[str]:
    """The reasons that concern the counts themselves (the fields a person must correct)."""
    problems = []
    if min(count.votes_for, count.against, count.abstain) < 0:
        problems.append(NEGATIVE_COUNT)
    if count.total > present:
        problems.append(
            f"{count.total} votes saisis pour {present} membre{'s' if present > 1 else ''} "
            f"présent{'s' if present > 1 else ''} : il ne peut pas y avoir plus de votes que de présents."
        )
    if count.total == 0:
        problems.append("Aucun vote n'a été saisi.")
    return problems


def is_adopted(count: VoteCount, rule: AdoptionRule = AdoptionRule.MORE_FOR_THAN_AGAINST) -> bool:
    """Whether the avis is adopted under ``rule``."""
    if rule is AdoptionRule.MORE_FOR_THAN_AGAINST:
        return count.votes_for > count.against
    if rule is AdoptionRule.ABSOLUTE_MAJORITY:
        return 2 * count.votes_for > count.total
    expressed = count.votes_for + count.against
    return count.votes_for > 0 and 3 * count.votes_for >= 2 * expressed


def dissent_problem(adopted: bool, count: VoteCount, dissent: str) -> str | None:
    """Without consensus, the adopted avis reports the dissenting views beside the majority's."""
    if adopted and count.against > 0 and not dissent.strip():
        return DISSENT_MISSING
    return None
