"""The roster as a spreadsheet CSV (format in ``council/csv.py``): pure, no Flask."""

from __future__ import annotations

from collections.abc import Iterable

from council.csv import csv_bytes, french_date

HEADERS = (
    "Nom", "Prénom", "Collège", "Quartier", "Activité", "Structure", "E-mail", "Téléphone",
    "Adresse", "Genre", "Date d'entrée", "Mode d'entrée", "Fin de mandat", "Statut", "Date du statut",
    "Motif du statut",
)


def member_row(member) -> list[str]:
    """One member (a ``Member``, its neighbourhood loaded) as the cells under ``HEADERS``."""
    return [
        member.last_name,
        member.first_name,
        member.college.short_label,
        member.neighbourhood.name if member.neighbourhood else "",
        member.actor_category.label if member.actor_category else "",
        member.structure_name,
        member.email,
        member.phone,
        member.address,
        member.gender.label if member.gender else "",
        french_date(member.joined_on),
        member.join_method.label,
        french_date(member.mandate_ends_on),
        member.status.label,
        french_date(member.status_changed_on),
        member.status_reason,
    ]


def roster_csv(members: Iterable) -> bytes:
    """The roster export: one line per member."""
    return csv_bytes(HEADERS, (member_row(member) for member in members))
