"""The avis services: the vote with quorum and counts, freezing, versions, transmission, answer."""

from datetime import timedelta

import pytest

from council.auth.models import Role, User
from council.dates import to_paris
from council.extensions import db
from council.meetings.models import AttendanceStatus, Meeting
from council.meetings.services.attendance import record_attendance
from council.opinions import services
from council.opinions.lifecycle import OpinionStatus, TransitionError
from council.opinions.models import FrozenOpinionError, Opinion
from council.opinions.services import OpinionError
from council.opinions.voting import AdoptionRule, VoteChoice, VoteCount


@pytest.fixture
def meeting(make_sitting):
    """A plenary held yesterday, 15 active members, 10 present (quorum: 8)."""
    return make_sitting(members=15, present=10)


@pytest.fixture
def organiser(make_user):
    return make_user(role=Role.ORGANISER)


@pytest.fixture
def on_agenda(app, organiser, scheduled, make_opinion):
    opinion_id = make_opinion(organiser.id)
    scheduled(opinion_id)
    return opinion_id


def _vote(app, opinion_id, user_id, **kwargs):
    values = {"text": "Texte amendé.", "dissent": ""}
    values.update(kwargs)
    with app.app_context():
        result = services.record_vote(db.session.get(Opinion, opinion_id), db.session.get(User, user_id),
                                      **values)
        db.session.commit()
        return result


def _keep_present(app, meeting, present: int) -> None:
    """Mark absent, on the real register, all but the first ``present`` members present."""
    with app.app_context():
        record_attendance(db.session.get(Meeting, meeting["meeting"]),
                          {member_id: AttendanceStatus.ABSENT for member_id in meeting["present"][present:]},
                          None)
        db.session.commit()


def _opinion(app, opinion_id) -> Opinion:
    with app.app_context():
        opinion = db.session.get(Opinion, opinion_id)
        opinion.ballots, opinion.next_version  # noqa: B018 - loaded before the session closes
        return opinion


def test_adopted_with_the_majority_and_the_dissent_side_by_side(app, organiser, on_agenda):
    result = _vote(app, on_agenda, organiser.id, count=VoteCount(7, 2, 1),
                   dissent="Deux membres préfèrent un autre lieu.")
    assert result.adopted
    opinion = _opinion(app, on_agenda)
    assert opinion.status is OpinionStatus.ADOPTED
    assert (opinion.text, opinion.dissent_text) == ("Texte amendé.", "Deux membres préfèrent un autre lieu.")
    assert opinion.vote_count == VoteCount(7, 2, 1)
    assert (opinion.present_count, opinion.quorum_required, opinion.voted_by_id) == (10, 8, organiser.id)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"present": 5, "count": VoteCount(4, 1, 0)}, "Le quorum n'est pas atteint"),
    ({"count": VoteCount(8, 2, 1)}, "plus de votes que de présents"),
    ({"count": VoteCount(6, 2, 0)}, "résumez leurs positions divergentes"),
    ({"count": VoteCount(0, 0, 0)}, "Aucun vote"),
])
def test_a_vote_is_refused_and_nothing_changes(app, organiser, on_agenda, meeting, kwargs, message):
    if "present" in kwargs:
        kwargs = dict(kwargs)
        _keep_present(app, meeting, kwargs.pop("present"))
    with pytest.raises(OpinionError, match=message):
        _vote(app, on_agenda, organiser.id, **kwargs)
    opinion = _opinion(app, on_agenda)
    assert opinion.status is OpinionStatus.ON_AGENDA and opinion.voted_at is None


def test_rejected_when_the_rule_says_so(app, organiser, on_agenda):
    result = _vote(app, on_agenda, organiser.id, count=VoteCount(4, 4, 2))
    assert not result.adopted and _opinion(app, on_agenda).status is OpinionStatus.REJECTED


@pytest.mark.parametrize("app_config", [{"OPINION_ADOPTION_RULE": AdoptionRule.ABSOLUTE_MAJORITY.value}])
def test_the_adoption_rule_is_a_setting(app, organiser, on_agenda, app_config):
    result = _vote(app, on_agenda, organiser.id, count=VoteCount(5, 1, 4), dissent="Un contre.")
    assert not result.adopted  # 5 of 10 votes is not more than half


def test_each_present_members_vote(app, organiser, on_agenda, meeting):
    from council.eligibility import College
    from council.membership.models import Member

    with app.app_context():  # on the roster, not on the meeting's register
        absent = Member(first_name="Absent", last_name="Test", college=College.RESIDENT)
        db.session.add(absent)
        db.session.commit()
        absent_id = absent.id
    first, second, third = meeting["present"][:3]
    ballots = {first: VoteChoice.FOR, second: VoteChoice.FOR, absent_id: VoteChoice.AGAINST}
    with pytest.raises(OpinionError, match="Seuls les membres présents"):
        _vote(app, on_agenda, organiser.id, ballots=ballots, dissent="x")
    ballots = {first: VoteChoice.FOR, second: VoteChoice.FOR, third: VoteChoice.AGAINST}
    result = _vote(app, on_agenda, organiser.id, ballots=ballots, dissent="Une voix contre.")
    assert result.count == VoteCount(2, 1, 0) and result.adopted
    assert {b.member_id: b.choice for b in _opinion(app, on_agenda).ballots} == ballots


def test_only_organisers_record_the_vote(app, make_user, on_agenda):
    member = make_user(role=Role.MEMBER)
    with pytest.raises(TransitionError, match="Seuls les organisateurs"):
        _vote(app, on_agenda, member.id, count=VoteCount(5, 0, 0))


def test_a_draft_cannot_be_voted_before_being_on_the_agenda(app, organiser, make_opinion):
    opinion_id = make_opinion(organiser.id)
    with pytest.raises(TransitionError):
        _vote(app, opinion_id, organiser.id, count=VoteCount(5, 0, 0))


def test_a_voted_text_is_frozen_even_below_the_services(app, organiser, on_agenda):
    _vote(app, on_agenda, organiser.id, count=VoteCount(9, 0, 1))
    with app.app_context():
        opinion = db.session.get(Opinion, on_agenda)
        with pytest.raises(TransitionError, match="figé"):
            services.update_opinion(opinion, services.OpinionData(
                kind=opinion.kind, title="Autre", subject_project="x", carrier_type=opinion.carrier_type,
                text="x", partner_id=opinion.partner_id), db.session.get(User, organiser.id))
        db.session.rollback()
        opinion = db.session.get(Opinion, on_agenda)
        opinion.text = "Réécrit en douce"
        with pytest.raises(FrozenOpinionError):
            db.session.flush()
        db.session.rollback()
    assert _opinion(app, on_agenda).text == "Texte amendé."


def test_a_correction_is_a_new_version_linked_to_the_old(app, organiser, on_agenda):
    _vote(app, on_agenda, organiser.id, count=VoteCount(9, 0, 1))
    with app.app_context():
        user = db.session.get(User, organiser.id)
        copy = services.new_version(db.session.get(Opinion, on_agenda), user)
        db.session.commit()
        assert (copy.status, copy.version, copy.previous_version_id) == (OpinionStatus.DRAFT, 2, on_agenda)
        assert copy.text == "Texte amendé." and copy.dissent_text == ""
        assert [t.slug for t in copy.themes] == ["cohesion-sociale"]
        with pytest.raises(OpinionError, match="existe déjà"):
            services.new_version(db.session.get(Opinion, on_agenda), user)
    assert _opinion(app, on_agenda).status is OpinionStatus.ADOPTED


def test_transmission_then_answer_with_dates_in_order(app, organiser, on_agenda, meeting):
    with app.app_context():  # voted during yesterday's meeting
        held = db.session.get(Meeting, meeting["meeting"]).starts_at
    _vote(app, on_agenda, organiser.id, count=VoteCount(9, 0, 1), now=held + timedelta(hours=1))
    voted_on = to_paris(held).date()
    with app.app_context():
        user, opinion = db.session.get(User, organiser.id), db.session.get(Opinion, on_agenda)
        with pytest.raises(OpinionError, match="avant le vote"):
            services.transmit(opinion, voted_on - timedelta(days=30), user)
        with pytest.raises(TransitionError):
            services.record_answer(opinion, "Merci", voted_on, user)
        services.transmit(opinion, voted_on, user)
        with pytest.raises(OpinionError, match="avant la transmission"):
            services.record_answer(opinion, "Merci", voted_on - timedelta(days=1), user)
        services.record_answer(opinion, "Nous étudions votre avis.", voted_on + timedelta(days=1), user)
        db.session.commit()
        assert opinion.status is OpinionStatus.ANSWERED and opinion.answer_text == "Nous étudions votre avis."


def test_an_attendance_change_at_the_same_instant_is_counted_by_the_vote(app, organiser, on_agenda, meeting):
    """The vote counts who is present under the meeting's lock, which the attendance register
    takes too. Before, the present count was read before any lock and given to the service: a
    register saved meanwhile (7 of 10 present marked absent) left an avis adopted with a quorum
    the meeting no longer had. Here the register is saved first and commits only after the vote
    has read the old register; the vote must then count the new one and refuse."""
    import threading

    from council.opinions.services import vote_setting
    from tests.concurrency import TIMEOUT, is_postgresql

    read_before = threading.Event()
    outcome: dict = {}

    def vote() -> None:
        with app.app_context():
            opinion = db.session.get(Opinion, on_agenda)
            outcome["read"] = vote_setting(opinion).quorum.present  # what the vote page showed
            read_before.set()
            try:
                services.record_vote(opinion, db.session.get(User, organiser.id), text="Texte.",
                                     count=VoteCount(9, 0, 1))
                db.session.commit()
                outcome["adopted"] = True
            except OpinionError as error:
                db.session.rollback()
                outcome["refused"] = str(error)

    with app.app_context():
        record_attendance(db.session.get(Meeting, meeting["meeting"]),
                          {member_id: AttendanceStatus.ABSENT for member_id in meeting["present"][3:]}, None)
        voter = threading.Thread(target=vote, daemon=True)
        voter.start()
        if is_postgresql(app):  # SQLite: the vote cannot even read before this commits
            assert read_before.wait(TIMEOUT)
        db.session.commit()
    voter.join(TIMEOUT)
    assert not voter.is_alive()
    if is_postgresql(app):
        assert outcome["read"] == 10
    assert "adopted" not in outcome
    assert "Le quorum n'est pas atteint : 3 membres présents pour 8 requis." in outcome["refused"]
    assert _opinion(app, on_agenda).status is OpinionStatus.ON_AGENDA


def test_what_waits_for_an_answer_is_late_after_the_observations_delay(app, organiser, on_agenda):
    _vote(app, on_agenda, organiser.id, count=VoteCount(9, 0, 1))
    with app.app_context():
        opinion = db.session.get(Opinion, on_agenda)
        transmitted_on = to_paris(opinion.voted_at).date()
        services.transmit(opinion, transmitted_on, db.session.get(User, organiser.id))
        db.session.commit()
        waits = [services.awaiting_answers(transmitted_on + timedelta(days=days), 30)[1]
                 for days in (30, 31)]
    assert [(row.item.id, row.days, row.overdue) for rows in waits for row in rows] == [
        (on_agenda, 30, False), (on_agenda, 31, True)]


def test_a_vote_typed_in_days_later_is_dated_by_its_meeting(app, organiser, make_opinion, make_sitting):
    """Voted at the meeting a week ago, typed in today: adopted on the meeting's day; the typing
    time stays in ``voted_at`` (the history); a transmission between the two days is accepted."""
    from council.meetings.services.meetings import get_agenda_item

    sitting = make_sitting(days=-7)
    opinion_id = make_opinion(organiser.id)
    with app.app_context():
        user = db.session.get(User, organiser.id)
        services.schedule(db.session.get(Opinion, opinion_id), get_agenda_item(sitting["items"][1]), user)
        db.session.commit()
        held = db.session.get(Meeting, sitting["meeting"]).starts_at
    _vote(app, opinion_id, organiser.id, count=VoteCount(6, 0, 1))
    with app.app_context():
        opinion = db.session.get(Opinion, opinion_id)
        assert opinion.adopted_on == to_paris(held).date()
        assert to_paris(opinion.voted_at).date() == to_paris(held).date() + timedelta(days=7)
        assert opinion.recorded_later
        user = db.session.get(User, organiser.id)
        services.transmit(opinion, to_paris(held).date() + timedelta(days=1), user)
        db.session.commit()
        assert opinion.status is OpinionStatus.TRANSMITTED
