"""`flask --app council remind`: who is reminded when (pure rules), and the command through a real
SMTP server on loopback: once per member and meeting however many runs (and two at once, as
two machines' cron lines), a refused recipient stops nobody and is tried again later, the
reminder is the meeting's iTIP REQUEST (text, HTML, calendar, the .ics attached) with the answer
links, ``--now`` is Paris time (and the event's times stay Paris times across a clock change),
a member who turned meeting mail off gets none, several councils with ``--all-councils``."""

from __future__ import annotations

import email
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from email import policy
from pathlib import Path

import icalendar
import pytest
import vobject
from sqlalchemy import select

from council.dates import PARIS
from council.extensions import db
from council.meetings.models import (
    AnswerChoice,
    Meeting,
    MeetingKind,
    ReminderSent,
    ReminderState,
    Visibility,
)
from council.meetings.rules import reminded_members, reminder_due, retry_due
from council.membership.models import Member
from tests.fixtures.mail import REFUSED, calendar_of, smtp_settings

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2027, 3, 10, 17, 30, tzinfo=UTC)


# --- pure rules ------------------------------------------------------------------------------

@pytest.mark.parametrize(("now", "cancelled", "due"), [
    (START - timedelta(hours=49), False, False),  # too early
    (START - timedelta(hours=48), False, True),  # exactly the delay
    (START - timedelta(minutes=1), False, True),
    (START, False, False),  # started: too late
    (START - timedelta(hours=3), True, False),  # cancelled
])
def test_a_meeting_is_reminded_within_the_delay_until_it_starts(now, cancelled, due):
    assert reminder_due(START, cancelled, now, 48) is due


def test_who_is_reminded():
    # 1 excused, 2 already reminded, 3 said « présent·e » (still reminded), 4 silent, 5 mail off
    assert reminded_members([1, 2, 3, 4, 5], excused={1}, already={2}, mail_off={5}) == [3, 4]


@pytest.mark.parametrize(("state", "attempts", "again"), [
    ("failed", 1, True), ("failed", 2, True), ("failed", 3, False),
    ("sent", 1, False), ("sending", 1, False),  # unknown outcome: never twice
])
def test_only_a_known_failure_is_tried_again(state, attempts, again):
    assert retry_due(state, attempts) is again


# --- the command, real SMTP ------------------------------------------------------------------

@pytest.fixture
def app_config(smtp):
    return smtp_settings(smtp[0].port)


def paris(moment: datetime) -> str:
    """``--now`` for an instant: its Paris wall-clock time."""
    return moment.astimezone(PARIS).strftime("%Y-%m-%d %H:%M")


def reminder_calendar(message) -> tuple[icalendar.Calendar, icalendar.Event]:
    """The reminder's ``text/calendar`` part, parsed by icalendar and read by vobject too (same
    UID, same start)."""
    data = calendar_of(message)
    parsed = icalendar.Calendar.from_ical(data)
    [event] = parsed.walk("VEVENT")
    card = vobject.readOne(data.decode())
    assert card.method.value == str(parsed["METHOD"])
    assert card.vevent.uid.value == str(event["UID"])
    assert card.vevent.dtstart.value == event.decoded("DTSTART")
    return parsed, event


def _starts(app, meeting_id) -> datetime:
    with app.app_context():
        return db.session.get(Meeting, meeting_id).starts_at


def _answer(app, member_id, meeting_id, choice):
    from council.meetings.services.answers import record_answer

    with app.app_context():
        record_answer(db.session.get(Meeting, meeting_id), db.session.get(Member, member_id),
                      AnswerChoice(choice), "")
        db.session.commit()


def _rows(app) -> list[tuple[int, str, int]]:
    with app.app_context():
        return [(row.member_id, row.state.value, row.attempts) for row in db.session.scalars(
            select(ReminderSent).order_by(ReminderSent.member_id))]  # the only council's


def test_each_member_is_reminded_once_with_the_ics_and_the_answer_link(app, runner, client, smtp,
                                                                      make_member, make_meeting):
    _controller, handler = smtp
    present = make_member(email="present@example.org")
    excused = make_member(email="excuse@example.org")
    silent = make_member(email="silence@example.org")
    make_member(email=None)  # no address: nobody to write to
    meeting = make_meeting(days=10, title="Plénière de printemps", agenda=("Budget",))
    make_meeting(days=20)  # too far
    _answer(app, present, meeting, "present")
    _answer(app, excused, meeting, "excused")
    now = paris(_starts(app, meeting) - timedelta(hours=30))

    result = runner.invoke(args=["remind", "--now", now])
    assert result.exit_code == 0, result.output
    assert "meetings=1 sent=2 failed=0" in result.output
    assert handler.recipients == ["present@example.org", "silence@example.org"]
    assert _rows(app) == [(present, "sent", 1), (silent, "sent", 1)]

    again = runner.invoke(args=["remind", "--now", now])  # the next cron run
    assert again.exit_code == 0 and "meetings=1 sent=0 failed=0" in again.output
    assert len(handler.envelopes) == 2

    message = email.message_from_bytes(handler.envelopes[0].content, policy=policy.default)
    assert message["Subject"] == "Conseil citoyen : rappel de réunion"
    body = message.get_body(("plain",)).get_content()
    assert "Rappel : une réunion" in body
    assert "Plénière de printemps" in body and "1. Budget" in body
    assert f"Tous les détails : http://conseil.test/reunions/{meeting}" in body
    link = next(line for line in body.splitlines() if line.startswith("Je serai excusé·e : "))
    link = link.removeprefix("Je serai excusé·e : ").strip()
    assert link.startswith("http://conseil.test/reunions/reponse/") and "@" not in link
    assert link.endswith("?choix=excused")
    # the iTIP builder's message: REQUEST at the current SEQUENCE, the .ics attached as well
    assert message.get_content_type() == "multipart/mixed"
    [attached] = list(message.iter_attachments())
    assert attached.get_content_type() == "application/ics" and attached.get_filename() == "invitation.ics"
    cal, event = reminder_calendar(message)
    assert str(cal["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 0
    assert str(event["UID"]) == f"reunion-{meeting}@conseil.test"
    assert str(event["SUMMARY"]) == "Plénière de printemps"
    assert event.decoded("DTSTART").astimezone(UTC) == _starts(app, meeting)
    assert attached.get_content() == calendar_of(message)
    # the link opens the answer page, without signing in
    page = client.get(link.removeprefix("http://conseil.test"))
    assert page.status_code == 200 and "Viendrez-vous à la réunion ?" in page.get_data(as_text=True)


def test_now_is_paris_time_and_the_delay_a_setting(app, runner, smtp, make_member, make_meeting):
    _controller, handler = smtp
    make_member(email="membre@example.org")
    meeting = make_meeting(days=10)
    starts = _starts(app, meeting)
    early = runner.invoke(args=["remind", "--now", paris(starts - timedelta(hours=48, minutes=1))])
    assert "meetings=0" in early.output and handler.recipients == []
    app.config["REMINDER_DELAY_HOURS"] = 72
    later = runner.invoke(args=["remind", "--now", paris(starts - timedelta(hours=48, minutes=1))])
    assert "meetings=1 sent=1" in later.output and handler.recipients == ["membre@example.org"]


def test_a_now_that_paris_clocks_skip_is_refused_in_french(runner):
    result = runner.invoke(args=["remind", "--now", "2027-03-28 02:30"])
    assert result.exit_code == 2 and "n'existe pas ce jour-là à Paris" in result.output


def test_cancelled_and_started_meetings_get_no_reminder(app, runner, smtp, make_member, make_meeting):
    _controller, handler = smtp
    make_member(email="membre@example.org")
    make_meeting(days=1, cancelled="Salle indisponible")
    make_meeting(days=0, clock=datetime.now(PARIS).time().replace(second=0, microsecond=0), hours=4)
    result = runner.invoke(args=["remind", "--now", paris(datetime.now(UTC) + timedelta(minutes=1))])
    assert result.exit_code == 0 and "meetings=0" in result.output and handler.recipients == []


def test_a_refused_recipient_stops_nobody_and_is_tried_again(app, runner, smtp, make_member, make_meeting,
                                                            caplog):
    _controller, handler = smtp
    before = make_member(email="avant@example.org", last_name="Arnaud")
    refused = make_member(email=REFUSED, last_name="Bernard")
    after = make_member(email="apres@example.org", last_name="Colin")
    meeting = make_meeting(days=10)
    now = paris(_starts(app, meeting) - timedelta(hours=30))
    first = runner.invoke(args=["remind", "--now", now])
    assert "sent=2 failed=1" in first.output
    assert handler.recipients == ["apres@example.org", "avant@example.org"]
    assert _rows(app) == sorted([(before, "sent", 1), (refused, "failed", 1), (after, "sent", 1)])
    for attempt in (2, 3, 3):  # tried again at the next runs, three times in all
        runner.invoke(args=["remind", "--now", now])
        assert (refused, "failed", attempt) in _rows(app)
    assert handler.recipients == ["apres@example.org", "avant@example.org"]
    log = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("council"))
    assert "meeting reminder" in log and "refuse@" not in log


def test_a_reminder_whose_outcome_is_unknown_is_not_sent_again(app, runner, smtp, make_member,
                                                               make_meeting):
    """The run stopped between the claim (committed) and the mail server's answer: at most once."""
    _controller, handler = smtp
    member = make_member(email="membre@example.org")
    meeting = make_meeting(days=10)
    with app.app_context():
        db.session.add(ReminderSent(meeting_id=meeting, member_id=member, state=ReminderState.SENDING))
        db.session.commit()
    runner.invoke(args=["remind", "--now", paris(_starts(app, meeting) - timedelta(hours=30))])
    assert handler.recipients == [] and _rows(app) == [(member, "sending", 1)]


def test_several_councils_need_a_choice_or_all_councils(app, runner, smtp, make_member, make_meeting):
    from council.councils.services import create_council
    from council.eligibility import College
    from council.meetings.models import MeetingKind, Visibility
    from council.meetings.services.meetings import MeetingData, create_meeting
    from council.tenancy import use_council

    _controller, handler = smtp
    make_member(email="argentan@example.org")
    meeting = make_meeting(days=10)
    starts = _starts(app, meeting)
    with app.app_context():
        flers = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"])
        db.session.commit()
        use_council(flers.id)
        db.session.add(Member(first_name="Flo", last_name="Flers", email="flers@example.org",
                              college=College.RESIDENT, joined_on=date(2025, 1, 1)))
        create_meeting(MeetingData(title="Plénière de Flers", kind=MeetingKind.PLENARY,
                                   starts_at=starts, ends_at=starts + timedelta(hours=2),
                                   place_name="Salle", place_address="", description="",
                                   visibility=Visibility.PUBLIC, agenda=[], delegate_ids=[]))
        db.session.commit()
    now = paris(starts - timedelta(hours=30))
    alone = runner.invoke(args=["remind", "--now", now])
    assert alone.exit_code == 1 and "--all-councils" in alone.output and handler.recipients == []
    one = runner.invoke(args=["remind", "--now", now, "--council", "flers"])
    assert "Reminders for flers: meetings=1 sent=1" in one.output
    assert handler.recipients == ["flers@example.org"]
    every = runner.invoke(args=["remind", "--now", now, "--all-councils"])
    assert every.exit_code == 0, every.output
    assert "sent=1" in every.output and "Reminders for flers: meetings=1 sent=0" in every.output
    assert handler.recipients == ["argentan@example.org", "flers@example.org"]
    # the links name the council's own host
    flers_mail = next(e for e in handler.envelopes if "flers@example.org" in e.rcpt_tos)
    assert b"http://flers.test/reunions/reponse/" in flers_mail.content


def test_two_runs_started_at_once_send_each_reminder_once(app, database_url, smtp, make_member,
                                                         make_meeting):
    """Two real processes, as two machines' cron lines (PostgreSQL: the advisory lock and the
    unique row; SQLite: the lock file and the unique row): every member gets one reminder."""
    _controller, handler = smtp
    addresses = [f"membre{n}@example.org" for n in range(6)]
    for address in addresses:
        make_member(email=address)
    meeting = make_meeting(days=10)
    env = {**os.environ, "DATABASE_URL": database_url, "COUNCIL_SECRET_KEY": "k" * 64,
           "COUNCIL_INSTANCE_PATH": app.instance_path, "PYTHONPATH": str(ROOT),
           "COUNCIL_SITE_HOST": "conseil.test", "COUNCIL_MAIL_BACKEND": "smtp",
           "COUNCIL_MAIL_SERVER": "127.0.0.1", "COUNCIL_MAIL_PORT": str(smtp[0].port),
           "COUNCIL_MAIL_USE_TLS": "false", "COUNCIL_MAIL_USE_SSL": "false"}
    command = [sys.executable, "-m", "flask", "--app", "council", "remind", "--now",
               paris(_starts(app, meeting) - timedelta(hours=30))]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert handler.recipients == sorted(addresses), outputs
    assert [state for _member, state, _attempts in _rows(app)] == ["sent"] * 6


def _last_sunday_of_march(year: int) -> date:
    day = date(year, 3, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def test_a_reminder_sent_before_the_clocks_change_says_the_meeting_s_paris_time(app, runner, smtp,
                                                                                make_member):
    """Sent on winter time (UTC+1) for a meeting on summer time (UTC+2): the event keeps 18:30 in
    Europe/Paris, in icalendar and in vobject, and the body says 18 h 30."""
    from council.meetings.rules import paris_instant
    from council.meetings.services.meetings import MeetingData, create_meeting

    _controller, handler = smtp
    make_member(email="membre@example.org")
    change = _last_sunday_of_march(date.today().year + 1)
    with app.app_context():
        start = paris_instant(change + timedelta(days=1), time(18, 30))
        meeting = create_meeting(MeetingData(
            title="Plénière d'après le changement d'heure", kind=MeetingKind.PLENARY,
            starts_at=start, ends_at=start + timedelta(hours=2), place_name="Maison du Citoyen",
            place_address="", description="", visibility=Visibility.PUBLIC, agenda=[],
            delegate_ids=[]))
        db.session.commit()
    now = paris_instant(change - timedelta(days=1), time(20, 0))
    assert now.astimezone(PARIS).utcoffset() == timedelta(hours=1)
    result = runner.invoke(args=["remind", "--now", paris(now)])
    assert "meetings=1 sent=1 failed=0" in result.output, result.output
    message = email.message_from_bytes(handler.envelopes[0].content, policy=policy.default)
    cal, event = reminder_calendar(message)
    begins = event.decoded("DTSTART")
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert (begins.hour, begins.minute) == (18, 30) and begins.utcoffset() == timedelta(hours=2)
    assert begins.astimezone(UTC) == start.astimezone(UTC)
    card = vobject.readOne(calendar_of(message).decode())
    assert card.vevent.dtstart.value.utcoffset() == timedelta(hours=2)
    zones = {component.name for component in cal.walk("VTIMEZONE")[0].subcomponents}
    assert zones == {"STANDARD", "DAYLIGHT"}
    assert "18 h 30" in message.get_body(("plain",)).get_content()
    assert meeting


def test_a_member_who_turned_meeting_mail_off_gets_no_reminder(app, runner, smtp, make_member,
                                                               make_meeting):
    _controller, handler = smtp
    make_member(email="off@example.org", invitations_by_email=False)
    make_member(email="on@example.org")
    meeting = make_meeting(days=10)
    result = runner.invoke(args=["remind", "--now", paris(_starts(app, meeting) - timedelta(hours=30))])
    assert "meetings=1 sent=1 failed=0" in result.output
    assert handler.recipients == ["on@example.org"]  # was: both (meetings_mail_off was empty)
