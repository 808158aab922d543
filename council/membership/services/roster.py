"""The roster: queries, departures, corrections, composition counts, the member's own data, and
the link between a record and an account. Add and flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from council import audit, dates
from council.auth.access import is_staff
from council.auth.models import Role, User
from council.auth.services.accounts import AccountError, normalise_email, require_admin
from council.database import lock
from council.eligibility import College
from council.extensions import db
from council.membership import providers
from council.membership.composition import Composition, Proposal, Substitute, next_substitute
from council.membership.mandates import renewal_problem
from council.membership.minimisation import collected
from council.membership.models import Application, ApplicationStatus, Gender, Member, MemberStatus
from council.reference.models import Neighbourhood

PAGE_SIZE = 25
# What a member's page shows besides the record: load it with the record (``options=``), so the
# template never loads anything.
MEMBER_RECORD = (selectinload(Member.neighbourhood), selectinload(Member.user),
                 selectinload(Member.invited_by))


class RosterError(ValueError):
    """A roster change that cannot be done; the message is French."""


@dataclass(frozen=True)
class RosterFilters:
    q: str = ""
    college: College | None = None
    neighbourhood: str | None = None  # slug
    status: str = "active"  # active | left | all


@dataclass(frozen=True)
class Page:
    items: list
    total: int
    page: int
    per_page: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _filtered(query, filters: RosterFilters):
    if filters.status == "active":
        query = query.where(Member.status == MemberStatus.ACTIVE)
    elif filters.status == "left":
        query = query.where(Member.status != MemberStatus.ACTIVE)
    if filters.college is not None:
        query = query.where(Member.college == filters.college)
    if filters.neighbourhood:
        query = query.join(Neighbourhood, Member.neighbourhood_id == Neighbourhood.id).where(
            Neighbourhood.slug == filters.neighbourhood)
    text = filters.q.strip().lower()
    if text:
        columns = (Member.first_name, Member.last_name, Member.email, Member.structure_name)
        query = query.where(or_(*(func.lower(c).contains(text, autoescape=True) for c in columns)))
    return query


def _paged(query, count_query, page: int) -> Page:
    total = db.session.scalar(count_query)
    page = min(max(page, 1), max(1, -(-total // PAGE_SIZE)))
    rows = db.session.execute(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return Page(items=list(rows), total=total, page=page)


def organiser_roster(filters: RosterFilters, page: int) -> Page:
    """Full member records matching the filters, by name; items are ``Member`` objects."""
    query = _filtered(select(Member), filters)
    count = _filtered(select(func.count(Member.id)), filters)
    result = _paged(query.options(selectinload(Member.neighbourhood))
                    .order_by(Member.last_name, Member.first_name, Member.id), count, page)
    return Page([row[0] for row in result.items], result.total, result.page)


def member_roster(q: str, college: College | None, page: int) -> Page:
    """What members may see: first name, last name and college of active members, nothing else."""
    filters = RosterFilters(q="", college=college, status="active")
    text = q.strip().lower()
    columns = select(Member.first_name, Member.last_name, Member.college)
    query, count = _filtered(columns, filters), _filtered(select(func.count(Member.id)), filters)
    if text:
        match = or_(func.lower(Member.first_name).contains(text, autoescape=True),
                    func.lower(Member.last_name).contains(text, autoescape=True))
        query, count = query.where(match), count.where(match)
    return _paged(query.order_by(Member.last_name, Member.first_name, Member.id), count, page)


def members_for_export(filters: RosterFilters) -> list[Member]:
    """Every member matching the filters (no paging), neighbourhoods loaded."""
    query = _filtered(select(Member), filters).options(selectinload(Member.neighbourhood))
    return list(db.session.scalars(query.order_by(Member.last_name, Member.first_name, Member.id)))


def active_members_by_college() -> dict[College, list[Member]]:
    """Active members grouped by college, by name (the list sent to the préfecture)."""
    grouped: dict[College, list[Member]] = {college: [] for college in College}
    for member in members_for_export(RosterFilters(status="active")):
        grouped[member.college].append(member)
    return grouped


def _sitting_on(day: date):
    """SQL for ``mandates.sat_on``: joined on or before ``day``, and active or left on or after it
    (a departure's day is ``status_changed_on``)."""
    return (Member.joined_on <= day) & or_(
        Member.status == MemberStatus.ACTIVE, Member.status_changed_on >= day)


def sitting_on_clause(day: date):
    """The SQL condition « sat on ``day`` » (``mandates.sat_on``), for other areas' counts."""
    return _sitting_on(day)


def members_sitting_on(day: date) -> list[Member]:
    """The members who sat on ``day`` (``mandates.sat_on``), by name: a meeting's register."""
    return list(db.session.scalars(
        select(Member).where(_sitting_on(day))
        .order_by(Member.last_name, Member.first_name, Member.id)))


def count_sitting_on(day: date) -> int:
    """How many members sat on ``day``: the base of a meeting's quorum."""
    return db.session.scalar(select(func.count()).select_from(Member).where(_sitting_on(day)))


def active_members() -> list[Member]:
    """Active members of the roster, by name."""
    return list(db.session.scalars(
        select(Member).where(Member.status == MemberStatus.ACTIVE)
        .order_by(Member.last_name, Member.first_name, Member.id)
    ))


def absence_flags(members) -> dict[int, str]:
    """``{member id: "3 absences non excusées de suite"}`` for the members given whose run of
    unexcused absences reaches ABSENCE_RUN_THRESHOLD (the roster shows the column only then).
    The runs come from the provider the meetings area registers; none: no flags."""
    runs = providers.absence_runs(member_ids={member.id for member in members})
    return {member_id: f"{run} absences non excusées de suite" for member_id, run in runs.items()}


def member_of(user: User) -> Member | None:
    """The roster record linked to an account, if any."""
    return db.session.scalar(select(Member).where(Member.user_id == user.id)
                             .options(selectinload(Member.neighbourhood)))


def update_member(member: Member, fields: dict[str, Any], actor: User) -> None:
    """An organiser corrects a record. Its e-mail is a contact address (meeting notices): it
    never changes the login e-mail of the linked account, which only its owner changes, through
    a confirmation link (``auth.services.email_change.request_email_change``). What the
    member's college is not asked (a local actor's gender and address) is emptied
    (``minimisation.collected``), whatever ``fields`` holds."""
    fields = collected(fields["college"], fields)
    slug = fields.pop("neighbourhood")
    fields["neighbourhood"] = db.session.scalar(select(Neighbourhood).where(Neighbourhood.slug == slug))
    fields["email"] = normalise_email(fields["email"])
    for name, value in fields.items():
        setattr(member, name, value)
    db.session.flush()
    audit.log(actor, "member.update", "member", member.id)


def record_departure(member: Member, status: MemberStatus, on: date, reason: str | None,
                     actor: User) -> None:
    """A member leaves (resigned, moved out, removed). The record stays; a member-only account
    is switched off. The record is locked first: two departures at once are recorded once."""
    lock(Member, member.id)
    if not member.is_active:
        raise RosterError(f"Ce membre a déjà quitté le conseil ({member.status.label}).")
    if status is MemberStatus.ACTIVE:
        raise RosterError("Choisissez le motif du départ.")
    member.status = status
    member.status_changed_on = on
    member.status_reason = (reason or "").strip() or None
    if member.user is not None and not is_staff(member.user) and member.user.role is not None:
        member.user.set_active_here(False)  # here only: another council's access stays
    db.session.flush()
    audit.log(actor, "member.leave", "member", member.id, note=status.value)


def composition(today: date | None = None, count_expired: bool = True) -> Composition:
    """Active members per college and gender, and open applications per college: three queries.
    ``count_expired`` (setting ``EXPIRED_MANDATES_COUNT``): whether members whose mandate ended
    before ``today`` still count; ``.expired`` says how many there are either way."""
    today = today or dates.today()
    expired = Member.mandate_ends_on.is_not(None) & (Member.mandate_ends_on < today)
    counted = Member.status == MemberStatus.ACTIVE
    if not count_expired:
        counted = counted & ~expired
    counts = db.session.execute(
        select(Member.college, Member.gender, func.count(Member.id))
        .where(counted).group_by(Member.college, Member.gender))
    residents = actors = women = men = 0
    for college, gender, count in counts:
        if college is College.LOCAL_ACTOR:
            actors += count
            continue
        residents += count
        women += count if gender is Gender.FEMALE else 0
        men += count if gender is Gender.MALE else 0
    waiting: dict[ApplicationStatus, dict[College, int]] = {
        ApplicationStatus.PENDING: {}, ApplicationStatus.SUBSTITUTE: {}}
    for status, college, count in db.session.execute(
            select(Application.status, Application.college, func.count(Application.id))
            .where(Application.status.in_(list(waiting))).group_by(Application.status, Application.college)):
        waiting[status][college] = count
    expired_count = db.session.scalar(select(func.count()).select_from(Member).where(
        Member.status == MemberStatus.ACTIVE, expired))
    return Composition(residents, actors, women, men, pending=waiting[ApplicationStatus.PENDING],
                       substitutes=waiting[ApplicationStatus.SUBSTITUTE], expired=expired_count)


def expired_mandates(today: date | None = None) -> list[Member]:
    """Active members whose mandate ended before ``today``, soonest ended first."""
    today = today or dates.today()
    return list(db.session.scalars(
        select(Member).where(Member.status == MemberStatus.ACTIVE,
                             Member.mandate_ends_on < today)
        .order_by(Member.mandate_ends_on, Member.last_name, Member.first_name, Member.id)))


def renew_mandate(member: Member, new_end: date | None, actor: User, today: date | None = None) -> None:
    """Renew an active member's mandate until ``new_end``; ``RosterError`` says why not."""
    lock(Member, member.id)
    if not member.is_active:
        raise RosterError(f"Ce membre a quitté le conseil ({member.status.label}) : "
                          "son mandat ne peut plus être renouvelé.")
    if problem := renewal_problem(new_end, member.joined_on, today or dates.today()):
        raise RosterError(problem)
    member.mandate_ends_on = new_end
    db.session.flush()
    audit.log(actor, "member.renew", "member", member.id)


@dataclass(frozen=True)
class Replacement:
    """The substitute to offer in place of a member who left (``proposed``: their application,
    or None), why, and that college's whole list."""

    proposal: Proposal
    proposed: Application | None
    queue: list[Application]


def replacement_for(member: Member, parity_max_gap: int) -> Replacement:
    """The substitute to offer in place of a member who left, and that college's whole list."""
    queue = _substitutes_of(member.college)
    current = composition()
    proposal = next_substitute(
        [Substitute(a.id, a.college, a.gender.value if a.gender else None, a.substitute_position or 0)
         for a in queue],
        member.college, women=current.women, men=current.men, parity_max_gap=parity_max_gap)
    chosen = proposal.substitute.id if proposal.substitute else None
    return Replacement(proposal, next((a for a in queue if a.id == chosen), None), queue)


def _substitutes_of(college: College) -> list[Application]:
    return list(db.session.scalars(
        select(Application).where(Application.status == ApplicationStatus.SUBSTITUTE,
                                  Application.college == college)
        .order_by(Application.substitute_position, Application.id)))


def update_contact(member: Member, phone: str | None, address: str | None) -> None:
    """A member changes their own phone and address (the e-mail changes through a confirmation
    link sent to the new address: ``auth.services.email_change.request_email_change``). A
    local actor is not asked an address (``minimisation``): none is kept."""
    member.phone = phone or None
    member.address = collected(member.college, {"address": address or None})["address"]
    db.session.flush()
    audit.log(member.user, "member.update_contact", "member", member.id)


def update_preferences(member: Member, invitations_by_email: bool, alarm_minutes: int | None) -> None:
    """The member's own choices: meeting invitations by e-mail, the alarm of their private feed
    (minutes before a meeting; None: none)."""
    member.invitations_by_email = bool(invitations_by_email)
    member.feed_alarm_minutes = alarm_minutes
    db.session.flush()


def record_export(actor: User, count: int) -> None:
    """Trace that the roster left the app (who, when, how many lines)."""
    audit.log(actor, "roster.export", "member", None, note=f"{count} lines")


def members_without_account() -> list[Member]:
    """Active roster records not linked to any account, by name (what an admin may link)."""
    return list(db.session.scalars(
        select(Member).where(Member.user_id.is_(None), Member.status == MemberStatus.ACTIVE)
        .order_by(Member.last_name, Member.first_name, Member.id)))


def link_member_account(actor: User, member: Member, user: User) -> None:
    """An admin links a roster record to an account, both chosen by id (identity rule 2, in
    the docstring of ``council.auth.services``).

    The account keeps its role, password and state; a record or an account already linked
    elsewhere is refused (AccountError).
    """
    require_admin(actor)
    if member.user_id is not None:
        raise AccountError("Cette fiche est déjà reliée à un compte.")
    if db.session.scalar(select(Member.id).where(Member.user_id == user.id)) is not None:
        raise AccountError("Ce compte est déjà relié à une fiche de membre.")
    member.user = user
    db.session.flush()
    audit.log(actor, "account.link_member", "user", user.id, note=f"member {member.id}")


def inviter_name(member: Member) -> str | None:
    """Who invited ``member`` to the members' area, as the record page says it: the name on the
    inviter's own roster record (this council's), else their role (« un·e organisateur·rice »)
    — never their login e-mail. None when nobody is recorded."""
    inviter = member.invited_by
    if inviter is None:
        return None
    own = db.session.execute(select(Member.first_name, Member.last_name).where(
        Member.user_id == inviter.id, Member.anonymised_at.is_(None)).limit(1)).first()
    if own is not None:
        return f"{own.first_name} {own.last_name}"
    return "un·e administrateur·rice" if inviter.role is Role.ADMIN else "un·e organisateur·rice"


def names_of(user: User) -> list[str]:
    """The names (and contact e-mail) on the roster record linked to an account, which its
    password must not be made of (registered with ``accounts.on_personal_words``)."""
    member = db.session.scalar(select(Member).where(Member.user_id == user.id))
    return [] if member is None else [member.first_name, member.last_name, member.email]


def follow_login_email(user: User, new_email: str) -> None:
    """The roster record linked to an account takes its new login e-mail (registered with
    ``auth.services.email_change.on_login_email_change``)."""
    member = db.session.scalar(select(Member).where(Member.user_id == user.id))
    if member is not None:
        member.email = new_email


def mandates_ending(until: date, limit: int) -> tuple[int, list[Member]]:
    """Active members whose mandate ends on or before ``until`` (ended ones included), how many
    and the ``limit`` first by end date (two statements, whatever the size)."""
    ending = (Member.status == MemberStatus.ACTIVE) & Member.mandate_ends_on.is_not(None) \
        & (Member.mandate_ends_on <= until)
    count = db.session.scalar(select(func.count(Member.id)).where(ending))
    members = list(db.session.scalars(
        select(Member).where(ending)
        .order_by(Member.mandate_ends_on, Member.last_name, Member.first_name, Member.id).limit(limit)))
    return count, members


def members_named(member_ids) -> dict[int, Member]:
    """The roster records of ``member_ids`` (one statement)."""
    ids = list(member_ids)
    if not ids:
        return {}
    return {m.id: m for m in db.session.scalars(select(Member).where(Member.id.in_(ids)))}
