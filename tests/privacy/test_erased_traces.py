"""« Nom effacé partout »: once a member is anonymised (on request or at the end of the retention
period), their name leaves every free text, their attendance lines become counts on each meeting,
their named votes and delegations go; meetings and avis keep their numbers."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from council import dates
from council.auth.models import Role, User
from council.extensions import db
from council.meetings.models import Attendance, Meeting, MeetingKind, meeting_delegate
from council.meetings.services.attendance import attendance_register, quorum_status
from council.membership.models import Member, MemberStatus
from council.observations.models import Observation, ObservationEvent
from council.opinions import services as opinions
from council.opinions.models import Opinion, OpinionBallot
from council.opinions.voting import VoteChoice
from council.privacy.services import erase_person

SARAH = "sarah.benali@example.org"


@pytest.fixture
def sarah_on_record(app, make_sitting, make_user, make_opinion, make_observation, make_meeting):
    """Sarah Benali sat at a past plenary (present), voted against an avis by name (the dissent
    names her), is named in the minutes and in an observation's history, and was delegated to
    a steering committee."""
    sitting = make_sitting(members=10, present=7)
    sarah_id = sitting["present"][0]
    organiser = make_user(role=Role.ORGANISER)
    opinion_id = make_opinion(organiser.id)
    observation_id = make_observation(organiser.id)
    committee = make_meeting(days=20, kind=MeetingKind.STEERING_COMMITTEE,
                             delegate_ids=[sarah_id, sitting["present"][1]])
    with app.app_context():
        member = db.session.get(Member, sarah_id)
        member.first_name, member.last_name, member.email = "Sarah", "Benali", SARAH
        meeting = db.session.get(Meeting, sitting["meeting"])
        meeting.minutes_text = "Présent·es : Sarah Benali, Membre1 Essai.\nBENALI Sarah présente le budget."
        db.session.add(ObservationEvent(observation_id=observation_id, to_status=db.session.get(
            Observation, observation_id).status, note="Signalé par Sarah Bénali à la plénière."))
        opinion = db.session.get(Opinion, opinion_id)
        opinions.schedule(opinion, db.session.get(Meeting, sitting["meeting"]).agenda_items[1],
                          db.session.get(User, organiser.id))
        others = sitting["present"][1:]
        opinions.record_vote(
            opinion, db.session.get(User, organiser.id), text="Le conseil soutient ce projet.",
            dissent="Mme sarah benali craint un coût trop élevé.",
            ballots={sarah_id: VoteChoice.AGAINST, **{m: VoteChoice.FOR for m in others[:4]},
                     others[4]: VoteChoice.ABSTAIN})
        db.session.commit()
    return {"member": sarah_id, "meeting": sitting["meeting"], "opinion": opinion_id,
            "observation": observation_id, "committee": committee}


def _numbers(app, record):
    with app.app_context():
        meeting = db.session.get(Meeting, record["meeting"])
        opinion = db.session.get(Opinion, record["opinion"])
        quorum = quorum_status(meeting)
        return ((quorum.present, quorum.required, quorum.active),
                (opinion.votes_for, opinion.votes_against, opinion.votes_abstain,
                 opinion.present_count, opinion.quorum_required, opinion.status))


def test_erasure_keeps_counts_and_removes_the_person(app, make_user, sarah_on_record):
    before = _numbers(app, sarah_on_record)
    assert before[0] == (7, 6, 10) and before[1][:3] == (4, 1, 1)
    admin = make_user(role=Role.ADMIN)
    with app.app_context():
        report = erase_person(db.session.get(User, admin.id), SARAH)
        db.session.commit()
        assert report.counts["attendance_lines"] == 1 and report.counts["named_votes"] == 1
    assert _numbers(app, sarah_on_record) == before  # the quorum and the tallies are unchanged
    member_id = sarah_on_record["member"]
    with app.app_context():
        for model in (Attendance, OpinionBallot):
            assert not db.session.scalar(select(func.count()).select_from(model)
                                         .where(model.member_id == member_id))
        assert not db.session.scalar(select(func.count()).select_from(meeting_delegate)
                                     .where(meeting_delegate.c.member_id == member_id))
        meeting = db.session.get(Meeting, sarah_on_record["meeting"])
        assert meeting.erased_present == 1
        assert member_id not in {line.member.id for line in attendance_register(meeting)}
        assert meeting.minutes_text == ("Présent·es : [nom effacé], Membre1 Essai.\n"
                                        "[nom effacé] présente le budget.")
        opinion = db.session.get(Opinion, sarah_on_record["opinion"])
        assert opinion.dissent_text == "Mme [nom effacé] craint un coût trop élevé."
        note = db.session.scalar(select(ObservationEvent.note).where(
            ObservationEvent.observation_id == sarah_on_record["observation"],
            ObservationEvent.note != ""))
        assert note == "Signalé par [nom effacé] à la plénière."


def test_the_retention_purge_erases_the_traces_too(app, runner, sarah_on_record):
    before = _numbers(app, sarah_on_record)
    with app.app_context():
        member = db.session.get(Member, sarah_on_record["member"])
        member.status, member.status_changed_on = MemberStatus.RESIGNED, dates.today()
        db.session.commit()
    day = dates.today() + timedelta(days=app.config["RETENTION_FORMER_MEMBER_DAYS"] + 1)
    result = runner.invoke(args=["purge", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    assert "attendance_lines=1" in result.output and "named_votes=1" in result.output
    assert _numbers(app, sarah_on_record) == before
    with app.app_context():
        assert "Benali" not in db.session.get(Meeting, sarah_on_record["meeting"]).minutes_text


def test_the_register_page_counts_erased_members_without_names(app, client, login_as, make_user,
                                                               sarah_on_record):
    admin = make_user(role=Role.ADMIN)
    with app.app_context():
        erase_person(db.session.get(User, admin.id), SARAH)
        db.session.commit()
    login_as("organiser")
    page = client.get(f"/reunions/{sarah_on_record['meeting']}/presences").get_data(as_text=True)
    assert "Plus 1 membre dont les données ont été effacées" in " ".join(page.split())
    assert "Benali" not in page and "Ancien·ne membre" not in page
    assert "7 présent·es" in page  # the quorum line keeps its number
