"""The demo data gives a council to try every membership page with."""

from datetime import date

import pytest
from sqlalchemy import func, select

from council import dates
from council.eligibility import College, age_on
from council.extensions import db
from council.membership.composition import Thresholds, assess
from council.membership.models import Application, ApplicationStatus, Member, MemberStatus
from council.membership.services.roster import composition


def test_demo_data_seeds_the_roster_applications_and_substitutes(app, runner):
    assert runner.invoke(args=["demo-data", "--password", "Vive le bocage normand 61"]).exit_code == 0
    with app.app_context():
        active = db.session.scalar(select(func.count(Member.id)).where(Member.status == MemberStatus.ACTIVE))
        assert active == 17
        linked = db.session.scalar(select(Member).where(Member.email == "membre@example.org"))
        assert linked.user.email == "membre@example.org" and linked.college is College.RESIDENT
        pending = db.session.scalars(select(Application).where(
            Application.status == ApplicationStatus.PENDING)).all()
        ages = sorted(age_on(a.birth_date, dates.today()) for a in pending)
        assert ages[:2] == [16, 17]
        assert all(a.email.endswith("@example.org") for a in pending)
        counts = composition()
        assert assess(counts, Thresholds.from_config(app.config)) == []  # a sound council
        assert counts.substitutes == {College.RESIDENT: 2}
        decided = db.session.scalars(select(Application).where(
            Application.status != ApplicationStatus.PENDING)).all()
        assert decided and all(  # decided: only « had the minimum age on … » stays
            a.birth_date is None and a.motivation is None and a.consented_at is None
            and a.min_age_checked_on == dates.today() for a in decided)
        actors = db.session.scalars(select(Application).where(
            Application.college == College.LOCAL_ACTOR)).all()
        assert actors and all(a.gender is None and a.address is None for a in actors)


def test_the_demo_is_coherent_with_today_and_plainly_fictitious(app, runner):
    """Dates relative to today, no silently expired mandate, meetings on days a council meets,
    phones only from the ranges ARCEP reserves for fiction, e-mails only @example.org."""
    from council.meetings.models import Meeting, MeetingKind
    from council.membership.demo import FICTION_PHONE_PREFIXES
    from council.observations.models import Observation

    assert runner.invoke(args=["demo-data", "--password", "Vive le bocage normand 61"]).exit_code == 0
    today = dates.today()
    with app.app_context():
        members = db.session.scalars(select(Member)).all()
        for member in members:
            assert member.joined_on <= today
            if member.status is MemberStatus.ACTIVE:
                assert member.mandate_ends_on is None or member.mandate_ends_on > today, member
            assert member.phone is None or member.phone.startswith(FICTION_PHONE_PREFIXES), member.phone
            assert member.email.endswith("@example.org")
            assert member.structure_name is None or "(fictif" in member.structure_name \
                or "(fictive)" in member.structure_name
        meetings = db.session.scalars(select(Meeting)).all()
        for meeting in meetings:
            day = dates.to_paris(meeting.starts_at).date()
            assert day.weekday() != 6 and (day.month, day.day) not in {(12, 24), (12, 31)}, meeting
        plenaries = [m.starts_at for m in meetings if m.kind is MeetingKind.PLENARY]
        assert len(plenaries) == len(set(plenaries))
        contacts = db.session.scalars(select(Observation.resident_contact)).all()
        phones = [c for c in contacts if c and "@" not in c]
        assert phones and all(p.startswith(FICTION_PHONE_PREFIXES) for p in phones)
        assert all(c.endswith("@example.org") for c in contacts if c and "@" in c)


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 12, 24), date(2026, 12, 26)),  # Thursday 24 → (not 25) Saturday 26
    (date(2026, 12, 27), date(2026, 12, 28)),  # Sunday → Monday
    (date(2026, 12, 31), date(2027, 1, 2)),    # 31/12 and 1/1 → Saturday 2
    (date(2026, 12, 2), date(2026, 12, 2)),
])
def test_meeting_day_table(day, expected):
    from council.meetings.demo import meeting_day

    assert meeting_day(day) == expected
