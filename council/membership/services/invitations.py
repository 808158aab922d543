"""Inviting members who have no account to the members' area: one, or every member of a roster
filter at once. An invitation creates an account without password — only where no account has
the address: an existing account is never linked nor changed (identity rule 2) — and records who
invited and when; the view then sends the activation e-mail. Add and flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from council import audit
from council.auth.models import Role, User
from council.auth.services.accounts import create_user, find_user, normalise_email
from council.database import lock, utcnow
from council.extensions import db
from council.membership.admission import ADDRESS_HAS_ACCOUNT, Invitee, invitation_problem
from council.membership.models import Member
from council.membership.services.roster import RosterError, RosterFilters, _filtered


@dataclass
class Batch:
    """What an invitation round did: the members invited (their fresh account linked), and the
    others with the French reason they were not."""

    invited: list[Member] = field(default_factory=list)
    skipped: list[tuple[Member, str]] = field(default_factory=list)


def _without_account(filters: RosterFilters):
    """Active members of the filter with an e-mail and no account: whom a round would invite."""
    query = _filtered(select(Member), RosterFilters(filters.q, filters.college,
                                                    filters.neighbourhood, "active"))
    return query.where(Member.user_id.is_(None), Member.email.is_not(None))


def invitable_count(filters: RosterFilters) -> int:
    """How many members of the filter a round would try to invite."""
    return db.session.scalar(select(func.count()).select_from(
        _without_account(filters).with_only_columns(Member.id).subquery()))


def invitable(filters: RosterFilters) -> list[Member]:
    """The members of the filter a round would try to invite, by name."""
    return list(db.session.scalars(_without_account(filters).order_by(
        Member.last_name, Member.first_name, Member.id)))


def taken_addresses(members: list[Member]) -> set[str]:
    """Which of these members' e-mails are already an account's login (one query)."""
    emails = {normalise_email(member.email) for member in members if member.email}
    if not emails:
        return set()
    return set(db.session.scalars(select(User.email).where(User.email.in_(emails))))


def problem_of(member: Member, taken: set[str]) -> str | None:
    """Why ``member`` would not be invited (``admission.invitation_problem``), or None."""
    email = normalise_email(member.email) if member.email else None
    return invitation_problem(Invitee(active=member.is_active, email=email,
                                      has_account=member.user_id is not None,
                                      address_has_account=email in taken))


def invite(member: Member, actor: User) -> Batch:
    """Invite one member (the member page's button). The record is locked first: a double click
    invites once, the second click is told the member already has an account."""
    lock(Member, member.id)
    return _invite_each([member], actor)


def invite_selection(filters: RosterFilters, actor: User, ids: list[int]) -> Batch:
    """Invite the members ``ids`` of a round (read by ``invitable``) that still have no account.

    Their rows are locked in id order, and only those still without an account are kept: a
    round sent twice at the same instant (a double click) invites each member once — the second
    waits for the first, then finds nobody left (PostgreSQL; SQLite runs writers one at a time).
    """
    if not ids:
        return Batch()
    members = list(db.session.scalars(
        _without_account(filters).where(Member.id.in_(ids)).order_by(Member.id)
        .with_for_update(of=Member).execution_options(populate_existing=True)))
    members.sort(key=lambda m: (m.last_name, m.first_name, m.id))
    return _invite_each(members, actor)


def _invite_each(members: list[Member], actor: User) -> Batch:
    batch = Batch()
    taken = taken_addresses(members)
    for member in members:
        problem = problem_of(member, taken)
        user = None if problem else _new_account(member.email)
        if user is None:  # a problem, or an account took the address meanwhile
            batch.skipped.append((member, problem or ADDRESS_HAS_ACCOUNT))
            continue
        taken.add(user.email)
        member.user = user
        member.invited_at, member.invited_by_id = utcnow(), actor.id
        batch.invited.append(member)
    db.session.flush()
    for member in batch.invited:
        audit.log(actor, "member.invite", "member", member.id)
    return batch


def _new_account(email: str) -> User | None:
    """A member account without password for this address, or None when an account took the
    address meanwhile (another request: the unique login e-mail refuses the second)."""
    if find_user(email) is not None:
        return None
    try:
        with db.session.begin_nested():
            return create_user(email, Role.MEMBER)
    except IntegrityError:
        return None


def record_resend(member: Member, actor: User) -> None:
    """The activation link is sent again: who, when (the page shows the last one)."""
    if not member.awaits_activation:
        raise RosterError("Ce membre n'attend pas de lien d'activation.")
    member.invited_at, member.invited_by_id = utcnow(), actor.id
    db.session.flush()
    audit.log(actor, "member.reinvite", "member", member.id)
