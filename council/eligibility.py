"""Who may join the conseil citoyen: pure rules, no Flask, no database.

The membership issue completes this module (Applicant, Reason, Decision, check); the enums below
are shared by the models already.
"""

from __future__ import annotations

import enum


class College(enum.Enum):
    """The council's two colleges."""

    RESIDENT = "resident"
    LOCAL_ACTOR = "local_actor"

    @property
    def label(self) -> str:
        return {"resident": "collège des habitants",
                "local_actor": "collège des acteurs locaux"}[self.value]


class ActorCategory(enum.Enum):
    """What makes someone a local actor (OTHER never qualifies)."""

    ASSOCIATION_MEMBER = "association_member"
    ARTISAN = "artisan"
    SHOPKEEPER = "shopkeeper"
    LIBERAL_PROFESSION = "liberal_profession"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "association_member": "membre d'une association",
            "artisan": "artisan",
            "shopkeeper": "commerçant·e",
            "liberal_profession": "profession libérale",
            "other": "autre",
        }[self.value]
