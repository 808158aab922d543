"""`flask --app council purge`: each retention period applied, with dates moved forward."""

from datetime import date, timedelta

from sqlalchemy import func, select

from council import dates
from council.audit.models import AuditEntry
from council.auth.models import Role, User
from council.extensions import db
from council.meetings.models import Attendance, AttendanceStatus, Meeting
from council.membership.models import Application, ApplicationStatus, Member, MemberStatus


def _purge(runner, days_ahead: int):
    day = dates.today() + timedelta(days=days_ahead)
    result = runner.invoke(args=["purge", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def _applications(app, status):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Application)
                                 .where(Application.status == status))


def test_pending_applications_go_after_six_months(app, runner, make_application):
    make_application()
    _purge(runner, 180)
    assert _applications(app, ApplicationStatus.PENDING) == 1
    output = _purge(runner, 185)
    assert _applications(app, ApplicationStatus.PENDING) == 0
    assert "pending_applications=1" in output


def test_rejected_applications_go_a_month_after_the_refusal(app, runner, make_user, make_application):
    from council.membership.services.applications import reject

    application_id = make_application()
    organiser = make_user(role=Role.ORGANISER)
    with app.app_context():
        reject(db.session.get(Application, application_id), db.session.get(User, organiser.id),
               "Le quartier indiqué n'est pas un quartier prioritaire.")
        db.session.commit()
    _purge(runner, 25)
    assert _applications(app, ApplicationStatus.REJECTED) == 1
    _purge(runner, 35)
    assert _applications(app, ApplicationStatus.REJECTED) == 0


def test_former_members_are_anonymised_a_year_after_leaving(app, runner, make_meeting, make_member):
    left = dates.today() - timedelta(days=10)
    leaver = make_member(first_name="Yasmine", last_name="Haddad",
                         status=MemberStatus.RESIGNED, status_changed_on=left,
                         status_reason="Déménagement à Caen")
    stayer = make_member(first_name="Hugo", last_name="Lambert")
    meeting = make_meeting(days=3)
    with app.app_context():
        db.session.add(Attendance(meeting_id=meeting, member_id=leaver,
                                  status=AttendanceStatus.PRESENT))
        db.session.commit()
    _purge(runner, 300)
    with app.app_context():
        assert db.session.get(Member, leaver).last_name == "Haddad"
    output = _purge(runner, 360)
    assert "members=1" in output
    with app.app_context():
        member = db.session.get(Member, leaver)
        assert (member.first_name, member.last_name) == ("Ancien·ne membre", f"n° {leaver}")
        assert member.email is None and member.address is None and member.status_reason is None
        assert member.anonymised_at is not None
        assert db.session.get(Member, stayer).last_name == "Lambert"
        # the attendance register keeps its count, not the person's line
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0
        assert db.session.get(Meeting, meeting).erased_present == 1
    assert "members=0" in _purge(runner, 400) or "members" not in _purge(runner, 400)


def test_purge_is_audited_without_personal_data(app, runner, make_application):
    make_application(last_name="Nguyen")
    _purge(runner, 200)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.purge"))
        assert entry.actor_id is None and "pending_applications=1" in entry.note
        assert "Nguyen" not in entry.note


def test_settings_change_the_periods(app, runner, make_application):
    app.config["RETENTION_PENDING_APPLICATION_DAYS"] = 10
    make_application()
    _purge(runner, 11)
    assert _applications(app, ApplicationStatus.PENDING) == 0


def test_bad_dates_are_refused_cleanly(runner):
    result = runner.invoke(args=["purge", "--today", "2026-02-30"])
    assert result.exit_code != 0 and "Invalid value" in result.output


def test_purge_today_keeps_recent_data(app, runner, make_application):
    make_application()
    assert "nothing" in _purge(runner, 0) or "=0" in _purge(runner, 0)
    assert _applications(app, ApplicationStatus.PENDING) == 1
    assert date.today()  # the run used the real date


def test_resident_contacts_go_three_months_after_closing(app, runner, make_user, make_observation):
    from datetime import UTC, datetime

    from council.observations.models import Observation

    member = make_user()
    closed = make_observation(member.id, contact=True)
    still_open = make_observation(member.id, contact=True)
    with app.app_context():
        db.session.get(Observation, closed).closed_at = datetime.now(UTC) - timedelta(days=10)
        db.session.commit()
    _purge(runner, 60)
    with app.app_context():
        assert db.session.get(Observation, closed).resident_contact == "06 12 34 56 78"
    output = _purge(runner, 90)
    assert "observation_contacts=1" in output
    with app.app_context():
        observation = db.session.get(Observation, closed)
        assert observation.resident_name is None and observation.resident_contact is None
        assert observation.contact_consent_at is None and observation.description  # the rest stays
        assert db.session.get(Observation, still_open).resident_name == "Yvette Lanier"


def test_a_dry_run_prints_what_would_go_and_deletes_nothing(app, runner, make_application):
    make_application()
    make_application()
    day = (dates.today() + timedelta(days=185)).isoformat()
    result = runner.invoke(args=["purge", "--today", day, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run, nothing erased" in result.output and "pending_applications=2" in result.output
    assert _applications(app, ApplicationStatus.PENDING) == 2
    with app.app_context():  # not even the audit entry of a purge
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "privacy.purge")) == 0
    assert "pending_applications=2" in _purge(runner, 185)  # the real run erases the same
    assert _applications(app, ApplicationStatus.PENDING) == 0


def test_the_help_says_today_deletes_for_real(runner):
    help_text = " ".join(runner.invoke(args=["purge", "--help"]).output.split())
    assert "DELETES for real" in help_text and "--dry-run" in help_text


def test_each_purge_is_recorded_with_its_day_and_counts(app, make_application):
    from council.privacy.models import RetentionRun
    from council.privacy.retention import Retention
    from council.privacy.services import purge

    make_application()
    day = dates.today() + timedelta(days=185)
    with app.app_context():
        report = purge(day, Retention.from_config(app.config))
        db.session.commit()
        run = db.session.scalar(select(RetentionRun))
        assert run.purge_day == day and run.started_at <= run.finished_at
        assert run.counts["pending_applications"] == 1 and run.counts == report.counts
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.purge"))
        assert entry.note == "pending_applications=1"  # kinds with nothing are left out
