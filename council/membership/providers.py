"""What the areas above membership lend to its pages, registered when their blueprint is imported
(as ``council.navigation`` does for links): membership never imports them. No Flask, no database.

- the roster's absence flags: ``register_absence_provider(fn)``, where ``fn(member_ids=...)``
  returns ``{member id: length of the run of unexcused absences}`` for the runs long enough to
  flag (meetings);
- the profile's extra sections: ``add_profile_section(template, context)``; /profil includes
  ``template``, rendered with what ``context()`` returns (meetings: the calendar subscription);
- what follows a departure, once committed: ``add_departure_follow_up(fn)``, where ``fn(member)``
  does it and returns French sentences for the organiser (meetings: the member's invitations to
  meetings to come are withdrawn from their calendar).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

AbsenceProvider = Callable[..., dict[int, int]]

_absence_provider: list[AbsenceProvider] = []


@dataclass(frozen=True)
class ProfileSection:
    template: str
    context: Callable[[], dict]


_PROFILE_SECTIONS: dict[str, ProfileSection] = {}


def register_absence_provider(provider: AbsenceProvider) -> None:
    """Set the function that tells runs of unexcused absences (registering again replaces it)."""
    _absence_provider[:] = [provider]


def absence_runs(member_ids: Iterable[int]) -> dict[int, int]:
    """``{member id: run}`` from the registered provider; empty when none is registered."""
    if not _absence_provider:
        return {}
    return _absence_provider[0](member_ids=set(member_ids))


def add_profile_section(template: str, context: Callable[[], dict]) -> None:
    """Show ``template`` on /profil (registering the same template again replaces it)."""
    _PROFILE_SECTIONS[template] = ProfileSection(template, context)


def profile_sections() -> list[ProfileSection]:
    """The extra sections of /profil, in the order they were added."""
    return list(_PROFILE_SECTIONS.values())


DepartureFollowUp = Callable[..., list[str]]
_DEPARTURE_FOLLOW_UPS: dict[str, DepartureFollowUp] = {}


def add_departure_follow_up(name: str, follow_up: DepartureFollowUp) -> None:
    """Run ``follow_up(member)`` after each departure is committed (the same name replaces it)."""
    _DEPARTURE_FOLLOW_UPS[name] = follow_up


def after_departure(member) -> list[str]:
    """Run the follow-ups of a committed departure; what they say, in order. Each may send mail:
    a failure is theirs to log, the departure stands."""
    said: list[str] = []
    for follow_up in _DEPARTURE_FOLLOW_UPS.values():
        said += follow_up(member)
    return said
