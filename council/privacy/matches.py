"""Finding a person by phone number or name for an erasure, and erasing the one record the admin
chose. Add and flush, never commit.

An e-mail address is an identity (``services.erase_person``); a phone number or a name is not:
two residents share a name, a family shares a phone. So a search lists every match, the admin
picks one, and only that record (with what is linked to it by id) is erased.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from council import audit
from council.auth.models import User
from council.extensions import db
from council.membership.models import Application, Member
from council.observations.models import Observation
from council.privacy.identity import name_matches, normalise_phone
from council.privacy.services import Report, _forget_resident, _keep_an_admin, anonymise_member


class ErasureChoiceError(ValueError):
    """The chosen record is not (or no longer) one of the matches: nothing is erased."""


@dataclass(frozen=True)
class Match:
    """One record that matches the search, described for the admin who picks."""

    key: str  # "member:12", "application:5", "observation:7"
    what: str
    name: str
    details: str


def _fits(phone: str | None, name: str, record_phone: str | None, *names: str | None) -> bool:
    """Every criterion given matches (phone by its digits, name by its words)."""
    if phone and normalise_phone(record_phone) != phone:
        return False
    return not name or name_matches(name, *names)


def find_matches(phone: str = "", name: str = "") -> list[Match]:
    """Members (not yet anonymised), applications not linked to a member, and residents' contacts
    on observations that match the phone number and/or the name given."""
    phone_digits, name = normalise_phone(phone), (name or "").strip()
    if not (phone_digits or name):
        return []
    found = []
    for member in db.session.scalars(select(Member).where(Member.anonymised_at.is_(None))
                                     .order_by(Member.last_name, Member.first_name, Member.id)):
        if _fits(phone_digits, name, member.phone, member.first_name, member.last_name):
            found.append(Match(f"member:{member.id}", "Fiche de membre", member.full_name,
                               f"{member.college.label}, {member.status.label}, "
                               f"{member.email or 'sans e-mail'}, {member.phone or 'sans téléphone'}"))
    for application in db.session.scalars(select(Application).where(Application.member_id.is_(None))
                                          .order_by(Application.created_at, Application.id)):
        if _fits(phone_digits, name, application.phone, application.first_name, application.last_name):
            found.append(Match(f"application:{application.id}", "Candidature", application.full_name,
                               f"{application.reference}, {application.email}, "
                               f"{application.phone or 'sans téléphone'}"))
    for observation in db.session.scalars(select(Observation).where(or_(
            Observation.resident_name.is_not(None), Observation.resident_contact.is_not(None)))
            .order_by(Observation.id)):
        if _fits(phone_digits, name, observation.resident_contact, observation.resident_name):
            found.append(Match(f"observation:{observation.id}", "Contact d'habitant·e",
                               observation.resident_name or "—",
                               f"observation {observation.reference}, {observation.resident_contact or ''}"))
    return found


def erase_match(actor: User, key: str, phone: str = "", name: str = "") -> Report:
    """Erase the one record ``key`` the admin chose among ``find_matches(phone, name)``: a member
    (anonymised with their account and applications), an application (deleted) or a resident's
    contact (forgotten). ErasureChoiceError when ``key`` is not among the matches."""
    if key not in {match.key for match in find_matches(phone, name)}:
        raise ErasureChoiceError("Choisissez une des personnes trouvées : cette fiche ne correspond "
                                 "pas (ou plus) à la recherche.")
    kind, _, record_id = key.partition(":")
    report = Report()
    if kind == "member":
        member = db.session.get(Member, int(record_id))
        _keep_an_admin([member.user] if member.user is not None else [])
        anonymise_member(member, report)
    elif kind == "application":
        db.session.delete(db.session.get(Application, int(record_id)))
        report.add("applications")
    else:
        _forget_resident(db.session.get(Observation, int(record_id)))
        report.add("observation_contacts")
    db.session.flush()
    audit.log(actor, "privacy.erase", "person", None, note=report.note())
    return report
