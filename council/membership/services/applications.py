"""Applications: submit (or count an anonymous refusal), then review — accept, put on the
substitutes list, reject, promote a substitute. Add and flush, never commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from council import audit, dates
from council.auth.models import User
from council.auth.services.accounts import ADDRESS_HAS_ACCOUNT, new_member_account, normalise_email
from council.councils.services import neighbourhood_slugs, rules
from council.database import serialise, utcnow, violates_unique
from council.eligibility import Applicant, College, Decision, Reason, check, nth_birthday
from council.extensions import db
from council.membership.minimisation import collected
from council.membership.models import (
    Application,
    ApplicationStatus,
    Member,
    MemberStatus,
    RefusalCount,
)
from council.reference.models import Neighbourhood

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud
REFERENCE_ATTEMPTS = 5  # draws of a reference another council already uses, before giving up
QUEUE_PAGE_SIZE = 20
# What an application's page shows besides the application: load it along (``options=``).
APPLICATION_RECORD = (selectinload(Application.home_neighbourhood),
                      selectinload(Application.activity_neighbourhood),
                      selectinload(Application.member))


class ApplicationError(ValueError):
    """A review action that cannot be done; the message is French, for the organiser."""


def minimum_age() -> int:
    """The minimum age in force (the council's profile; ``MINIMUM_AGE`` until one is stored)."""
    return rules().minimum_age


def check_eligibility(applicant: Applicant, today: date) -> Decision:
    """The eligibility rule with this council's profile (neighbourhoods, minimum age)."""
    return check(applicant, today=today, neighbourhoods=neighbourhood_slugs(),
                 minimum_age=minimum_age())


def recheck(applications, today: date) -> dict[int, Decision]:
    """Each application's eligibility checked again on ``today``, by application id (the
    council's neighbourhoods read once for the whole page, not once per application)."""
    neighbourhoods, age = neighbourhood_slugs(), minimum_age()
    return {application.id: check(application.as_applicant(), today=today,
                                  neighbourhoods=neighbourhoods, minimum_age=age)
            for application in applications}


@dataclass(frozen=True)
class Submission:
    """What became of an application: stored, refused (with the decision), or a duplicate."""

    application: Application | None = None
    decision: Decision | None = None
    duplicate: str | None = None  # the French message for the e-mail field


def submit(fields: dict[str, Any], applicant: Applicant, today: date) -> Submission:
    """Store an eligible application as pending; count an ineligible one anonymously.

    ``fields`` are the Application columns, with neighbourhood slugs under ``home_neighbourhood``
    and ``activity_neighbourhood``; what the college is not asked is dropped. Nothing personal
    is kept about a refused applicant. The same
    application sent several times at once is stored once: the others meet the unique index on
    open applications' e-mail and get the duplicate check's answer.
    """
    duplicate = duplicate_message(fields["email"])
    if duplicate:
        return Submission(duplicate=duplicate)
    decision = check_eligibility(applicant, today)
    if not decision.eligible:
        record_refusal(decision.reasons, today)
        return Submission(decision=decision)
    fields = dict(fields, email=normalise_email(fields["email"]))
    home = _neighbourhood(fields.pop("home_neighbourhood"))
    activity = _neighbourhood(fields.pop("activity_neighbourhood"))
    if applicant.college is College.RESIDENT:
        fields.update(actor_category=None, structure_name=None)
        activity = None
    else:  # a local actor is asked neither gender nor where they live (``minimisation``)
        fields = collected(applicant.college, fields)
        home = None
    application = Application(status=ApplicationStatus.PENDING, home_neighbourhood=home,
                              activity_neighbourhood=activity, consented_at=utcnow(), **fields)
    for attempt in range(REFERENCE_ATTEMPTS):
        application.reference = draw_reference()
        try:
            with db.session.begin_nested():
                db.session.add(application)
                db.session.flush()
            break
        except IntegrityError as error:
            # The reference is unique across the install, but another council's applications
            # are invisible here (PostgreSQL's row-level security): only the index knows. Draw again.
            if violates_unique(error, "application", "reference") and attempt + 1 < REFERENCE_ATTEMPTS:
                continue
            # Another request stored this address between our check and our insert: the check,
            # run again, now sees it (its transaction committed before ours could go on).
            duplicate = duplicate_message(fields["email"])
            if duplicate is None:
                raise
            return Submission(duplicate=duplicate)
    return Submission(application=application, decision=decision)


def duplicate_message(email: str) -> str | None:
    """Why this e-mail cannot apply again (already waiting, or already a member), or None."""
    email = normalise_email(email)
    waiting = db.session.scalar(select(Application.status).where(
        Application.email == email,
        Application.status.in_([ApplicationStatus.PENDING, ApplicationStatus.SUBSTITUTE])).limit(1))
    if waiting is ApplicationStatus.PENDING:
        return "Une candidature avec cette adresse e-mail est déjà en cours d'examen."
    if waiting is ApplicationStatus.SUBSTITUTE:
        return "Cette adresse e-mail figure déjà sur la liste des suppléant·es du conseil."
    if _active_member_with(email):
        return "Cette adresse e-mail est déjà celle d'un membre du conseil citoyen."
    return None


def _active_member_with(email: str) -> bool:
    return db.session.scalar(select(func.count(Member.id)).where(
        Member.email == email, Member.status == MemberStatus.ACTIVE)) > 0


def _neighbourhood(slug: str | None) -> Neighbourhood | None:
    if not slug:
        return None
    return db.session.scalar(select(Neighbourhood).where(Neighbourhood.slug == slug))


def draw_reference() -> str:
    """A short random reference such as ``C-7KM3QX`` (30^6 of them). It must be unused by every
    council (a reference names one application wherever it is typed): the unique index says so
    when the application is stored, and ``submit`` then draws another."""
    return "C-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


def record_refusal(reasons: tuple[Reason, ...], today: date) -> None:
    """Add one to this month's count of each reason (an atomic upsert; nothing else is kept)."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    month = today.replace(day=1)
    for reason in reasons:
        statement = insert(RefusalCount).values(month=month, reason=reason, count=1)
        db.session.execute(statement.on_conflict_do_update(
            index_elements=["council_id", "month", "reason"],
            set_={"count": RefusalCount.__table__.c.count + 1}))


def refusal_summary(today: date, months: int = 12) -> list[tuple[date, dict[Reason, int]]]:
    """Refusal counts of the last ``months`` months, newest first, only months with refusals."""
    start = today.replace(day=1)
    for _ in range(months - 1):
        start = (start.replace(day=1) - date.resolution).replace(day=1)
    rows = db.session.execute(select(RefusalCount.month, RefusalCount.reason, RefusalCount.count)
                              .where(RefusalCount.month >= start)
                              .order_by(RefusalCount.month.desc()))
    summary: dict[date, dict[Reason, int]] = {}
    for month, reason, count in rows:
        summary.setdefault(month, {})[reason] = count
    return list(summary.items())


def pending_page(page: int):
    """Pending applications, oldest first, one page at a time."""
    query = (select(Application).where(Application.status == ApplicationStatus.PENDING)
             .options(selectinload(Application.home_neighbourhood),
                      selectinload(Application.activity_neighbourhood))
             .order_by(Application.created_at, Application.id))
    return db.paginate(query, page=page, per_page=QUEUE_PAGE_SIZE, error_out=False)


def substitutes(college: College | None = None) -> list[Application]:
    """The substitutes list, in order (of one college, or all)."""
    query = (select(Application).where(Application.status == ApplicationStatus.SUBSTITUTE)
             .options(selectinload(Application.home_neighbourhood),
                      selectinload(Application.activity_neighbourhood))
             .order_by(Application.substitute_position, Application.id))
    if college is not None:
        query = query.where(Application.college == college)
    return list(db.session.scalars(query))


def substitutes_by_college() -> dict[College, list[Application]]:
    """The substitutes list of each college, in order."""
    listed = substitutes()
    return {college: [a for a in listed if a.college is college] for college in College}


def _require(application: Application, *allowed: ApplicationStatus) -> None:
    if application.status not in allowed:
        raise ApplicationError(
            f"Cette candidature a déjà été traitée : elle est {application.status.label}.")


def _decided(application: Application, actor: User, status: ApplicationStatus, today: date) -> None:
    """Record the decision, and drop what was needed only until it (``minimisation``)."""
    application.status = status
    application.decided_at = utcnow()
    application.decided_by_id = actor.id
    application.forget_at_decision(today, minimum_age())


def _require_eligible(application: Application, today: date) -> None:
    decision = check_eligibility(application.as_applicant(), today)
    if not decision.eligible:
        raise ApplicationError("Cette candidature ne remplit plus les conditions : "
                               + " ".join(reason.message for reason in decision.reasons))


@dataclass(frozen=True)
class Acceptance:
    member: Member
    user: User | None  # None: the address is already an account's login, left untouched
    needs_activation: bool  # a fresh account without password: send the activation link

    @property
    def account_conflict(self) -> str | None:
        """Why the new member has no account, for the organiser (French), or None."""
        return ADDRESS_HAS_ACCOUNT if self.user is None else None


def accept(application: Application, actor: User, today: date) -> Acceptance:
    """Make a pending applicant (or a substitute: a promotion) a member, with a fresh member
    account when no account uses the address yet.

    The eligibility is checked again with today's date and settings. An existing account is never
    linked, enabled or changed (``auth.services.accounts.new_member_account``): anyone can type any address
    into an application.
    """
    _require(application, ApplicationStatus.PENDING, ApplicationStatus.SUBSTITUTE)
    _require_eligible(application, today)
    if _active_member_with(application.email):
        raise ApplicationError("Un membre actif du conseil a déjà cette adresse e-mail.")
    user = new_member_account(application.email)
    member = _member_from(application, today)
    member.user = user
    db.session.add(member)
    promoted = application.status is ApplicationStatus.SUBSTITUTE
    _decided(application, actor, ApplicationStatus.ACCEPTED, today)
    application.member = member
    db.session.flush()
    audit.log(actor, "application.promote" if promoted else "application.accept", "application",
           application.id, note=f"member {member.id}" + ("" if user else " without account"))
    return Acceptance(member, user, user is not None)


def _member_from(application: Application, today: date) -> Member:
    local_actor = application.college is College.LOCAL_ACTOR
    years = rules().mandate_years
    return Member(
        first_name=application.first_name, last_name=application.last_name,
        email=application.email, phone=application.phone, college=application.college,
        **collected(application.college, {"address": application.address,
                                          "gender": application.gender}),
        neighbourhood=(application.activity_neighbourhood if local_actor
                       else application.home_neighbourhood),
        actor_category=application.actor_category if local_actor else None,
        structure_name=application.structure_name if local_actor else None,
        joined_on=today, mandate_ends_on=nth_birthday(today, years) if years else None,
        status=MemberStatus.ACTIVE,
    )


def put_on_substitutes(application: Application, actor: User, today: date | None = None) -> None:
    """Put a pending application at the end of the substitutes list (two at once take two
    places: the end of the list is read by one request at a time).

    Only an application eligible ``today`` goes on the list: a substitute must be promotable,
    and once its birth date is dropped only the age statement can tell."""
    today = today or dates.today()
    serialise("substitutes")
    _require(application, ApplicationStatus.PENDING)
    _require_eligible(application, today)
    last = db.session.scalar(select(func.max(Application.substitute_position)))
    application.substitute_position = (last or 0) + 1
    _decided(application, actor, ApplicationStatus.SUBSTITUTE, today)
    db.session.flush()
    audit.log(actor, "application.substitute", "application", application.id)


def reject(application: Application, actor: User, reason: str, today: date | None = None) -> None:
    """Refuse a pending application (or take a substitute off the list), with a reason."""
    _require(application, ApplicationStatus.PENDING, ApplicationStatus.SUBSTITUTE)
    application.rejection_reason = reason.strip()
    application.substitute_position = None
    _decided(application, actor, ApplicationStatus.REJECTED, today or dates.today())
    db.session.flush()
    audit.log(actor, "application.reject", "application", application.id)


def move_substitute(application: Application, actor: User, up: bool) -> None:
    """Swap a substitute with the one before (``up``) or after it in the same college.

    The college's whole list is locked first, in id order (``application`` must not be locked
    before: two moves would then wait for each other), and read afresh: two moves at the same
    instant happen one after the other, so two substitutes never share a place (PostgreSQL)."""
    serialise("substitutes")  # and never beside a substitute being added at the end
    db.session.scalars(select(Application).where(
        Application.status == ApplicationStatus.SUBSTITUTE, Application.college == application.college)
        .order_by(Application.id).with_for_update().execution_options(populate_existing=True)).all()
    db.session.refresh(application)
    _require(application, ApplicationStatus.SUBSTITUTE)
    queue = substitutes(application.college)
    index = queue.index(application)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(queue):
        raise ApplicationError("Cette personne est déjà " + ("en tête" if up else "en fin") + " de liste.")
    other = queue[other_index]
    application.substitute_position, other.substitute_position = (
        other.substitute_position, application.substitute_position)
    db.session.flush()
    audit.log(actor, "application.move", "application", application.id, note="up" if up else "down")


def oldest_pending(limit: int) -> tuple[int, list[Application]]:
    """How many applications wait for a decision, and the ``limit`` oldest of them (two
    statements, whatever the size): what the organisers' dashboard shows."""
    pending = Application.status == ApplicationStatus.PENDING
    count = db.session.scalar(select(func.count(Application.id)).where(pending))
    oldest = list(db.session.scalars(select(Application).where(pending)
                                     .order_by(Application.created_at, Application.id).limit(limit)))
    return count, oldest
