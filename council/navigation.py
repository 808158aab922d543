"""The site navigation, filled by each area when its blueprint is imported.

``add("meetings.index", "Réunions")`` shows a link to everyone; ``role=Role.ORGANISER`` only to
accounts whose role includes it. Keeping the list here means areas never edit ``base.html``.
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


_ITEMS: dict[str, NavItem] = {}


def add(endpoint: str, label: str, role=None, order: int = 50) -> None:
    """Register a navigation link (registering the same endpoint again replaces it)."""
    _ITEMS[endpoint] = NavItem(endpoint, label, role, order)


def visible_items() -> list[NavItem]:
    """The links the current visitor may follow, in order."""
    items = sorted(_ITEMS.values(), key=lambda item: (item.order, item.label))
    return [
        item for item in items
        if item.role is None or (current_user.is_authenticated and current_user.has_role(item.role))
    ]
