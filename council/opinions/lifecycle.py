"""An avis's life, from draft to the addressee's answer: pure rules, no Flask.

brouillon → inscrit à l'ordre du jour → voté (adopté / rejeté) → transmis → réponse reçue.
The moves are a table; anything not in it is refused with a French reason. Once voted, the text
is frozen: a correction is a new version (a new draft linked to the old one).
"""

from __future__ import annotations

import enum


class OpinionKind(enum.Enum):
    OPINION = "opinion"
    PROPOSAL = "proposal"
    INTERPELLATION = "interpellation"

    @property
    def label(self) -> str:
        return {"opinion": "avis", "proposal": "proposition",
                "interpellation": "interpellation du préfet"}[self.value]

    @property
    def is_feminine(self) -> bool:
        """Une proposition, une interpellation (but un avis): the words about it agree."""
        return self is not OpinionKind.OPINION


class CarrierType(enum.Enum):
    """Who carries the project the avis is about."""

    MUNICIPALITY = "municipality"
    LOCAL_ACTOR = "local_actor"
    INSTITUTION = "institution"
    PARTNER = "partner"

    @property
    def label(self) -> str:
        return {"municipality": "la municipalité", "local_actor": "un acteur local",
                "institution": "une institution",
                "partner": "un partenaire du contrat de ville"}[self.value]


class OpinionStatus(enum.Enum):
    DRAFT = "draft"
    ON_AGENDA = "on_agenda"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    TRANSMITTED = "transmitted"
    ANSWERED = "answered"

    @property
    def label(self) -> str:
        return {"draft": "brouillon", "on_agenda": "inscrit à l'ordre du jour", "adopted": "adopté",
                "rejected": "rejeté", "transmitted": "transmis", "answered": "réponse reçue"}[self.value]

    @property
    def is_editable(self) -> bool:
        """The text may change until the vote; then it is frozen."""
        return self in EDITABLE

    @property
    def is_public(self) -> bool:
        """Adopted avis (and what follows) are published; drafts and rejected ones are not."""
        return self in PUBLIC


EDITABLE = frozenset({OpinionStatus.DRAFT, OpinionStatus.ON_AGENDA})
PUBLIC = frozenset({OpinionStatus.ADOPTED, OpinionStatus.TRANSMITTED, OpinionStatus.ANSWERED})


class Action(enum.Enum):
    EDIT = "edit"
    SCHEDULE = "schedule"
    ADOPT = "adopt"
    REJECT = "reject"
    TRANSMIT = "transmit"
    RECORD_ANSWER = "record_answer"
    NEW_VERSION = "new_version"

    @property
    def label(self) -> str:
        return {"edit": "modifier", "schedule": "inscrire à l'ordre du jour",
                "adopt": "adopter", "reject": "rejeter", "transmit": "transmettre",
                "record_answer": "enregistrer la réponse à",
                "new_version": "corriger par une nouvelle version"}[self.value]


S = OpinionStatus
# (status, action) → status after. NEW_VERSION leaves the voted avis as it is (the correction is
# a new draft), so it maps a status onto itself.
TRANSITIONS: dict[tuple[OpinionStatus, Action], OpinionStatus] = {
    (S.DRAFT, Action.EDIT): S.DRAFT,
    (S.DRAFT, Action.SCHEDULE): S.ON_AGENDA,
    (S.ON_AGENDA, Action.EDIT): S.ON_AGENDA,
    (S.ON_AGENDA, Action.SCHEDULE): S.ON_AGENDA,  # moved to another meeting's agenda
    (S.ON_AGENDA, Action.ADOPT): S.ADOPTED,
    (S.ON_AGENDA, Action.REJECT): S.REJECTED,
    (S.ADOPTED, Action.TRANSMIT): S.TRANSMITTED,
    (S.TRANSMITTED, Action.RECORD_ANSWER): S.ANSWERED,
    (S.ADOPTED, Action.NEW_VERSION): S.ADOPTED,
    (S.TRANSMITTED, Action.NEW_VERSION): S.TRANSMITTED,
    (S.ANSWERED, Action.NEW_VERSION): S.ANSWERED,
}
ORGANISER_ACTIONS = frozenset({Action.ADOPT, Action.REJECT, Action.TRANSMIT, Action.RECORD_ANSWER})


class TransitionError(ValueError):
    """A move the lifecycle does not allow; the message is French, for the screen."""


def next_status(status: OpinionStatus, action: Action, *, is_organiser: bool) -> OpinionStatus:
    """The status after ``action``, or ``TransitionError`` saying why it cannot happen."""
    if action in ORGANISER_ACTIONS and not is_organiser:
        raise TransitionError(f"Seuls les organisateurs peuvent {action.label} un avis.")
    target = TRANSITIONS.get((status, action))
    if target is None:
        if action is Action.EDIT:
            raise TransitionError(
                f"Cet avis est {status.label} : son texte est figé. Pour le corriger, créez une "
                "nouvelle version."
            )
        verb = action.label
        elision = "d'" if verb[0] in "aeiouéè" else "de "
        raise TransitionError(f"Impossible {elision}{verb} un avis « {status.label} ».")
    return target


def allowed_actions(status: OpinionStatus, *, is_organiser: bool) -> list[Action]:
    """The actions someone may take on an avis in this status, in table order."""
    return [
        action for (source, action) in TRANSITIONS
        if source is status and (is_organiser or action not in ORGANISER_ACTIONS)
    ]


def addressee_problem(kind: OpinionKind, partner_id: int | None) -> str | None:
    """An interpellation goes to the préfet; an avis or a proposition to one partner."""
    if kind is OpinionKind.INTERPELLATION and partner_id is not None:
        return "Une interpellation s'adresse au préfet : ne choisissez pas de partenaire."
    if kind is not OpinionKind.INTERPELLATION and partner_id is None:
        return "Choisissez le partenaire à qui l'avis ou la proposition s'adresse."
    return None
