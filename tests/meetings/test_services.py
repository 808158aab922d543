"""Meeting services against a real database: editing, cancelling, attendance, quorum, runs."""

from datetime import timedelta

import pytest

from council.database import utcnow
from council.extensions import db
from council.meetings.models import AttendanceStatus, Meeting, MeetingKind, MinutesFormat, Visibility
from council.meetings.services.attendance import (
    attendance_register,
    quorum_status,
    record_attendance,
    unexcused_absence_runs,
)
from council.meetings.services.meetings import (
    MeetingData,
    MeetingLockedError,
    MinutesError,
    cancel_meeting,
    get_meeting,
    meetings_page,
    save_minutes,
    update_meeting,
)
from council.membership.models import MemberStatus
from tests.fixtures.meetings import paris_day

PRESENT, EXCUSED, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


def data_of(meeting: Meeting, **changes) -> MeetingData:
    values = dict(
        title=meeting.title, kind=meeting.kind, starts_at=meeting.starts_at,
        ends_at=meeting.ends_at, place_name=meeting.place_name,
        place_address=meeting.place_address, description=meeting.description,
        visibility=meeting.visibility,
        agenda=[(item.id, item.title) for item in meeting.agenda_items],
        delegate_ids=[m.id for m in meeting.delegates],
    )
    values.update(changes)
    return MeetingData(**values)


def test_moving_a_meeting_raises_its_sequence_but_a_new_title_does_not(app, make_meeting):
    meeting_id = make_meeting(days=10)
    with app.app_context():
        meeting = get_meeting(meeting_id)
        assert meeting.sequence == 0
        assert update_meeting(meeting, data_of(meeting, title="Nouveau titre")) == []
        assert meeting.sequence == 0
        changes = update_meeting(meeting, data_of(
            meeting, starts_at=meeting.starts_at + timedelta(days=1),
            ends_at=meeting.ends_at + timedelta(days=1)))
        assert meeting.sequence == 1 and changes[0].startswith("nouvel horaire")
        update_meeting(meeting, data_of(meeting, place_name="Espace Xavier Rousseau"))
        assert meeting.sequence == 2
        cancel_meeting(meeting, "Salle indisponible")
        assert meeting.sequence == 3 and meeting.is_cancelled


def test_agenda_items_keep_their_ids_when_edited_and_reordered(app, make_meeting):
    meeting_id = make_meeting(agenda=("Accueil", "Budget", "Divers"))
    with app.app_context():
        meeting = get_meeting(meeting_id)
        accueil, budget, divers = meeting.agenda_items
        update_meeting(meeting, data_of(meeting, agenda=[
            (budget.id, "Budget participatif"), (None, "Nouveau point"), (accueil.id, "Accueil"),
            (divers.id, "   "), (9999, "Point inconnu"),
        ]))
        db.session.commit()
        items = get_meeting(meeting_id).agenda_items
        assert [(i.position, i.title) for i in items] == [
            (1, "Budget participatif"), (2, "Nouveau point"), (3, "Accueil"), (4, "Point inconnu")]
        assert items[0].id == budget.id and items[2].id == accueil.id
        assert divers.id not in {i.id for i in items}


def test_delegates_are_kept_only_for_contract_instances(app, make_meeting, make_member):
    first, second = make_member(), make_member()
    meeting_id = make_meeting(kind=MeetingKind.STEERING_COMMITTEE, delegate_ids=[first, second])
    with app.app_context():
        meeting = get_meeting(meeting_id)
        assert {m.id for m in meeting.delegates} == {first, second}
        update_meeting(meeting, data_of(meeting, kind=MeetingKind.PLENARY))
        assert meeting.delegates == []


@pytest.mark.parametrize("action", ["edit", "cancel"])
def test_a_started_or_cancelled_meeting_is_locked(app, make_meeting, action):
    past_id = make_meeting(days=-1)
    cancelled_id = make_meeting(days=5, cancelled="Grève")
    with app.app_context():
        for meeting_id in (past_id, cancelled_id):
            meeting = get_meeting(meeting_id)
            with pytest.raises(MeetingLockedError):
                if action == "edit":
                    update_meeting(meeting, data_of(meeting, title="x"))
                else:
                    cancel_meeting(meeting, "x")


def test_list_shows_upcoming_soonest_first_then_past_latest_first(app, make_meeting):
    ids = {days: make_meeting(days=days) for days in (-30, 20, -2, 3)}
    members_only = make_meeting(days=4, visibility=Visibility.MEMBERS)
    with app.app_context():
        public = [m.id for m in meetings_page(False, 1, 10).items]
        assert public == [ids[3], ids[20], ids[-2], ids[-30]]
        everything = [m.id for m in meetings_page(True, 1, 10).items]
        assert everything == [ids[3], members_only, ids[20], ids[-2], ids[-30]]
        assert [m.id for m in meetings_page(True, 2, 2).items] == [ids[20], ids[-2]]


def test_register_lists_active_members_and_keeps_marks_of_former_ones(app, make_meeting, make_member):
    meeting_id = make_meeting(days=-1)
    alice = make_member(last_name="Arnaud")
    bruno = make_member(last_name="Bertin")
    make_member(last_name="Parti", status=MemberStatus.RESIGNED)
    with app.app_context():
        meeting = get_meeting(meeting_id)
        assert [line.member.id for line in attendance_register(meeting)] == [alice, bruno]
        record_attendance(meeting, {alice: PRESENT, bruno: EXCUSED}, None)
        db.session.commit()
        db.session.get(type(attendance_register(meeting)[1].member), bruno).status = MemberStatus.MOVED_OUT
        db.session.commit()
        lines = attendance_register(meeting)
        assert [(line.member.id, line.status) for line in lines] == [(alice, PRESENT), (bruno, EXCUSED)]
        assert record_attendance(meeting, {alice: None, bruno: EXCUSED}, None) == 1
        assert attendance_register(meeting)[0].status is None


def test_quorum_counts_present_members_against_active_ones(app, make_meeting, make_member):
    meeting_id = make_meeting(days=-1)
    members = [make_member() for _ in range(5)]
    make_member(status=MemberStatus.REMOVED)
    with app.app_context():
        meeting = get_meeting(meeting_id)
        record_attendance(meeting, {m: PRESENT for m in members[:2]} | {members[2]: EXCUSED}, None)
        status = quorum_status(meeting)
        assert (status.present, status.required, status.active, status.reached) == (2, 3, 5, False)
        record_attendance(meeting, {members[3]: PRESENT}, None)
        assert quorum_status(meeting).reached


def test_quorum_fraction_is_a_setting(app, make_meeting, make_member):
    app.config["QUORUM_FRACTION"] = "1/3"
    meeting_id = make_meeting(days=-1)
    for _ in range(6):
        make_member()
    with app.app_context():
        assert quorum_status(get_meeting(meeting_id)).required == 3


def test_unexcused_absence_runs_over_held_meetings_only(app, make_meeting, make_member, store_profile):
    keeps_missing, came_back, excused, resigned = (make_member() for _ in range(4))
    held = [make_meeting(days=d) for d in (-40, -30, -20, -10)]
    cancelled = make_meeting(days=-5, cancelled="Grève")
    future = make_meeting(days=5)
    plan = {
        keeps_missing: [PRESENT, ABSENT, ABSENT, ABSENT],
        came_back: [ABSENT, ABSENT, ABSENT, PRESENT],
        excused: [ABSENT, ABSENT, EXCUSED, ABSENT],
        resigned: [ABSENT, ABSENT, ABSENT, ABSENT],
    }
    with app.app_context():
        for index, meeting_id in enumerate(held):
            record_attendance(get_meeting(meeting_id),
                              {member: marks[index] for member, marks in plan.items()}, None)
        # marks on a cancelled or a future meeting never count
        from council.meetings.models import Attendance

        for meeting_id in (cancelled, future):
            db.session.add(Attendance(meeting_id=meeting_id, member_id=came_back, status=ABSENT))
        db.session.get(type(attendance_register(get_meeting(held[0]))[0].member), resigned).status = (
            MemberStatus.RESIGNED)
        db.session.commit()
        assert unexcused_absence_runs() == {keeps_missing: 3}
        assert unexcused_absence_runs(threshold=1) == {keeps_missing: 3, excused: 1}
        # limited to some members (a roster page): the others are not read
        assert unexcused_absence_runs(threshold=1, member_ids={excused, came_back}) == {excused: 1}
        assert unexcused_absence_runs(member_ids=[]) == {}
        store_profile(absence_run_threshold=2)  # the council's rule
        assert unexcused_absence_runs() == {keeps_missing: 3}
        assert unexcused_absence_runs(now=utcnow() - timedelta(days=15)) == {keeps_missing: 2, came_back: 3}


def test_cancelled_meetings_have_no_register(app, make_meeting, make_member):
    member = make_member()
    meeting_id = make_meeting(days=3, cancelled="Grève")
    with app.app_context(), pytest.raises(MeetingLockedError):
        record_attendance(get_meeting(meeting_id), {member: PRESENT}, None)


def test_paris_day_helper_is_aware():
    assert paris_day(0).tzinfo is not None


def test_the_service_refuses_to_publish_blank_minutes_and_keeps_the_draft(app, make_meeting):
    """The rule lives in the service (the CLI or another page cannot publish empty minutes)."""
    meeting_id = make_meeting(days=-1)
    with app.app_context():
        save_minutes(get_meeting(meeting_id), "Brouillon", MinutesFormat.TEXT, None)
        db.session.commit()
        with pytest.raises(MinutesError, match="avant de le publier"):
            save_minutes(get_meeting(meeting_id), "   ", MinutesFormat.TEXT, True)
        db.session.rollback()
        meeting = get_meeting(meeting_id)
        assert meeting.minutes_text == "Brouillon" and not meeting.minutes_published
        save_minutes(meeting, "   ", MinutesFormat.TEXT, None)  # saving a blank draft is fine
        assert meeting.minutes_text == "" and not meeting.minutes_published


def test_a_meeting_is_editable_exactly_when_the_services_accept_a_change(app, make_meeting):
    """The page's « Modifier » buttons and the services' refusal share one rule."""
    ids = {"future": make_meeting(days=3), "started": make_meeting(days=-1),
           "cancelled": make_meeting(days=3, cancelled="Salle indisponible")}
    with app.app_context():
        now = utcnow()
        for name, meeting_id in ids.items():
            meeting = get_meeting(meeting_id)
            assert meeting.is_editable(now) is (name == "future")
            if name != "future":
                with pytest.raises(MeetingLockedError):
                    update_meeting(meeting, data_of(meeting, title="Autre titre"), now)


def test_register_and_quorum_use_the_roster_of_the_meetings_day(app, make_meeting, make_member):
    """Held 5 days ago: a member who joined 2 days ago is not on its sheet, one who left since
    still is, one who left before is not; the quorum's base is that count, frozen with the first
    register, so later roster changes never rewrite the meeting."""
    from council import dates
    from council.membership.models import Member

    today = dates.today()
    meeting_id = make_meeting(days=-5)
    sitting = [make_member(last_name=f"Siège{n}") for n in range(4)]
    make_member(last_name="Arrivée", joined_on=today - timedelta(days=2))
    left_since = make_member(last_name="Partie", status=MemberStatus.RESIGNED,
                             status_changed_on=today - timedelta(days=1))
    make_member(last_name="Ancienne", status=MemberStatus.MOVED_OUT,
                status_changed_on=today - timedelta(days=30))
    with app.app_context():
        meeting = get_meeting(meeting_id)
        assert {line.member.id for line in attendance_register(meeting)} == {*sitting, left_since}
        assert quorum_status(meeting).active == 5 and meeting.active_count is None
        record_attendance(meeting, {m: PRESENT for m in sitting[:3]}, None)
        db.session.commit()
        assert meeting.active_count == 5
        status = quorum_status(meeting)
        assert (status.present, status.required, status.active, status.reached) == (3, 3, 5, True)
    # later: a member is backdated in, another leaves; the past meeting keeps its base
    make_member(last_name="Rétroactive", joined_on=today - timedelta(days=400))
    with app.app_context():
        member = db.session.get(Member, sitting[3])
        member.status, member.status_changed_on = MemberStatus.REMOVED, today - timedelta(days=10)
        db.session.commit()
        assert quorum_status(get_meeting(meeting_id)).active == 5
