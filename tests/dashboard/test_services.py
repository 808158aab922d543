"""The dashboard's reads that are new in the areas' services, against the rules they mirror."""

from __future__ import annotations

from council.extensions import db

# Marks at the five meetings held, oldest first (P present, E excused, A absent, - no mark).
PATTERNS = {
    "three": "--AAA",
    "broken_by_excuse": "-AEAA",
    "present_between": "AAAPA",
    "present_last": "AAAAP",
    "four": "-AAAA",
    "five": "AAAAA",
}


def test_absence_runs_in_sql_agree_with_the_pure_rule(app, make_meeting, make_member):
    from council.meetings.models import Attendance, AttendanceStatus
    from council.meetings.services.attendance import absence_runs_in_sql, unexcused_absence_runs
    from council.membership.models import MemberStatus

    meetings = [make_meeting(days=-days) for days in (50, 40, 30, 20, 10)]
    cancelled = make_meeting(days=-5, cancelled="Salle indisponible")
    members = {name: make_member() for name in PATTERNS}
    gone = make_member(status=MemberStatus.RESIGNED)
    status = {"P": AttendanceStatus.PRESENT, "E": AttendanceStatus.EXCUSED, "A": AttendanceStatus.ABSENT}
    with app.app_context():
        for name, pattern in {**PATTERNS, "gone": "AAAAA"}.items():
            member_id = members.get(name, gone)
            for meeting_id, mark in zip(meetings, pattern, strict=True):
                if mark != "-":
                    db.session.add(Attendance(meeting_id=meeting_id, member_id=member_id,
                                              status=status[mark]))
        # a cancelled meeting's marks never count (none can be written there; a stale row must not)
        db.session.add(Attendance(meeting_id=cancelled, member_id=members["present_last"],
                                  status=AttendanceStatus.ABSENT))
        db.session.commit()
        expected = unexcused_absence_runs(threshold=3)
        found = {member.id: run for member, run in absence_runs_in_sql(threshold=3)}
    assert found == expected
    assert found == {members["three"]: 3, members["four"]: 4, members["five"]: 5}


def test_mandates_ending_counts_ended_and_coming_ones(app, make_member):
    from datetime import timedelta

    from council import dates
    from council.membership.models import MemberStatus
    from council.membership.services.roster import mandates_ending

    today = dates.today()
    soon, ended = make_member(mandate_ends_on=today + timedelta(days=60)), make_member(
        mandate_ends_on=today - timedelta(days=1))
    make_member(mandate_ends_on=today + timedelta(days=61))
    make_member(mandate_ends_on=None)
    make_member(mandate_ends_on=today, status=MemberStatus.RESIGNED)
    with app.app_context():
        count, members = mandates_ending(today + timedelta(days=60), limit=1)
        assert count == 2 and [m.id for m in members] == [ended]
        assert [m.id for m in mandates_ending(today + timedelta(days=60), limit=5)[1]] == [ended, soon]
