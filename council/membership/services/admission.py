"""A member added by hand (drawn by lot, co-opted, designated, a paper application): the checks of
an accepted application, eligibility as a warning the organiser may override with a reason, and
never an account (identity rule 2: an invitation creates one later, only for a free address).
Add and flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from council import audit
from council.audit.models import AuditEntry
from council.auth.models import User
from council.auth.services.accounts import normalise_email
from council.database import serialise
from council.eligibility import Applicant, Decision, nth_birthday
from council.extensions import db
from council.membership import admission
from council.membership.minimisation import collected
from council.membership.models import JoinMethod, Member, MemberStatus
from council.membership.services.applications import check_eligibility
from council.reference.models import Neighbourhood


@dataclass(frozen=True)
class Addition:
    """What became of an addition: the member, or the French errors by form field (nothing was
    written), with the eligibility decision either way."""

    decision: Decision
    member: Member | None = None
    errors: dict[str, str] = field(default_factory=dict)


def assess(applicant: Applicant, today: date) -> Decision:
    """The eligibility rule, as for an application (this council's settings, today's date)."""
    return check_eligibility(applicant, today)


def add_member(fields: dict[str, Any], applicant: Applicant, join_method: JoinMethod,
               override_reason: str | None, actor: User, today: date) -> Addition:
    """Add an active member by hand, or say (by field) why not.

    ``fields`` are Member columns, the neighbourhood as a slug under ``neighbourhood``. Refused:
    an e-mail already an active member's, and an ineligible person without the council's reason
    (``admission.override_problem``). The record is linked to no account, even when its e-mail
    is an account's login. Additions of the same address at the same instant run one after the
    other (PostgreSQL), so the second sees the first and is refused as a duplicate.
    """
    serialise("member-email")
    decision = assess(applicant, today)
    errors: dict[str, str] = {}
    email = normalise_email(fields["email"]) if fields.get("email") else None
    if email and _active_member_with(email):
        errors["email"] = admission.DUPLICATE_MEMBER
    if problem := admission.override_problem(decision, override_reason):
        errors["override_reason"] = problem
    if errors:
        return Addition(decision, errors=errors)
    # what the college is not asked (a local actor's gender, address) is not kept (``minimisation``)
    member = _new_member(collected(fields["college"], dict(fields, email=email)), join_method, today)
    member.eligibility_override_reason = admission.stored_override(decision, override_reason)
    db.session.add(member)
    db.session.flush()
    audit.log(actor, "member.add", "member", member.id,
              note=admission.audit_note(join_method.value, decision))
    return Addition(decision, member=member)


def _active_member_with(email: str) -> bool:
    return db.session.scalar(select(func.count(Member.id)).where(
        Member.email == email, Member.status == MemberStatus.ACTIVE)) > 0


def _new_member(fields: dict[str, Any], join_method: JoinMethod, today: date) -> Member:
    slug = fields.pop("neighbourhood")
    neighbourhood = db.session.scalar(select(Neighbourhood).where(Neighbourhood.slug == slug)) \
        if slug else None
    joined_on = fields.pop("joined_on") or today
    years = int(current_app.config["MANDATE_YEARS"])
    mandate_ends_on = fields.pop("mandate_ends_on") or (
        nth_birthday(joined_on, years) if years else None)
    return Member(**fields, neighbourhood=neighbourhood, joined_on=joined_on,
                  mandate_ends_on=mandate_ends_on, join_method=join_method,
                  status=MemberStatus.ACTIVE)


def overridden_conditions(member: Member) -> list:
    """The conditions the council overrode to add this member (from the journal's note), or
    nothing when it overrode none."""
    if not member.eligibility_override_reason:
        return []
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "member.add", AuditEntry.target_type == "member",
        AuditEntry.target_id == member.id).limit(1))
    return admission.overridden_reasons(entry.note) if entry is not None and entry.note else []
