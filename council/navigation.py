"""The site navigation, filled by each area when its blueprint is imported.

``add("meetings.index", "Réunions")`` shows a link to everyone; ``role=Role.ORGANISER`` only to
accounts whose role includes it; ``signed_out=True`` only to visitors who are not signed in (the
application form: members already are). Keeping the list here means areas never edit ``base.html``.

``add_landing(endpoint, role, rank)``: where an account whose role includes ``role`` lands after
signing in (the highest ``rank`` that applies wins: organisers on the dashboard, members on
their profile); ``landing_endpoint(user)`` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    role: object | None = None  # a council.auth.models.Role, or None for everyone
    order: int = 50
    signed_out: bool = False  # shown only to visitors who are not signed in


_ITEMS: dict[str, NavItem] = {}


def add(endpoint: str, label: str, role=None, order: int = 50, signed_out: bool = False) -> None:
    """Register a navigation link (registering the same endpoint again replaces it)."""
    _ITEMS[endpoint] = NavItem(endpoint, label, role, order, signed_out)


def visible_items() -> list[NavItem]:
    """The links the current visitor may follow, in order."""
    items = sorted(_ITEMS.values(), key=lambda item: (item.order, item.label))
    signed_in = current_user.is_authenticated
    return [
        item for item in items
        if not (item.signed_out and signed_in)
        and (item.role is None or (signed_in and current_user.has_role(item.role)))
    ]


_LANDINGS: dict[str, tuple[int, object]] = {}


def add_landing(endpoint: str, role, rank: int) -> None:
    """Accounts whose role includes ``role`` land on ``endpoint`` after signing in, unless a
    landing of higher ``rank`` applies to them too."""
    _LANDINGS[endpoint] = (rank, role)


def landing_endpoint(user, default: str = "public.home") -> str:
    """Where ``user`` lands after signing in: the applicable landing of highest rank."""
    applicable = [(rank, endpoint) for endpoint, (rank, role) in _LANDINGS.items()
                  if user.has_role(role)]
    return max(applicable)[1] if applicable else default
