"""What the areas above meetings put on agenda points (observations, avis), registered when their
blueprint is imported: the meeting's page lists them under each point for members, and meetings
never imports those areas. No Flask, no database here.

``register(source)``: ``source(item_ids)`` returns ``{agenda item id: [AgendaLink, …]}`` (one
statement per source, whatever the number of points)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class AgendaLink:
    """« Observation n° 12 » → its page (``endpoint`` with ``values``)."""

    label: str
    endpoint: str
    values: dict


Source = Callable[[list[int]], dict[int, list[AgendaLink]]]
_SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Add (or replace) the source called ``name``."""
    _SOURCES[name] = source


def links_for(item_ids: Iterable[int]) -> dict[int, list[AgendaLink]]:
    """Every registered source's links for these agenda points, by point."""
    ids = list(item_ids)
    found: dict[int, list[AgendaLink]] = {}
    if not ids:
        return found
    for source in _SOURCES.values():
        for item_id, links in source(ids).items():
            found.setdefault(item_id, []).extend(links)
    return found
