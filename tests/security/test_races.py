"""Two (or five) requests at the same instant, each on its own database connection: every state
change happens once, the others are refused in French, and nothing ends in a 500.

Run on SQLite and on PostgreSQL (COUNCIL_TEST_DATABASE_URL); see ``tests/concurrency.py`` for how
the requests are made to read the same state before either writes. On PostgreSQL, each of these
failed before the rows were locked (two confirmed opposite votes, two closures, four duplicate
applications, a 500 for the second new version or the second register).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from council import dates
from council.audit.models import AuditEntry
from council.auth.models import Role, User
from council.eligibility import College
from council.extensions import db
from council.meetings.models import Attendance
from council.membership.models import Application, ApplicationStatus, Member
from council.observations.lifecycle import ObservationStatus
from council.observations.models import Observation, ObservationEvent
from council.opinions.lifecycle import OpinionStatus
from council.opinions.models import Opinion
from council.opinions.voting import VoteCount
from tests.concurrency import at_once, is_postgresql
from tests.conftest import PASSWORD
from tests.fixtures.applications import resident_form

ROUNDS = 3


@pytest.fixture
def signed_in(app, make_user):
    """Factory: a new test client signed in as a new account of ``role``."""
    def sign_in(role: Role):
        user = make_user(role=role)
        client = app.test_client()
        response = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        return client, user
    return sign_in


def _count(app, query) -> int:
    with app.app_context():
        return db.session.scalar(query)


def _assert_met(app, race) -> None:
    """On PostgreSQL the requests really did read the same state before writing."""
    if is_postgresql(app):
        assert race.met, "the requests did not meet after reading: the race was not run"


def _schedule(app, opinion_id: int, item_id: int, user_id: int) -> None:
    from council.meetings.services.meetings import get_agenda_item
    from council.opinions import services

    with app.app_context():
        services.schedule(db.session.get(Opinion, opinion_id), get_agenda_item(item_id),
                          db.session.get(User, user_id))
        db.session.commit()


def _votes(votes_for: int, against: int, abstain: int) -> dict:
    return {"method": "counts", "votes_for": str(votes_for), "votes_against": str(against),
            "votes_abstain": str(abstain), "text": "Le conseil soutient le café des parents.",
            "dissent_text": "Des membres préfèrent un autre lieu."}


def test_opposite_votes_at_the_same_instant_one_is_recorded_the_other_refused(app, signed_in, make_opinion,
                                                                              make_sitting):
    (first, organiser), (second, _other) = signed_in(Role.ORGANISER), signed_in(Role.ORGANISER)
    meeting = make_sitting(members=10, present=7)
    for _ in range(ROUNDS):
        opinion_id = make_opinion(organiser.id)
        _schedule(app, opinion_id, meeting["items"][1], organiser.id)
        path = f"/avis/{opinion_id}/vote"
        race = at_once(app, [(first, path, _votes(6, 1, 0)), (second, path, _votes(1, 6, 0))],
                       meet_after="opinion")
        _assert_met(app, race)
        assert race.count("Vote enregistré :") == 1, race
        assert race.count("Impossible d'adopter un avis") == 1
        with app.app_context():
            opinion = db.session.get(Opinion, opinion_id)
            winner = 0 if "Vote enregistré : avis adopté" in race.outcomes[0].text else 1
            expected = [(OpinionStatus.ADOPTED, VoteCount(6, 1, 0)),
                        (OpinionStatus.REJECTED, VoteCount(1, 6, 0))][winner]
            assert (opinion.status, opinion.vote_count) == expected
            assert "Vote enregistré" in race.outcomes[winner].text
        assert _count(app, select(func.count()).select_from(AuditEntry).where(
            AuditEntry.target_type == "opinion", AuditEntry.target_id == opinion_id)) == 1


def test_an_observation_closed_twice_at_once_is_closed_once(app, signed_in, make_observation):
    (first, member), (second, _other) = signed_in(Role.MEMBER), signed_in(Role.MEMBER)
    for _ in range(ROUNDS):
        observation_id = make_observation(member.id)
        close = {"close-reason": "resolved", "close-note": "Réparé."}
        path = f"/observations/{observation_id}/cloture"
        race = at_once(app, [(first, path, close), (second, path, close)], meet_after="observation")
        _assert_met(app, race)
        assert race.count(": close.") == 1, race
        assert race.count("Impossible de clore une observation « close »") == 1
        assert _count(app, select(func.count()).select_from(ObservationEvent).where(
            ObservationEvent.observation_id == observation_id,
            ObservationEvent.to_status == ObservationStatus.CLOSED)) == 1
        with app.app_context():
            assert db.session.get(Observation, observation_id).status is ObservationStatus.CLOSED


def test_five_identical_applications_at_once_leave_one_pending(app):
    app.config["APPLICATION_RATE_LIMIT"] = "1000 per hour"
    clients = [app.test_client() for _ in range(5)]
    for _ in range(ROUNDS):
        form = resident_form()
        race = at_once(app, [(client, "/candidature", form) for client in clients],
                       meet_after="application")
        _assert_met(app, race)
        assert sorted(outcome.path for outcome in race.outcomes) == [
            *["/candidature"] * 4, "/candidature/envoyee"], race
        assert race.count("Une candidature avec cette adresse e-mail est déjà en cours d'examen.") == 4
        assert _count(app, select(func.count()).select_from(Application).where(
            Application.email == form["email"], Application.status == ApplicationStatus.PENDING)) == 1


def test_two_new_versions_at_once_make_one(app, signed_in, make_user, make_opinion, make_sitting):
    (first, _member), (second, _other) = signed_in(Role.MEMBER), signed_in(Role.MEMBER)
    organiser = make_user(role=Role.ORGANISER)
    meeting = make_sitting(members=10, present=7)
    for _ in range(ROUNDS):
        opinion_id = make_opinion(organiser.id)
        _schedule(app, opinion_id, meeting["items"][1], organiser.id)
        with app.app_context():
            from council.opinions import services

            services.record_vote(db.session.get(Opinion, opinion_id), db.session.get(User, organiser.id),
                                 text="Texte voté.", dissent="", count=VoteCount(7, 0, 0))
            db.session.commit()
        path = f"/avis/{opinion_id}/nouvelle-version"
        race = at_once(app, [(first, path, None), (second, path, None)], meet_after="opinion")
        _assert_met(app, race)
        assert race.count("Version 2 créée en brouillon") == 1, race
        assert race.count("Une nouvelle version existe déjà") == 1
        assert _count(app, select(func.count()).select_from(Opinion).where(
            Opinion.previous_version_id == opinion_id)) == 1


def test_two_registers_saved_at_once_leave_one_line_per_member(app, signed_in, make_sitting):
    (first, _organiser), (second, _other) = signed_in(Role.ORGANISER), signed_in(Role.ORGANISER)
    for _ in range(ROUNDS):
        meeting_id = make_sitting(agenda=("Accueil",), members=0, present=0)["meeting"]
        with app.app_context():
            # on the roster before the meeting's day: its sheet lists the members of that day
            roster = [Member(first_name=f"Présente{n}", last_name="Course", college=College.RESIDENT,
                             joined_on=dates.today() - timedelta(days=30)) for n in range(4)]
            db.session.add_all(roster)
            db.session.commit()
            member_ids = [member.id for member in roster]
        marks = [{f"member_{m}": status for m in member_ids} for status in ("present", "excused")]
        path = f"/reunions/{meeting_id}/presences"
        race = at_once(app, [(first, path, marks[0]), (second, path, marks[1])], meet_after="attendance")
        _assert_met(app, race)
        assert race.count("La feuille de présence est enregistrée.") == 2, race
        with app.app_context():
            lines = list(db.session.scalars(select(Attendance).where(
                Attendance.meeting_id == meeting_id, Attendance.member_id.in_(member_ids))))
        assert sorted(line.member_id for line in lines) == sorted(member_ids)  # one line each
        assert len({line.status for line in lines}) == 1  # one register won whole, not a mix


def test_a_departure_recorded_twice_at_once_is_recorded_once(app, signed_in):
    (first, _organiser), (second, _other) = signed_in(Role.ORGANISER), signed_in(Role.ORGANISER)
    for round_number in range(ROUNDS):
        with app.app_context():
            member = Member(first_name=f"Partant{round_number}", last_name="Course", college=College.RESIDENT)
            db.session.add(member)
            db.session.commit()
            member_id = member.id
        path = f"/membres/{member_id}/depart"
        race = at_once(app, [(first, path, {"status": "resigned", "left_on": "2026-10-31"}),
                             (second, path, {"status": "moved_out", "left_on": "2026-11-02"})],
                       meet_after="member")
        _assert_met(app, race)
        assert race.count("est enregistré.") == 1, race
        assert race.count("Ce membre a déjà quitté le conseil") == 1, race
        assert _count(app, select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "member.leave", AuditEntry.target_id == member_id)) == 1
