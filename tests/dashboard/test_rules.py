"""The dashboard's pure rules: the mandates window, ages, the quorum outlook."""

from __future__ import annotations

from datetime import date

import pytest

from council.dashboard.rules import QuorumOutlook, age_in_days, mandate_horizon, mandate_state

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(("ends_on", "shown", "state"), [
    (date(2026, 3, 9), True, "ended"),      # ended yesterday
    (date(2026, 3, 10), True, "ending"),    # its last day: still running
    (date(2026, 5, 9), True, "ending"),     # in 60 days: shown
    (date(2026, 5, 10), False, "ending"),   # in 61 days: not yet
])
def test_mandates_within_sixty_days_or_ended(ends_on, shown, state):
    assert (ends_on <= mandate_horizon(TODAY)) is shown
    assert mandate_state(ends_on, TODAY) == state


@pytest.mark.parametrize(("since", "days"), [(TODAY, 0), (date(2026, 3, 1), 9), (date(2026, 3, 11), 0)])
def test_age_in_days(since, days):
    assert age_in_days(since, TODAY) == days


@pytest.mark.parametrize(("outlook", "verdict", "estimate"), [
    # 10 sitting, 6 needed; 80 % came lately → 8 expected: likely
    (QuorumOutlook(sitting=10, required=6, recent_present=24, recent_sitting=30), "likely", 8),
    # 50 % came lately → 5 expected: doubtful
    (QuorumOutlook(sitting=10, required=6, recent_present=15, recent_sitting=30), "doubtful", 5),
    # 55 % → 5.5 rounds half up to 6: just likely
    (QuorumOutlook(sitting=10, required=6, recent_present=11, recent_sitting=20), "likely", 6),
    # no past register: possible, no estimate
    (QuorumOutlook(sitting=10, required=6), "unknown", None),
    # 4 excused (when recorded) leave 6 who may come, 100 % rate → 6: likely
    (QuorumOutlook(sitting=10, required=6, recent_present=10, recent_sitting=10, excused=4), "likely", 6),
    # 5 excused: even everyone else would not make it
    (QuorumOutlook(sitting=10, required=6, recent_present=10, recent_sitting=10, excused=5), "impossible", 5),
    # an empty council never has a quorum
    (QuorumOutlook(sitting=0, required=1), "impossible", None),
])
def test_quorum_outlook(outlook, verdict, estimate):
    assert outlook.verdict == verdict
    assert outlook.estimate == estimate
    assert outlook.likely is (verdict == "likely")


@pytest.mark.parametrize(("days", "said"), [(0, "aujourd'hui"), (1, "hier"), (2, "il y a 2 jours")])
def test_ages_are_said_in_french(days, said):
    from council.dashboard.rules import ago

    assert ago(days) == said
