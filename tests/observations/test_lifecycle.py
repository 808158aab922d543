"""The observation lifecycle as a table: every move allowed or refused, without Flask."""

from datetime import date

import pytest

from council.observations.lifecycle import (
    Action,
    ClosureReason,
    ObservationStatus,
    TransitionError,
    allowed_actions,
    check_closure,
    is_overdue,
    next_status,
    waiting,
)

S, A = ObservationStatus, Action
# The spec, written out: nouvelle → inscrite à l'ordre du jour → transmise → réponse reçue → close;
# « à modérer » is accepted or discarded by an organiser; any open observation may be closed.
ALLOWED = {
    (S.PENDING, A.ACCEPT): S.NEW,
    (S.PENDING, A.DISCARD): S.DISCARDED,
    (S.NEW, A.SCHEDULE): S.ON_AGENDA,
    (S.NEW, A.CLOSE): S.CLOSED,
    (S.ON_AGENDA, A.SCHEDULE): S.ON_AGENDA,
    (S.ON_AGENDA, A.TRANSMIT): S.TRANSMITTED,
    (S.ON_AGENDA, A.CLOSE): S.CLOSED,
    (S.TRANSMITTED, A.RECORD_ANSWER): S.ANSWERED,
    (S.TRANSMITTED, A.CLOSE): S.CLOSED,
    (S.ANSWERED, A.CLOSE): S.CLOSED,
}
EVERY_MOVE = [(status, action) for status in S for action in A]


@pytest.mark.parametrize(("status", "action"), [m for m in EVERY_MOVE if m in ALLOWED])
def test_allowed_move_for_an_organiser(status, action):
    assert next_status(status, action, is_organiser=True) is ALLOWED[(status, action)]


@pytest.mark.parametrize(("status", "action"), [m for m in EVERY_MOVE if m not in ALLOWED])
def test_refused_move_says_why_in_french(status, action):
    with pytest.raises(TransitionError, match="^Impossible (de |d.)"):
        next_status(status, action, is_organiser=True)


@pytest.mark.parametrize("action", [A.ACCEPT, A.DISCARD])
def test_only_organisers_moderate(action):
    with pytest.raises(TransitionError, match="Seuls les organisateurs"):
        next_status(S.PENDING, action, is_organiser=False)


@pytest.mark.parametrize(("status", "action"),
                         [m for m in ALLOWED if m[1] not in (A.ACCEPT, A.DISCARD)])
def test_members_take_every_other_step(status, action):
    assert next_status(status, action, is_organiser=False) is ALLOWED[(status, action)]


@pytest.mark.parametrize("status", [S.CLOSED, S.DISCARDED])
def test_closed_and_discarded_are_final(status):
    assert allowed_actions(status, is_organiser=True) == []


def test_allowed_actions_follow_the_table_and_the_role():
    assert allowed_actions(S.PENDING, is_organiser=True) == [A.ACCEPT, A.DISCARD]
    assert allowed_actions(S.PENDING, is_organiser=False) == []
    assert allowed_actions(S.NEW, is_organiser=False) == [A.SCHEDULE, A.CLOSE]
    assert allowed_actions(S.TRANSMITTED, is_organiser=False) == [A.RECORD_ANSWER, A.CLOSE]


def test_every_status_has_a_french_label_and_open_means_followed():
    assert [s.label for s in S] == ["à modérer", "nouvelle", "inscrite à l'ordre du jour",
                                    "transmise à un partenaire", "réponse reçue", "close", "écartée"]
    assert {s for s in S if s.is_open} == {S.NEW, S.ON_AGENDA, S.TRANSMITTED, S.ANSWERED}


@pytest.mark.parametrize(("days", "overdue"), [(0, False), (59, False), (60, False), (61, True), (400, True)])
def test_overdue_after_the_delay(days, overdue):
    today = date(2026, 12, 31)
    sent = date.fromordinal(today.toordinal() - days)
    assert waiting(sent, today, 60).days == days
    assert is_overdue(S.TRANSMITTED, sent, today, 60) is overdue


@pytest.mark.parametrize("status", [s for s in S if s is not S.TRANSMITTED])
def test_only_a_transmitted_observation_can_be_overdue(status):
    assert not is_overdue(status, date(2020, 1, 1), date(2026, 1, 1), 60)


def test_overdue_follows_the_delay_setting():
    assert is_overdue(S.TRANSMITTED, date(2026, 1, 1), date(2026, 1, 12), 10)
    assert not is_overdue(S.TRANSMITTED, date(2026, 1, 1), date(2026, 1, 12), 11)


@pytest.mark.parametrize(("reason", "own_id", "duplicate_of", "problem"), [
    (ClosureReason.RESOLVED, 5, None, None),
    (ClosureReason.NO_FOLLOW_UP, 5, None, None),
    (ClosureReason.DUPLICATE, 5, 3, None),
    (ClosureReason.DUPLICATE, 5, None, "Indiquez le numéro"),
    (ClosureReason.DUPLICATE, 5, 5, "doublon d'elle-même"),
    (ClosureReason.RESOLVED, 5, 3, "que pour un doublon"),
])
def test_closure_rules(reason, own_id, duplicate_of, problem):
    found = check_closure(reason, own_id, duplicate_of)
    assert (found is None) if problem is None else (problem in found)
