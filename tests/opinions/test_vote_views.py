"""The vote at a meeting through the client: agenda, quorum from the attendance register, counts
or each present member's vote, the dissent, and the result published with its meeting."""

import re

import pytest

from council.extensions import db
from council.opinions.lifecycle import OpinionStatus
from council.opinions.models import Opinion
from tests.fixtures.text import page_text


def _opinion(app, opinion_id) -> Opinion:
    with app.app_context():
        opinion = db.session.get(Opinion, opinion_id)
        opinion.ballots  # noqa: B018
        return opinion


@pytest.fixture
def draft(app, make_user, make_opinion):
    return make_opinion(make_user().id)


def _counts(votes_for, against, abstain, **extra):
    return {"method": "counts", "votes_for": str(votes_for), "votes_against": str(against),
            "votes_abstain": str(abstain), "text": "Le conseil soutient le café des parents.", **extra}


def test_a_member_puts_the_draft_on_the_agenda(app, client, login_as, draft, meeting):
    login_as("member")
    page = client.get(f"/avis/{draft}").get_data(as_text=True)
    assert "point 2 : Avis du conseil" in page  # the meeting's agenda points are offered
    client.post(f"/avis/{draft}/ordre-du-jour", data={"schedule-agenda_item": str(meeting["items"][1])})
    opinion = _opinion(app, draft)
    assert (opinion.status, opinion.agenda_item_id) == (OpinionStatus.ON_AGENDA, meeting["items"][1])
    assert "Avis du conseil" in client.get(f"/avis/{draft}").get_data(as_text=True)


def test_no_vote_before_the_meeting_starts(app, client, login_as, draft, make_sitting):
    """Finding 13: an avis voted at next year's meeting was published as adopted today « lors de la
    réunion » of next year. The vote page sends back with the reason; the service refuses."""
    from council.auth.models import User
    from council.opinions.services import OpinionError, record_vote
    from council.opinions.voting import VoteCount

    future = make_sitting(days=365, agenda=("Avis du conseil",))
    organiser = login_as("organiser")
    client.post(f"/avis/{draft}/ordre-du-jour", data={"schedule-agenda_item": str(future["items"][0])})
    assert _opinion(app, draft).status is OpinionStatus.ON_AGENDA
    for response in (client.get(f"/avis/{draft}/vote", follow_redirects=True),
                     client.post(f"/avis/{draft}/vote", data=_counts(5, 1, 1), follow_redirects=True)):
        assert "La réunion n'a pas encore commencé" in page_text(response)
    assert _opinion(app, draft).status is OpinionStatus.ON_AGENDA
    with app.app_context():
        opinion = db.session.get(Opinion, draft)
        with pytest.raises(OpinionError, match="pas encore commencé"):
            record_vote(opinion, db.session.get(User, organiser.id), text="Texte.", dissent="",
                        count=VoteCount(5, 1, 1))


def test_a_cancelled_meeting_is_not_offered_and_refused(app, client, login_as, draft, make_sitting):
    from council.meetings.models import Meeting
    from council.meetings.services.meetings import cancel_meeting

    other = make_sitting(days=5, agenda=("Point annulé",), members=0, present=0)
    with app.app_context():
        cancel_meeting(db.session.get(Meeting, other["meeting"]), "Salle indisponible.")
        db.session.commit()
    login_as("member")
    assert "Point annulé" not in client.get(f"/avis/{draft}").get_data(as_text=True)
    response = client.post(f"/avis/{draft}/ordre-du-jour",
                           data={"schedule-agenda_item": str(other["items"][0])})
    assert "Choisissez le point de l'ordre du jour." in page_text(response)
    assert _opinion(app, draft).status is OpinionStatus.DRAFT
    with app.app_context():  # below the form, the service refuses too
        from council.auth.models import User
        from council.meetings.services.meetings import get_agenda_item
        from council.opinions.services import OpinionError, schedule

        opinion = db.session.get(Opinion, draft)
        with pytest.raises(OpinionError, match="Cette réunion est annulée"):
            schedule(opinion, get_agenda_item(other["items"][0]), db.session.get(User, opinion.created_by_id))


def test_the_vote_page_shows_the_quorum_and_the_present_members(client, login_as, draft, scheduled):
    scheduled(draft)
    login_as("organiser")
    html = client.get(f"/avis/{draft}/vote").get_data(as_text=True)
    assert "7 membres présents</strong>\n    pour un quorum de 6" in html and "le quorum est atteint" in html
    assert html.count('class="attendance-line"') == 7 and "Membre0 Essai" in html
    assert "Membre9 Essai" not in html  # absent: no ballot


def test_adopted_by_counts_with_a_dissent_then_public_with_its_meeting(app, client, login_as, draft,
                                                                      scheduled):
    scheduled(draft)
    login_as("organiser")
    response = client.post(f"/avis/{draft}/vote", data=_counts(5, 1, 1))
    assert "résumez leurs positions divergentes" in response.get_data(as_text=True)
    assert _opinion(app, draft).status is OpinionStatus.ON_AGENDA
    response = client.post(f"/avis/{draft}/vote", data=_counts(
        5, 1, 1, dissent_text="Un membre préfère un autre horaire."))
    assert response.status_code == 302
    opinion = _opinion(app, draft)
    assert opinion.status is OpinionStatus.ADOPTED and opinion.vote_meeting_id is not None
    assert (opinion.present_count, opinion.quorum_required) == (7, 6)
    client.post("/deconnexion")
    page = client.get(f"/avis/{draft}").get_data(as_text=True)
    assert "lors de la réunion" in page and "Assemblée plénière" in page
    assert "5 pour, 1 contre, 1 abstention (7 membres présents, quorum de 6)" in page
    assert "Un membre préfère un autre horaire." in page


@pytest.mark.parametrize(("data", "message"), [
    (_counts(6, 1, 1, dissent_text="x"), "8 votes saisis pour 7 membres présents"),
    (_counts(0, 0, 0), "Aucun vote n'a été saisi."),
    ({"method": "counts", "votes_for": "4", "text": "x"},
     "Indiquez un nombre (0 s'il n'y en a pas)."),
    (_counts(-1, 0, 0), "Un nombre entre 0 et 999."),
    (_counts("beaucoup", 0, 0), "pas un entier valide"),
    ({"method": "ballots", "text": "x"}, "Aucun vote n'a été saisi."),
])
def test_refused_votes_keep_what_was_typed(app, client, login_as, draft, scheduled, data, message):
    scheduled(draft)
    login_as("organiser")
    response = client.post(f"/avis/{draft}/vote", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page_text(html)
    assert _opinion(app, draft).status is OpinionStatus.ON_AGENDA


def test_no_vote_without_quorum(app, client, login_as, make_user, make_opinion, make_sitting):
    meeting = make_sitting(members=10, present=3)
    opinion_id = make_opinion(make_user().id)
    login_as("member")
    client.post(f"/avis/{opinion_id}/ordre-du-jour", data={"schedule-agenda_item": str(meeting["items"][1])})
    client.post("/deconnexion")
    login_as("organiser")
    page = client.get(f"/avis/{opinion_id}/vote").get_data(as_text=True)
    assert "le quorum n'est pas atteint" in page_text(page)
    response = client.post(f"/avis/{opinion_id}/vote", data=_counts(3, 0, 0))
    html = response.get_data(as_text=True)
    assert "Le quorum n'est pas atteint : 3 membres présents pour 6 requis." in page_text(html)
    assert _opinion(app, opinion_id).status is OpinionStatus.ON_AGENDA


def test_each_present_members_vote(app, client, login_as, draft, scheduled, meeting):
    scheduled(draft)
    login_as("organiser")
    present = meeting["present"]
    data = {"method": "ballots", "text": "Texte voté.", "dissent_text": "Deux voix contre : coût trop élevé."}
    for n, member_id in enumerate(present):
        data[f"ballot_{member_id}"] = "against" if n < 2 else ("abstain" if n == 2 else "for")
    assert client.post(f"/avis/{draft}/vote", data=data).status_code == 302
    opinion = _opinion(app, draft)
    assert (opinion.votes_for, opinion.votes_against, opinion.votes_abstain) == (4, 2, 1)
    assert len(opinion.ballots) == 7 and opinion.status is OpinionStatus.ADOPTED


def test_rejected_by_the_vote(app, client, login_as, draft, scheduled):
    scheduled(draft)
    login_as("organiser")
    client.post(f"/avis/{draft}/vote", data=_counts(2, 4, 1))
    assert _opinion(app, draft).status is OpinionStatus.REJECTED


@pytest.mark.parametrize("app_config", [{"OPINION_ADOPTION_RULE": "two_thirds"}])
def test_the_adoption_rule_setting_is_used(app, client, login_as, draft, scheduled, app_config):
    scheduled(draft)
    login_as("organiser")
    assert "deux tiers" in client.get(f"/avis/{draft}/vote").get_data(as_text=True)
    client.post(f"/avis/{draft}/vote", data=_counts(4, 3, 0, dissent_text="x"))
    assert _opinion(app, draft).status is OpinionStatus.REJECTED


def test_the_councils_adoption_rule_wins_over_the_setting(app, client, login_as, draft, scheduled,
                                                          store_profile):
    """OPINION_ADOPTION_RULE is the default (more for than against); the stored profile says
    two thirds: 4 for, 3 against is then rejected."""
    store_profile(opinion_adoption_rule="two_thirds")
    scheduled(draft)
    login_as("organiser")
    client.post(f"/avis/{draft}/vote", data=_counts(4, 3, 0, dissent_text="x"))
    assert _opinion(app, draft).status is OpinionStatus.REJECTED


def test_a_draft_not_on_the_agenda_cannot_be_voted(client, login_as, draft):
    login_as("organiser")
    response = client.get(f"/avis/{draft}/vote")
    assert response.status_code == 302 and response.location == f"/avis/{draft}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Impossible d'adopter un avis « brouillon »." in page_text(page)


def test_members_cannot_record_the_vote(client, login_as, draft, scheduled):
    scheduled(draft)
    login_as("member")
    assert client.get(f"/avis/{draft}/vote").status_code == 403
    assert client.post(f"/avis/{draft}/vote", data=_counts(5, 0, 0)).status_code == 403


def test_a_proposition_is_adoptee(app, client, make_user, login_as, make_opinion, scheduled):
    """« Vote enregistré : proposition adoptée », never « proposition adopté »."""
    from council.opinions.lifecycle import OpinionKind

    proposal = make_opinion(make_user().id, kind=OpinionKind.PROPOSAL)
    scheduled(proposal)
    login_as("organiser")
    response = client.post(f"/avis/{proposal}/vote", data=_counts(6, 0, 1), follow_redirects=True)
    assert "Vote enregistré : proposition adoptée (6 pour" in page_text(response)


@pytest.mark.parametrize(("data", "invalid"), [
    (_counts(6, 1, 1, dissent_text="x"), {"votes_for", "votes_against", "votes_abstain"}),
    (_counts(5, 1, 1), {"dissent_text"}),  # adopted with votes against: the dissent is missing
])
def test_a_refused_vote_is_tied_to_the_fields_it_concerns(client, login_as, draft, scheduled, data,
                                                           invalid):
    """Screen readers hear why a control is wrong: the refusal is its description, and the page's
    title says there is an error; the other fields stay valid."""
    scheduled(draft)
    login_as("organiser")
    html = client.post(f"/avis/{draft}/vote", data=data).get_data(as_text=True)
    assert "<title>Erreur : " in html
    for name in ("votes_for", "votes_against", "votes_abstain", "dissent_text"):
        control = re.search(rf'<(?:input|textarea)[^>]*\bname="{name}"[^>]*>', html).group(0)
        assert ('aria-invalid="true"' in control) is (name in invalid), (name, control)
        assert ("vote-problems" in control) is (name in invalid), (name, control)
