"""Pure meeting rules: Paris local time, SEQUENCE, quorum, unexcused absence runs. No Flask."""

from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction

import pytest

from council.meetings.rules import (
    LocalTimeError,
    QuorumStatus,
    Schedule,
    attendance_problem,
    describe_change,
    edit_problem,
    has_started,
    minutes_problem,
    next_sequence,
    not_started_problem,
    paris_instant,
    paris_parts,
    parse_fraction,
    publish_problem,
    quorum_required,
    unexcused_runs,
)


@pytest.mark.parametrize(
    ("day", "clock", "utc"),
    [
        (date(2027, 1, 14), time(18, 30), datetime(2027, 1, 14, 17, 30, tzinfo=UTC)),  # winter
        (date(2027, 7, 8), time(18, 30), datetime(2027, 7, 8, 16, 30, tzinfo=UTC)),  # summer
        # the day clocks go forward: before and after the jump
        (date(2027, 3, 28), time(1, 30), datetime(2027, 3, 28, 0, 30, tzinfo=UTC)),
        (date(2027, 3, 28), time(18, 30), datetime(2027, 3, 28, 16, 30, tzinfo=UTC)),
        # the day clocks go back
        (date(2027, 10, 31), time(18, 30), datetime(2027, 10, 31, 17, 30, tzinfo=UTC)),
    ],
)
def test_paris_wall_clock_becomes_the_right_instant(day, clock, utc):
    assert paris_instant(day, clock) == utc
    assert paris_parts(utc) == (day, clock)


def test_a_time_skipped_by_the_spring_change_is_refused_in_french():
    with pytest.raises(LocalTimeError, match="2 h 30 n'existe pas ce jour-là à Paris"):
        paris_instant(date(2027, 3, 28), time(2, 30))


def test_a_time_that_happens_twice_in_october_is_refused_in_french():
    with pytest.raises(LocalTimeError, match="existe deux fois"):
        paris_instant(date(2027, 10, 31), time(2, 30))


BASE = Schedule(datetime(2027, 1, 14, 17, 30, tzinfo=UTC), datetime(2027, 1, 14, 19, 30, tzinfo=UTC),
                "Maison du Citoyen", "Place du Marché", False)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, 4),
        ({"starts_at": datetime(2027, 1, 15, 17, 30, tzinfo=UTC)}, 5),
        ({"ends_at": datetime(2027, 1, 14, 20, 0, tzinfo=UTC)}, 5),
        ({"place_name": "Espace Xavier Rousseau"}, 5),
        ({"place_address": "Rue de Provence"}, 5),
        ({"cancelled": True}, 5),
    ],
)
def test_sequence_goes_up_only_when_time_place_or_status_change(change, expected):
    after = Schedule(**{**BASE.__dict__, **change})
    assert next_sequence(4, BASE, after) == expected


def test_changes_are_described_in_french():
    after = Schedule(**{**BASE.__dict__, "starts_at": datetime(2027, 1, 15, 17, 30, tzinfo=UTC),
                        "ends_at": datetime(2027, 1, 15, 19, 30, tzinfo=UTC),
                        "place_name": "Espace Xavier Rousseau"})
    assert describe_change(BASE, after) == [
        "nouvel horaire : vendredi 15 janvier 2027, 18 h 30 – 20 h 30",
        "nouveau lieu : Espace Xavier Rousseau",
    ]
    assert describe_change(BASE, BASE) == []


@pytest.mark.parametrize(
    ("active", "fraction", "required"),
    [(10, "1/2", 6), (9, "1/2", 5), (1, "1/2", 1), (0, "1/2", 1), (30, "0.3333", 11), (3, "1/3", 2)],
)
def test_quorum_is_more_than_the_fraction_of_active_members(active, fraction, required):
    assert quorum_required(active, parse_fraction(fraction)) == required


def test_quorum_reached_when_enough_present():
    assert QuorumStatus(present=6, required=6, active=10).reached
    assert not QuorumStatus(present=5, required=6, active=10).reached


@pytest.mark.parametrize("value", ["1", "1.5", "-0.1"])
def test_an_impossible_quorum_fraction_is_refused(value):
    with pytest.raises(ValueError):
        parse_fraction(value)


def test_parse_fraction_reads_numbers_and_fractions():
    assert parse_fraction(0.5) == Fraction(1, 2)
    assert parse_fraction("2/3") == Fraction(2, 3)


def test_runs_count_back_from_the_latest_meeting():
    marks = [
        (1, "absent"), (1, "absent"), (1, "absent"), (1, "present"),  # 3 in a row: flagged
        (2, "absent"), (2, "absent"), (2, "present"), (2, "absent"),  # only 2 now
        (3, "present"), (3, "absent"), (3, "absent"), (3, "absent"),  # came back: not flagged
        (4, "absent"), (4, "excused"), (4, "absent"), (4, "absent"),  # an excuse ends the run
        (5, "absent"), (5, "absent"), (5, "absent"), (5, "absent"),  # 4 in a row
    ]
    assert unexcused_runs(marks, threshold=3) == {1: 3, 5: 4}
    assert unexcused_runs(marks, threshold=2) == {1: 3, 2: 2, 5: 4}
    assert unexcused_runs([], threshold=3) == {}


START = datetime(2027, 1, 14, 17, 30, tzinfo=UTC)  # 18 h 30 in Paris


@pytest.mark.parametrize(("now", "started"), [
    (START - timedelta(seconds=1), False),
    (START, True),  # from its start time on
    (START + timedelta(days=400), True),
    (START - timedelta(days=365), False),
])
def test_attendance_and_votes_only_once_the_meeting_has_started(now, started):
    assert has_started(START, now) is started
    assert (not_started_problem(START, now) is None) is started


def test_the_refusal_says_when_the_meeting_starts_in_french():
    message = not_started_problem(START, START - timedelta(days=30))
    assert message == ("La réunion n'a pas encore commencé (elle commence le jeudi 14 janvier 2027 "
                       "à 18 h 30) : la feuille de présence et les votes s'enregistrent une fois la "
                       "réunion commencée.")


START = datetime(2027, 1, 14, 17, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cancelled", "now", "edit", "attendance"),
    [
        (False, START - timedelta(minutes=1), None, "pas encore commencé"),
        (False, START, "a commencé ou est passée", None),
        (True, START - timedelta(days=1), "est annulée", "annulée n'a pas de feuille"),
        (True, START + timedelta(days=1), "est annulée", "annulée n'a pas de feuille"),
    ],
)
def test_what_may_change_before_and_after_a_meeting_starts(cancelled, now, edit, attendance):
    """Details change until the start, the register from the start on; a cancelled meeting
    has neither (one rule for the page's buttons and for the services' refusals)."""
    for problem, expected in ((edit_problem(cancelled, START, now), edit),
                              (attendance_problem(cancelled, START, now), attendance)):
        assert problem is None if expected is None else expected in problem


def test_minutes_need_a_meeting_held_and_a_text_to_publish():
    assert minutes_problem(True) == "Une réunion annulée n'a pas de compte rendu."
    assert minutes_problem(False) is None
    assert publish_problem(" \n ") == "Écrivez le compte rendu avant de le publier."
    assert publish_problem("Présents : 8") is None
