"""Observations as a CSV file that French spreadsheets open correctly: pure, no Flask.

Same format as every export (``council/csv.py``): UTF-8 with a byte-order mark, ``;`` as
separator, French headers, dates as JJ/MM/AAAA, cells that look like formulas defused. No
resident's name or contact is ever exported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from council.csv import csv_bytes, french_date

HEADERS = (
    "N°", "Date", "Type", "Quartier", "Volet", "Axes transversaux", "Lieu", "Description",
    "Origine", "Statut", "Partenaire", "Transmise le", "Réponse", "Réponse reçue le", "Clôture",
    "Doublon de", "En retard",
)


def observation_row(observation, overdue: bool) -> list[str]:
    """One observation (relations loaded) as the cells under ``HEADERS``."""
    return [
        observation.id,
        french_date(observation.observed_on),
        observation.kind.label,
        observation.neighbourhood.name,
        observation.pillar.name if observation.pillar else "",
        ", ".join(axis.name for axis in observation.axes),
        observation.place,
        observation.description,
        observation.origin.label,
        observation.status.label,
        observation.partner.name if observation.partner else "",
        french_date(observation.transmitted_on),
        observation.answer_text or "",
        french_date(observation.answered_on),
        observation.closure_reason.label if observation.closure_reason else "",
        observation.duplicate_of_id or "",
        "oui" if overdue else "",
    ]


def observations_csv(observations: Iterable, is_overdue: Callable[[object], bool]) -> bytes:
    """The export: one line per observation; ``is_overdue(observation)`` fills the last column."""
    return csv_bytes(HEADERS, (observation_row(o, is_overdue(o)) for o in observations))
