"""Members' answers before a meeting: the pure rules, the signed link (a GET changes nothing, the
POST records; refused in French when altered, of another purpose, of another council, expired),
the meeting page for a signed-in member, the organiser's overview and quorum outlook, and the
attendance sheet that starts from the answers."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from council.auth.tokens import make_token
from council.extensions import db
from council.meetings.answer_tokens import make_answer_token, read_answer_token
from council.meetings.models import (
    AnswerChoice,
    AttendanceStatus,
    Meeting,
    MeetingAnswer,
    MeetingKind,
)
from council.meetings.rules import QuorumOutlook, answer_problem
from council.membership.models import Member, MemberStatus
from council.tenancy import current_council_id, use_council
from tests.fixtures.text import page_text as _page_text

START = datetime(2027, 3, 10, 17, 30, tzinfo=UTC)


def page_text(response) -> str:
    """The page's words, tags taken out, spaces made one."""
    return " ".join(re.sub(r"<[^>]+>", " ", _page_text(response)).split())


# --- pure rules ------------------------------------------------------------------------------

def test_answers_are_taken_until_the_meeting_starts_and_never_for_a_cancelled_one():
    assert answer_problem(False, START, START - timedelta(minutes=1)) is None
    assert "a commencé" in answer_problem(False, START, START)
    assert "annulée" in answer_problem(True, START, START - timedelta(days=3))


@pytest.mark.parametrize(("outlook", "verdict", "estimate"), [
    # 10 sitting, 6 needed; 6 said « présent·e »: the announced presences are enough
    (QuorumOutlook(sitting=10, required=6, present=6), "announced", None),
    # 3 present, 2 excused, 5 silent at 60 %: 3 + 3 = 6, likely
    (QuorumOutlook(sitting=10, required=6, present=3, excused=2, recent_present=6,
                   recent_sitting=10), "likely", 6),
    # 3 present, 2 excused, 5 silent at 40 %: 3 + 2 = 5, doubtful
    (QuorumOutlook(sitting=10, required=6, present=3, excused=2, recent_present=4,
                   recent_sitting=10), "doubtful", 5),
    # 5 excused: even all the others would not make it
    (QuorumOutlook(sitting=10, required=6, present=1, excused=5), "impossible", None),
    # everyone answered, no history needed: 5 present of 6 required
    (QuorumOutlook(sitting=10, required=6, present=5, excused=5), "impossible", 5),
    # some silent, no history: possible, no estimate
    (QuorumOutlook(sitting=10, required=6, present=2), "unknown", None),
])
def test_the_quorum_expected_counts_the_answers(outlook, verdict, estimate):
    assert outlook.verdict == verdict
    assert outlook.estimate == estimate


# --- the signed token, alone ----------------------------------------------------------------

def test_a_token_names_member_meeting_and_council_and_nothing_else():
    token = make_answer_token("k" * 32, 7, 12, 1)
    grant = read_answer_token("k" * 32, token)
    assert (grant.member_id, grant.meeting_id, grant.council_id) == (7, 12, 1)
    assert "@" not in token
    assert read_answer_token("another key" * 3, token) is None
    assert read_answer_token("k" * 32, token[:-2] + "xx") is None


def test_a_token_of_another_purpose_is_refused():
    assert read_answer_token("k" * 32, make_answer_token("k" * 32, 7, 12, 1, purpose="unsubscribe")) is None
    # a password-reset token of the same app, same key: another salt
    assert read_answer_token("k" * 32, make_token("k" * 32, "password-reset", 7, "x")) is None


# --- through the app -------------------------------------------------------------------------

@pytest.fixture
def link(app):
    """``link(member_id, meeting_id)`` → the path of the member's answer link."""
    from council.meetings.services.answers import answer_link

    def factory(member_id: int, meeting_id: int) -> str:
        with app.test_request_context():
            url = answer_link(db.session.get(Member, member_id), db.session.get(Meeting, meeting_id))
        assert url.startswith("http://conseil.test/reunions/reponse/")
        return url.removeprefix("http://conseil.test")

    return factory


def _answers(app, council_id: int | None = None) -> list[tuple[int, str, str]]:
    """The answers recorded in one council (default: the only one)."""
    with app.app_context():
        if council_id is not None:
            use_council(council_id)
        return [(a.member_id, a.choice.value, a.word)
                for a in db.session.scalars(select(MeetingAnswer).order_by(MeetingAnswer.id))]


def test_the_link_shows_the_choice_and_a_get_records_nothing(app, client, make_member, make_meeting, link):
    member = make_member()
    meeting = make_meeting(days=5, title="Plénière de mars")
    path = link(member, meeting)
    response = client.get(path + "?choix=excused")
    text = page_text(response)
    assert response.status_code == 200
    assert "Viendrez-vous à la réunion ?" in text and "Plénière de mars" in text
    assert "Rien n'est enregistré tant que vous n'avez pas appuyé sur le bouton" in text
    html = response.get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="excused"|value="excused"[^>]*checked', html)
    assert _answers(app) == []


def test_the_link_records_the_answer_and_it_may_change_until_the_start(app, client, make_member,
                                                                      make_meeting, link):
    member = make_member()
    meeting = make_meeting(days=5)
    path = link(member, meeting)
    response = client.post(path, data={"choice": "present", "word": ""}, follow_redirects=True)
    assert "Votre réponse est enregistrée : vous serez présent·e." in page_text(response)
    response = client.post(path, data={"choice": "excused", "word": "  Garde d'enfant  "},
                           follow_redirects=True)
    assert "vous serez excusé·e" in page_text(response)
    assert _answers(app) == [(member, "excused", "Garde d'enfant")]


def test_the_link_keeps_what_was_typed_and_says_what_is_wrong(app, client, make_member, make_meeting, link):
    path = link(make_member(), make_meeting(days=5))
    response = client.post(path, data={"choice": "maybe", "word": "x" * 201})
    text = page_text(response)
    assert response.status_code == 200
    assert "Choisissez « présent·e » ou « excusé·e »." in text and "200 caractères au plus." in text
    assert "x" * 201 in response.get_data(as_text=True)
    assert _answers(app) == []


def test_a_started_meeting_shows_the_answer_but_takes_no_more(app, client, make_member, make_meeting, link):
    member = make_member()
    meeting = make_meeting(days=5)
    with app.app_context():  # the day comes: started five minutes ago
        row = db.session.get(Meeting, meeting)
        row.starts_at = datetime.now(UTC) - timedelta(minutes=5)
        row.ends_at = datetime.now(UTC) + timedelta(hours=2)
        db.session.commit()
    path = link(member, meeting)
    response = client.post(path, data={"choice": "present"})
    assert response.status_code == 200 and "les réponses sont closes" in page_text(response)
    assert _answers(app) == []


def test_an_altered_link_is_refused_in_french(app, client, make_member, make_meeting, link):
    path = link(make_member(), make_meeting(days=5))
    for bad in (path[:-3] + "abc", "/reunions/reponse/not-a-token"):
        for method in (client.get, client.post):
            response = method(bad, data={"choice": "present"})
            assert response.status_code == 400
            assert "Ce lien n'est pas valable" in page_text(response)
    assert _answers(app) == []


def test_a_link_of_another_purpose_is_refused(app, client, make_member, make_meeting):
    member, meeting = make_member(), make_meeting(days=5)
    with app.app_context():
        council_id = db.session.get(Meeting, meeting).council_id
        token = make_answer_token(app.config["SECRET_KEY"], member, meeting, council_id,
                                  purpose="unsubscribe")
        reset = make_token(app.config["SECRET_KEY"], "password-reset", member, None)
    for value in (token, reset):
        response = client.post(f"/reunions/reponse/{value}", data={"choice": "present"})
        assert response.status_code == 400 and "Ce lien n'est pas valable" in page_text(response)
    assert _answers(app) == []


def test_a_member_cannot_answer_for_another_by_editing_the_link(app, client, make_member, make_meeting, link):
    """The member's id is in the signed payload: changing it breaks the signature."""
    import base64
    import json

    mine, other = make_member(), make_member()
    meeting = make_meeting(days=5)
    path = link(mine, meeting)
    token = path.rsplit("/", 1)[1]
    payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["m"] = other
    forged = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")
    response = client.post(f"/reunions/reponse/{forged}.{signature}", data={"choice": "excused"})
    assert response.status_code == 400
    assert _answers(app) == []


def test_an_expired_link_is_refused_in_french(app, client, make_member, make_meeting, link):
    path = link(make_member(), make_meeting(days=-2))
    response = client.get(path)
    assert response.status_code == 410 and "Ce lien a expiré" in page_text(response)
    assert client.post(path, data={"choice": "present"}).status_code == 410
    assert _answers(app) == []


def test_a_member_who_left_cannot_answer_any_more(app, client, make_member, make_meeting, link):
    from council import dates

    member = make_member()
    meeting = make_meeting(days=5)
    path = link(member, meeting)
    with app.app_context():
        row = db.session.get(Member, member)
        row.status, row.status_changed_on = MemberStatus.RESIGNED, dates.today()
        db.session.commit()
    response = client.post(path, data={"choice": "present"})
    assert "ne vous concerne pas ou plus" in page_text(response)
    assert _answers(app) == []


def test_a_link_of_another_council_is_refused(app, client, make_member, make_meeting, link):
    """The same ids under another council: the token names its council; opened on another
    council's host it is refused, and the meeting is not even found there."""
    from council.councils.services import create_council

    member, meeting = make_member(), make_meeting(days=5)
    path = link(member, meeting)
    with app.app_context():
        first = current_council_id()
        flers = create_council("flers", name="Conseil citoyen de Flers", city="Flers",
                               hosts=["flers.test"]).id
        db.session.commit()
    response = client.post(path, data={"choice": "present"}, headers={"Host": "flers.test"})
    assert response.status_code == 400 and "un autre conseil citoyen" in page_text(response)
    assert _answers(app, first) == [] and _answers(app, flers) == []


# --- the meeting page -------------------------------------------------------------------------

def _member_account(app, login_as, make_member):
    user = login_as("member")
    member = make_member(user_id=user.id, first_name="Lou", last_name="Durand")
    return user, member


def test_a_signed_in_member_answers_from_the_meeting_page(app, client, login_as, make_member, make_meeting):
    _user, member = _member_account(app, login_as, make_member)
    meeting = make_meeting(days=5)
    page = page_text(client.get(f"/reunions/{meeting}"))
    assert "Votre réponse" in page and "Vous n'avez pas encore répondu." in page
    response = client.post(f"/reunions/{meeting}/reponse",
                           data={"choice": "excused", "word": "En déplacement"}, follow_redirects=True)
    text = page_text(response)
    assert "Votre réponse est enregistrée : vous serez excusé·e." in text
    assert "excusé·e — « En déplacement »" in text
    assert _answers(app) == [(member, "excused", "En déplacement")]


def test_the_page_keeps_a_wrong_answer_with_its_message(app, client, login_as, make_member, make_meeting):
    _member_account(app, login_as, make_member)
    meeting = make_meeting(days=5)
    response = client.post(f"/reunions/{meeting}/reponse", data={"word": "y" * 201})
    text = page_text(response)
    assert response.status_code == 200 and "Choisissez « présent·e » ou « excusé·e »." in text
    assert "y" * 201 in response.get_data(as_text=True)
    assert _answers(app) == []


def test_an_account_without_a_roster_record_has_nothing_to_answer(app, client, login_as, make_meeting):
    login_as("organiser")
    meeting = make_meeting(days=5)
    response = client.post(f"/reunions/{meeting}/reponse", data={"choice": "present"}, follow_redirects=True)
    assert "n'est relié à aucune fiche de membre" in page_text(response)
    assert _answers(app) == []


def test_only_delegates_answer_for_a_contract_instance(app, client, login_as, make_member, make_meeting):
    _user, member = _member_account(app, login_as, make_member)
    delegate = make_member()
    meeting = make_meeting(days=5, kind=MeetingKind.STEERING_COMMITTEE, delegate_ids=[delegate])
    assert "Votre réponse" not in page_text(client.get(f"/reunions/{meeting}"))
    response = client.post(f"/reunions/{meeting}/reponse", data={"choice": "present"}, follow_redirects=True)
    assert "Cette réunion ne vous concerne pas" in page_text(response)
    assert _answers(app) == []


# --- the organiser's view and the attendance sheet ------------------------------------------

def _answer(app, member_id, meeting_id, choice, word=""):
    from council.meetings.services.answers import record_answer

    with app.app_context():
        record_answer(db.session.get(Meeting, meeting_id), db.session.get(Member, member_id),
                      AnswerChoice(choice), word)
        db.session.commit()


def test_the_organiser_sees_who_answered_what_and_the_quorum_expected(app, client, login_as, make_member,
                                                                     make_meeting):
    members = [make_member(first_name=f"P{n}", last_name=f"Nom{n}") for n in range(4)]
    meeting = make_meeting(days=5)
    _answer(app, members[0], meeting, "present")
    _answer(app, members[1], meeting, "present")
    _answer(app, members[2], meeting, "excused", "Malade")
    login_as("organiser")
    section = page_text(client.get(f"/reunions/{meeting}")).split("Réponses des membres", 1)[1]
    assert "Présent·es (2) P0 Nom0 P1 Nom1" in section
    assert "Excusé·es (1) P2 Nom2 — « Malade »" in section
    assert "Sans réponse (1) P3 Nom3" in section
    # 4 sitting: 3 needed; 2 announced, 1 excused, 1 silent, no history
    assert "Quorum possible, sans estimation" in section
    assert "2 présences annoncées, 1 membre excusé·e, 1 membre sans réponse" in section
    assert "les membres excusé·es ne sont pas comptés" in section


def test_members_do_not_see_the_others_answers(app, client, login_as, make_member, make_meeting):
    other = make_member(first_name="Secret", last_name="Motif")
    meeting = make_meeting(days=5)
    _answer(app, other, meeting, "excused", "Rendez-vous médical")
    _member_account(app, login_as, make_member)
    page = page_text(client.get(f"/reunions/{meeting}"))
    assert "Réponses des membres" not in page and "Rendez-vous médical" not in page


def test_the_dashboard_counts_the_answers(app, client, login_as, make_member, make_meeting):
    members = [make_member() for _ in range(4)]
    meeting = make_meeting(days=3)
    for member in members[:3]:
        _answer(app, member, meeting, "present")
    login_as("organiser")
    text = page_text(client.get("/tableau-de-bord"))
    assert "Quorum atteint par les présences annoncées" in text and "3 présences annoncées" in text


def test_the_attendance_sheet_starts_from_the_answers(app, client, login_as, make_member, make_meeting):
    """Answered before the start; once started, « excusé·e » is pre-selected, « présent·e » is only
    shown (nobody is marked present before being seen), and « Tous présents » keeps the excused."""
    present, excused, silent = make_member(), make_member(), make_member()
    meeting = make_meeting(days=5)
    _answer(app, present, meeting, "present")
    _answer(app, excused, meeting, "excused", "En vacances")
    with app.app_context():  # the day comes
        row = db.session.get(Meeting, meeting)
        row.starts_at = datetime.now(UTC) - timedelta(minutes=10)
        row.ends_at = datetime.now(UTC) + timedelta(hours=2)
        db.session.commit()
    login_as("organiser")
    html = client.get(f"/reunions/{meeting}/presences").get_data(as_text=True)
    checked = set(re.findall(r'<input checked[^>]*name="member_(\d+)"[^>]*value="(\w*)"', html))
    assert checked == {(str(excused), "excused"), (str(present), ""), (str(silent), "")}
    words = page_text(html)
    assert "a annoncé sa présence" in words and "excusé·e d'avance — « En vacances »" in words
    client.post(f"/reunions/{meeting}/presences", data={"action": "all_present"})
    with app.app_context():
        from council.meetings.models import Attendance

        marks = {a.member_id: a.status for a in db.session.scalars(select(Attendance))}
    assert marks == {present: AttendanceStatus.PRESENT, excused: AttendanceStatus.EXCUSED,
                     silent: AttendanceStatus.PRESENT}
