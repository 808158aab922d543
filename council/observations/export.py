"""Observations as a CSV file that French spreadsheets open correctly: pure, no Flask.

Same format as the roster export: UTF-8 with a byte-order mark, ``;`` as separator, French
headers, dates as JJ/MM/AAAA, cells that look like formulas defused. No resident's name or
contact is ever exported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date

HEADERS = (
    "N°", "Date", "Type", "Quartier", "Volet", "Axes transversaux", "Lieu", "Description",
    "Origine", "Statut", "Partenaire", "Transmise le", "Réponse", "Réponse reçue le", "Clôture",
    "Doublon de", "En retard",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"^\+?[0-9 .()\-]+$")


def french_date(value: date | None) -> str:
    """JJ/MM/AAAA, or an empty cell."""
    return value.strftime("%d/%m/%Y") if value else ""


def safe_cell(value) -> str:
    """The text of one cell, defused if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PHONE.match(text):
        return "'" + text
    return text


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A ``;``-separated CSV, UTF-8 with BOM, CRLF line ends, every cell defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


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
