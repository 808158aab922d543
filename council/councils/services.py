"""The council's profile: THE accessor every area reads (``current_council()``, ``rules()``,
``council_config()``), and its writes. Add and flush, never commit.

Environment settings are the defaults at first start: ``flask --app council init`` stores a
profile built from them (and the first admin save stores it if init never ran). Once stored, the
profile is the truth; until then the settings are read, as before.
"""

from __future__ import annotations

import re
import unicodedata
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask import current_app, g
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError

from council.audit.services import log
from council.councils.models import Council
from council.councils.rules import CouncilRules
from council.database import serialise
from council.extensions import db
from council.reference.models import Neighbourhood
from council.tenancy import NoCouncilChosen, current_council_id, use_council

DEFAULT_SLUG = "conseil"  # issue 15 names councils; one council installs take this one


@dataclass(frozen=True)
class Identity:
    """Who the council is, as the profile form edits it (everything but the rules)."""

    name: str
    city: str
    contact_email: str
    support_name: str = ""
    support_contact: str = ""
    prefecture: str = ""
    prefect: str = ""
    contract_signed_on: date | None = None
    contract_renewed_on: date | None = None
    contract_ends_on: date | None = None
    home_intro: str = ""
    home_about: str = ""
    controller_name: str = ""
    controller_address: str = ""
    privacy_contact: str = ""


def _day(value) -> date | None:
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def identity_from_config(config: Mapping) -> Identity:
    """The first identity, from the settings (``COUNCIL_NAME``, ``CITY_NAME``…)."""
    return Identity(
        name=config["COUNCIL_NAME"], city=config["CITY_NAME"], contact_email=config["CONTACT_EMAIL"],
        support_name=config["SUPPORT_NAME"], support_contact=config["SUPPORT_CONTACT"],
        prefecture=config["PREFECTURE"], prefect=config["PREFECT"],
        contract_signed_on=_day(config["CONTRACT_SIGNED_ON"]),
        contract_renewed_on=_day(config["CONTRACT_RENEWED_ON"]),
        contract_ends_on=_day(config["CONTRACT_ENDS_ON"]),
        home_intro=config["HOME_INTRO"], home_about=config["HOME_ABOUT"],
        controller_name=config.get("DATA_CONTROLLER_NAME") or "",
        controller_address=config.get("DATA_CONTROLLER_ADDRESS") or "",
        privacy_contact=config.get("PRIVACY_CONTACT") or "",
    )


def council_from_config(config: Mapping) -> Council:
    """A profile built from the settings, not added to the session."""
    council = Council(slug=DEFAULT_SLUG, **vars(identity_from_config(config)))
    council.set_rules(CouncilRules.from_config(config))
    return council


def served_council() -> Council | None:
    """The row of the council this unit of work serves (see ``council.tenancy``), stored
    profile or not; None when no council exists (a database before its migrations)."""
    council_id = current_council_id()
    row = g.get("council_row")
    if row is not None and row.id == council_id:
        return row
    return db.session.get(Council, council_id) if council_id is not None else None


def stored_council() -> Council | None:
    """The served council's stored profile, or None before init (the settings are shown)."""
    council = served_council()
    return council if council is not None and council.profile_stored else None


def current_council() -> Council:
    """The council this request serves: its stored profile, or (before init) the settings'
    values under its id and slug. Read once per request (kept on ``flask.g``)."""
    council = g.get("council")
    if council is None:
        row = None
        try:
            row = served_council()
        except NoCouncilChosen:
            pass  # a host no council answers on: its 404 page names none but the settings'
        except (OperationalError, ProgrammingError):
            # No schema yet, or the database is down: pages (the error pages first) still name
            # the council, from the settings.
            db.session.rollback()
            current_app.logger.warning("Council profile unreadable; using the settings.")
        if row is not None and row.profile_stored:
            council = row
        else:
            council = council_from_config(current_app.config)
            if row is not None:
                council.id, council.slug = row.id, row.slug
        g.council = council
    return council


def rules() -> CouncilRules:
    """The rules in force: minimum age, mandate, quorum, composition, adoption, answer delay."""
    return current_council().rules


def council_config() -> ChainMap:
    """``current_app.config`` with the profile's values over it, for code that reads a settings
    mapping: ``council_config()["MINIMUM_AGE"]`` is the profile's minimum age. Technical settings
    (rate limits, retention…) come through unchanged."""
    council = current_council()
    identity = {"COUNCIL_NAME": council.name, "CITY_NAME": council.city,
                "CONTACT_EMAIL": council.contact_email}
    return ChainMap(identity, council.rules.as_settings(), current_app.config)


def ensure_council() -> Council:
    """The served council's stored profile, stored first from the settings when it was not (init,
    first save). A database without any council gets its first one."""
    council = served_council()
    if council is None:
        council = council_from_config(current_app.config)
        db.session.add(council)
        db.session.flush()
        use_council(council.id)
    elif not council.profile_stored:
        settings = council_from_config(current_app.config)
        for column in Council.__table__.columns:
            if column.name not in ("id", "slug", "uid", "updated_at"):
                setattr(council, column.name, getattr(settings, column.name))
        council.profile_stored = True
        db.session.flush()
    g.council = council
    return council


def update_profile(actor, identity: Identity, new_rules: CouncilRules) -> list[str]:
    """Store the profile (audited ``council.update`` with the names of the changed fields);
    returns those names. The rules were checked by ``council.councils.rules.problems``."""
    council = ensure_council()
    changed = [name for name, value in vars(identity).items() if getattr(council, name) != value]
    changed += [name for name, value in vars(new_rules).items() if getattr(council, name) != value]
    for name, value in vars(identity).items():
        setattr(council, name, value)
    council.set_rules(new_rules)
    if changed:
        log(actor, "council.update", "council", council.id, note=_note(changed))
    db.session.flush()
    return changed


def _note(names: list[str]) -> str:
    note = " ".join(names)
    return note if len(note) <= 200 else note[:196] + " …"


# Neighbourhoods: the QPVs of the council (the reference table; issue 15 scopes it per council) --

def neighbourhood_names() -> list[str]:
    """The neighbourhoods' names, in the order they were added."""
    return list(db.session.scalars(select(Neighbourhood.name).order_by(Neighbourhood.id)))


def neighbourhood_slugs() -> list[str]:
    return list(db.session.scalars(select(Neighbourhood.slug).order_by(Neighbourhood.id)))


def slugify(name: str) -> str:
    """« Saint-Michel – Vallée d'Auge » → ``saint-michel-vallee-d-auge``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:70] or "x"


def unique_slug(model, name: str) -> str:
    """A slug for ``name`` that no row of ``model`` has yet (``-2``, ``-3``… when needed).

    Two requests naming the same thing at once would pick the same free slug: they take their
    turn (``serialise``) until the first one's row is written."""
    serialise(f"slug:{model.__tablename__}")
    base, number = slugify(name), 1
    slug = base
    while db.session.scalar(select(model.id).where(model.slug == slug)) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


def rename_neighbourhoods(actor, names: Mapping[int, str], added: str = "") -> bool:
    """Rename neighbourhoods (by id) and add one; slugs never change (members and observations
    keep pointing at the same rows). Returns whether anything changed (audited)."""
    changed = False
    for row in db.session.scalars(select(Neighbourhood).where(Neighbourhood.id.in_(list(names)))):
        if names[row.id] and names[row.id] != row.name:
            row.name, changed = names[row.id], True
    if added:
        db.session.add(Neighbourhood(slug=unique_slug(Neighbourhood, added), name=added))
        changed = True
    if changed:
        db.session.flush()
        log(actor, "council.neighbourhoods", "council", ensure_council().id)
    return changed


# Councils and their hosts: platform-level writes (the CLI's ``council`` group) --------------

SLUG_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")
HOST_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::[0-9]{1,5})?")


class CouncilError(ValueError):
    """A council or host refused; the message says why (English: the CLI's)."""


def council_by_slug(slug: str) -> Council | None:
    return db.session.scalar(select(Council).where(Council.slug == slug))


def all_councils() -> list[Council]:
    return list(db.session.scalars(select(Council).order_by(Council.id)))


def _clean_hosts(hosts) -> list[str]:
    from council.councils.hosts import normalise_host
    from council.councils.models import CouncilHost

    cleaned = list(dict.fromkeys(normalise_host(host) for host in hosts))
    for host in cleaned:
        if not HOST_PATTERN.fullmatch(host):
            raise CouncilError(f"Not a host name: {host!r}.")
        owner = db.session.scalar(select(CouncilHost).where(CouncilHost.host == host))
        if owner is not None:
            raise CouncilError(f"{host} already reaches council {owner.council.slug}.")
    return cleaned


def create_council(slug: str, name: str, city: str, hosts, contact_email: str = "") -> Council:
    """A new council with its profile stored (the other fields from the settings), its hosts
    (the first is the one its links use) and the national reference and its city's default
    partners. The caller then serves it (``use_council``)."""
    from council.councils.models import CouncilHost
    from council.reference.data import default_partners
    from council.reference.services import load_reference_data

    if not SLUG_PATTERN.fullmatch(slug):
        raise CouncilError("A slug is lower-case letters, digits and hyphens (e.g. argentan).")
    if council_by_slug(slug) is not None:
        raise CouncilError(f"A council named {slug} exists already.")
    hosts = _clean_hosts(hosts)
    if not hosts:
        raise CouncilError("A council needs at least one host (--host).")
    council = council_from_config(current_app.config)
    council.slug, council.name, council.city = slug, name.strip(), city.strip()
    council.contact_email = contact_email or council.contact_email
    council.profile_stored = True
    council.hosts = [CouncilHost(host=host, is_primary=index == 0) for index, host in enumerate(hosts)]
    db.session.add(council)
    db.session.flush()
    use_council(council.id)
    load_reference_data([], default_partners(council.city))
    return council


def set_hosts(council: Council, hosts, primary: str | None = None) -> None:
    """Replace the council's host names (the first, or ``primary``, is the one links use)."""
    from council.councils.hosts import normalise_host
    from council.councils.models import CouncilHost

    council.hosts = []
    db.session.flush()
    hosts = _clean_hosts(hosts)
    primary = normalise_host(primary) if primary else (hosts[0] if hosts else None)
    if primary is not None and primary not in hosts:
        raise CouncilError(f"The primary host {primary} is not among the hosts.")
    council.hosts = [CouncilHost(host=host, is_primary=host == primary) for host in hosts]
    db.session.flush()
