"""What the home page shows that is public and changes rarely (the neighbourhoods' names, the
national volets and axes, the partners), kept per council in each process and read again only
when the council changed.

The version is the council row's ``updated_at``, which the request's host resolution loads
anyway: a cached entry is used only while it equals the row's value just read, so a change made
by any worker (or the CLI) is seen by every worker at its next request. ``note_changes`` (a
``before_flush`` listener) moves it whenever a neighbourhood or a partner of the council changes,
or a national theme (every council then). Entries are keyed by the council's id and filled under
its scope: never another council's.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, update
from sqlalchemy.orm import Session

from council.councils.models import Council
from council.database import utcnow
from council.reference.models import Neighbourhood, Partner, Theme, ThemeKind


@dataclass(frozen=True)
class HomeFacts:
    """The names the home page lists, in their order."""

    neighbourhoods: tuple[str, ...]
    pillars: tuple[str, ...]
    axes: tuple[str, ...]
    partners: tuple[str, ...]


# (database, council id) → (the council's version, its facts)
_cache: dict[tuple[str, int], tuple[datetime, HomeFacts]] = {}
# (database, council id, page) → (the council's version, the page as a visitor reads it)
_pages: dict[tuple[str, int, str], tuple[datetime, str]] = {}


def visitor_page(council: Council | None, name: str, render: Callable[[], str]) -> str:
    """Page ``name`` of ``council`` as every visitor reads it (not signed in, no message waiting:
    the caller checks), rendered once per version of the council, like ``home_facts``. Only for
    pages that show nothing but the council's profile, its neighbourhoods, partners and the
    national reference (what moves the version)."""
    from council.extensions import db

    if council is None or council.updated_at is None:
        return render()
    key = (db.engine.url.render_as_string(), council.id, name)
    kept = _pages.get(key)
    if kept is not None and kept[0] == council.updated_at:
        return kept[1]
    page = render()
    if len(_pages) > 1000:  # many councils in one process: keep it bounded
        _pages.clear()
    _pages[key] = (council.updated_at, page)
    return page


def home_facts(council: Council | None) -> HomeFacts:
    """The home page's lists for ``council``, the row of the council served (``served_council``;
    None: no council yet, nothing kept): from this process's cache while the row is unchanged,
    else read (four statements) and kept."""
    from council.councils.services import neighbourhood_names
    from council.extensions import db
    from council.reference.services import partners, themes

    key = (db.engine.url.render_as_string(), council.id) if council is not None else None
    kept = _cache.get(key) if key is not None else None
    if kept is not None and kept[0] == council.updated_at:
        return kept[1]
    facts = HomeFacts(
        neighbourhoods=tuple(neighbourhood_names()),
        pillars=tuple(theme.name for theme in themes(ThemeKind.PILLAR)),
        axes=tuple(theme.name for theme in themes(ThemeKind.AXIS)),
        partners=tuple(partner.name for partner in partners()))
    if council is not None and council.updated_at is not None:
        _cache[key] = (council.updated_at, facts)
    return facts


def note_changes(session: Session, _context, _instances) -> None:
    """``before_flush``: a neighbourhood or partner changing moves its council's version; a
    national theme changing moves every council's."""
    changed = [*session.new, *session.dirty, *session.deleted]
    if any(isinstance(row, Theme) for row in changed):
        session.execute(update(Council).values(updated_at=utcnow()))
        return
    council_ids = {row.council_id for row in changed
                   if isinstance(row, Neighbourhood | Partner) and row.council_id is not None}
    if any(isinstance(row, Neighbourhood | Partner) and row.council_id is None for row in changed):
        from council.tenancy import NoCouncilChosen, current_council_id

        # a new row: its council is the one served (none chosen: its column default refuses it)
        with suppress(NoCouncilChosen):
            council_ids.add(current_council_id())
    for council_id in council_ids - {None}:
        council = session.get(Council, council_id)
        if council is not None and council not in session.deleted:
            council.updated_at = utcnow()


def install(session_class: type[Session]) -> None:
    """Listen on ``session_class`` (once)."""
    if not event.contains(session_class, "before_flush", note_changes):
        event.listen(session_class, "before_flush", note_changes)



