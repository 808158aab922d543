"""The avis lifecycle as a table: every move allowed or refused, without Flask."""

import pytest

from council.opinions.lifecycle import (
    Action,
    OpinionKind,
    OpinionStatus,
    TransitionError,
    addressee_problem,
    allowed_actions,
    next_status,
)

S, A = OpinionStatus, Action
# brouillon → inscrit à l'ordre du jour → voté (adopté / rejeté) → transmis → réponse reçue.
# Editing only before the vote; a voted avis is corrected by a new version (it stays as it is).
ALLOWED = {
    (S.DRAFT, A.EDIT): S.DRAFT,
    (S.DRAFT, A.SCHEDULE): S.ON_AGENDA,
    (S.ON_AGENDA, A.EDIT): S.ON_AGENDA,
    (S.ON_AGENDA, A.SCHEDULE): S.ON_AGENDA,
    (S.ON_AGENDA, A.ADOPT): S.ADOPTED,
    (S.ON_AGENDA, A.REJECT): S.REJECTED,
    (S.ADOPTED, A.TRANSMIT): S.TRANSMITTED,
    (S.TRANSMITTED, A.RECORD_ANSWER): S.ANSWERED,
    (S.ADOPTED, A.NEW_VERSION): S.ADOPTED,
    (S.TRANSMITTED, A.NEW_VERSION): S.TRANSMITTED,
    (S.ANSWERED, A.NEW_VERSION): S.ANSWERED,
}
EVERY_MOVE = [(status, action) for status in S for action in A]
ORGANISER_ONLY = {A.ADOPT, A.REJECT, A.TRANSMIT, A.RECORD_ANSWER}


@pytest.mark.parametrize(("status", "action"), [m for m in EVERY_MOVE if m in ALLOWED])
def test_allowed_move(status, action):
    assert next_status(status, action, is_organiser=True) is ALLOWED[(status, action)]


@pytest.mark.parametrize(("status", "action"), [m for m in EVERY_MOVE if m not in ALLOWED])
def test_refused_move(status, action):
    with pytest.raises(TransitionError):
        next_status(status, action, is_organiser=True)


@pytest.mark.parametrize("status", [S.ADOPTED, S.REJECTED, S.TRANSMITTED, S.ANSWERED])
def test_a_voted_text_is_frozen(status):
    assert not status.is_editable
    with pytest.raises(TransitionError, match="figé"):
        next_status(status, A.EDIT, is_organiser=True)


@pytest.mark.parametrize("action", sorted(ORGANISER_ONLY, key=lambda a: a.value))
def test_vote_transmission_and_answer_are_for_organisers(action):
    source = next(s for (s, a) in ALLOWED if a is action)
    with pytest.raises(TransitionError, match="Seuls les organisateurs"):
        next_status(source, action, is_organiser=False)


def test_members_draft_schedule_and_correct():
    assert allowed_actions(S.DRAFT, is_organiser=False) == [A.EDIT, A.SCHEDULE]
    assert allowed_actions(S.ON_AGENDA, is_organiser=False) == [A.EDIT, A.SCHEDULE]
    assert allowed_actions(S.ADOPTED, is_organiser=False) == [A.NEW_VERSION]
    assert allowed_actions(S.ADOPTED, is_organiser=True) == [A.TRANSMIT, A.NEW_VERSION]
    assert allowed_actions(S.REJECTED, is_organiser=True) == []


def test_only_adopted_avis_are_public():
    assert {s for s in S if s.is_public} == {S.ADOPTED, S.TRANSMITTED, S.ANSWERED}


@pytest.mark.parametrize(("kind", "partner_id", "problem"), [
    (OpinionKind.OPINION, 3, None),
    (OpinionKind.PROPOSAL, 3, None),
    (OpinionKind.INTERPELLATION, None, None),
    (OpinionKind.OPINION, None, "Choisissez le partenaire"),
    (OpinionKind.PROPOSAL, None, "Choisissez le partenaire"),
    (OpinionKind.INTERPELLATION, 3, "s'adresse au préfet"),
])
def test_addressee_is_a_partner_or_the_prefect(kind, partner_id, problem):
    found = addressee_problem(kind, partner_id)
    assert (found is None) if problem is None else (problem in found)
