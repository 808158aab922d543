"""Personal data: erasing it by retention period (purge) or on request (erasure), and a person's
own data as one document (right of access and portability). Add and flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import selectinload

from council import audit
from council.audit.labels import action_label, target_label
from council.audit.models import AuditEntry
from council.auth.access import is_staff
from council.auth.models import User
from council.auth.services.accounts import (
    ensure_an_admin_remains,
    has_roles_elsewhere,
    normalise_email,
    remove_role_here,
)
from council.database import serialise, utcnow
from council.extensions import db
from council.meetings.models import (
    Attendance,
    CalendarToken,
    Meeting,
    MeetingAnswer,
    meeting_delegate,
)
from council.membership.models import Application, ApplicationStatus, Member, MemberStatus
from council.observations.lifecycle import OPEN_STATUSES, ObservationStatus
from council.observations.models import Observation, ObservationEvent
from council.opinions.models import Opinion, OpinionBallot
from council.privacy.export_keys import french_key
from council.privacy.models import RetentionRun
from council.privacy.retention import Retention, cutoffs, purge_is_late
from council.privacy.traces import erase_traces, names_of


@dataclass
class Report:
    """What was (or would be) erased, as counts only: it goes to the audit log."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, number: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + number

    def note(self) -> str:
        """``members=1 pending_applications=2``: what went, kinds with nothing left out."""
        return " ".join(f"{key}={value}" for key, value in sorted(self.counts.items())
                        if value) or "nothing"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def anonymise_account(user: User) -> bool:
    """The account leaves this council: its calendar feed here goes, and its role here when it
    has a role in another council (or runs the platform), whose access stays as it was.
    Otherwise it can no longer sign in and says nothing about its owner. Returns whether the
    account itself was anonymised. Refused (AccountError) for this council's last active admin:
    each council must keep one."""
    ensure_an_admin_remains(user)
    # This council's feed only (the scope): another council's stays with its role there
    db.session.execute(delete(CalendarToken).where(CalendarToken.user_id == user.id))
    if user.is_platform_admin or has_roles_elsewhere(user):
        remove_role_here(user)
        return False
    user.email = f"compte-efface-{user.id}@anonyme.invalid"
    user.pending_email = user.pending_email_requested_at = None
    user.password_hash = None
    user.active = False
    user.end_sessions()
    return True


def anonymise_member(member: Member, report: Report, now: datetime | None = None, *,
                     with_account: bool = True) -> None:
    """Erase a member's personal data: the row stays as « Ancien·ne membre n° 12 », linked to
    nothing (``traces``: attendance lines become counts on each meeting, named votes and
    delegations go, the name leaves every free text). The linked account is anonymised too
    unless ``with_account`` is False."""
    now = now or utcnow()
    erase_traces(member, names_of(member), report)
    if member.status is MemberStatus.ACTIVE:  # erasing someone ends their membership
        member.status, member.status_changed_on = MemberStatus.REMOVED, now.date()
    member.first_name, member.last_name = "Ancien·ne membre", f"n° {member.id}"
    member.email = member.phone = member.address = None
    member.structure_name = member.status_reason = member.eligibility_override_reason = None
    member.gender = None
    member.anonymised_at = now
    deleted = db.session.execute(delete(Application).where(Application.member_id == member.id))
    report.add("applications", deleted.rowcount or 0)
    if member.user is not None and with_account:
        anonymise_account(member.user)
        report.add("accounts")
    report.add("members")


def purge(today: date, retention: Retention, now: datetime | None = None) -> Report:
    """Apply every retention period on ``today``; record the run (for the admins' « dernière
    purge ») and what was done, in counts, in the audit log."""
    started = now or utcnow()
    limits = cutoffs(retention, today)
    report = Report()
    _purge_applications(limits, report)
    former = db.session.scalars(select(Member).where(
        Member.status != MemberStatus.ACTIVE, Member.anonymised_at.is_(None),
        Member.status_changed_on < limits.former_member))
    for member in former:
        # An account still used by an organiser or admin stays: the retention period is about
        # the membership, not their work.
        keep = member.user is not None and member.user.active_here and is_staff(member.user)
        anonymise_member(member, report, now, with_account=not keep)
    _purge_observation_contacts(limits, report)
    _purge_pending_emails(limits, report)
    journal = db.session.execute(delete(AuditEntry).where(AuditEntry.created_at < limits.audit_entry))
    report.add("audit_entries", journal.rowcount or 0)
    audit.log(None, "privacy.purge", "system", None, note=report.note())
    db.session.add(RetentionRun(purge_day=today, started_at=started, finished_at=utcnow(),
                                counts=dict(report.counts)))
    db.session.flush()
    return report


def _purge_pending_emails(limits, report: Report) -> None:
    """A new login e-mail never confirmed goes once the link mailed to it has expired (accounts
    are the install's, not one council's: every council's purge applies the same setting)."""
    forgotten = db.session.execute(
        update(User).where(User.pending_email.is_not(None),
                           User.pending_email_requested_at < limits.pending_email)
        .values(pending_email=None, pending_email_requested_at=None))
    report.add("pending_emails", forgotten.rowcount or 0)


def _purge_applications(limits, report: Report) -> None:
    """Pending ones by arrival, refused ones by refusal, substitutes by their listing (then the
    places of those left are numbered again, in the same order: no gaps, nobody overtaken)."""
    pending = db.session.execute(delete(Application).where(
        Application.status == ApplicationStatus.PENDING,
        Application.created_at < limits.pending_application))
    report.add("pending_applications", pending.rowcount or 0)
    rejected = db.session.execute(delete(Application).where(
        Application.status == ApplicationStatus.REJECTED,
        Application.decided_at < limits.rejected_application))
    report.add("rejected_applications", rejected.rowcount or 0)
    serialise("substitutes")  # never beside a substitute being added or moved
    substitutes = db.session.execute(delete(Application).where(
        Application.status == ApplicationStatus.SUBSTITUTE,
        Application.decided_at < limits.substitute))
    report.add("substitute_applications", substitutes.rowcount or 0)
    if substitutes.rowcount:
        remaining = db.session.scalars(
            select(Application).where(Application.status == ApplicationStatus.SUBSTITUTE)
            .order_by(Application.substitute_position, Application.id)
            .execution_options(populate_existing=True))
        for place, application in enumerate(remaining, start=1):
            application.substitute_position = place


def _purge_observation_contacts(limits, report: Report) -> None:
    """Residents' contacts: on observations closed (or discarded) before the cut-off, on open
    ones whose last step is older than theirs, on ones never moderated sent before theirs."""
    with_contact = or_(Observation.resident_name.is_not(None),
                       Observation.resident_contact.is_not(None))
    last_step = (select(db.func.max(ObservationEvent.at))
                 .where(ObservationEvent.observation_id == Observation.id)
                 .correlate(Observation).scalar_subquery())
    rules = {
        "observation_contacts": Observation.closed_at < limits.observation_contact,
        "open_observation_contacts": and_(
            Observation.status.in_(OPEN_STATUSES),
            db.func.coalesce(last_step, Observation.created_at) < limits.open_observation_contact),
        "unmoderated_observation_contacts": and_(
            Observation.status == ObservationStatus.PENDING,
            Observation.created_at < limits.unmoderated_observation_contact),
    }
    for key, rule in rules.items():
        for observation in db.session.scalars(select(Observation).where(rule, with_contact)):
            _forget_resident(observation)
            report.add(key)


def _forget_resident(observation: Observation) -> None:
    observation.resident_name = observation.resident_contact = None
    observation.contact_consent_at = None


@dataclass(frozen=True)
class PurgeStatus:
    """The last saved purge run (None: never) and whether admins must be warned about it."""

    last: RetentionRun | None
    late: bool

    @property
    def erased(self) -> int:
        return sum((self.last.counts or {}).values()) if self.last else 0


def purge_status(now: datetime | None = None) -> PurgeStatus:
    """When personal data was last purged, for the admin pages (late after two days)."""
    last = db.session.scalar(select(RetentionRun).order_by(RetentionRun.finished_at.desc(),
                                                           RetentionRun.id.desc()).limit(1))
    return PurgeStatus(last, purge_is_late(last.finished_at if last else None, now or utcnow()))


def find_person(email: str) -> tuple[list[Application], list[Member], list[User]]:
    """Everything held under this e-mail address, in every area."""
    email = normalise_email(email)
    applications = list(db.session.scalars(
        select(Application).where(db.func.lower(Application.email) == email)))
    # Accounts with a role in this council only: another council's people are not found here
    users = list(db.session.scalars(select(User).join(User.council_roles).where(User.email == email)))
    user_ids = [user.id for user in users]
    members = list(db.session.scalars(select(Member).where(or_(
        db.func.lower(Member.email) == email, Member.user_id.in_(user_ids)))))
    return applications, members, users


def _keep_an_admin(users: list[User]) -> None:
    for user in users:
        ensure_an_admin_remains(user)


def preview_erasure(email: str) -> Report:
    """What ``erase_person`` would erase, without changing anything; AccountError when the
    erasure would be refused (the last active admin)."""
    applications, members, users = find_person(email)
    _keep_an_admin(users)
    report = Report()
    report.add("applications", len(applications))
    report.add("members", len(members))
    report.add("accounts", len(users))
    report.add("observation_contacts", db.session.scalar(
        select(db.func.count()).select_from(Observation)
        .where(db.func.lower(Observation.resident_contact) == normalise_email(email))))
    return report


def erase_person(actor: User, email: str, now: datetime | None = None) -> Report:
    """Erase or anonymise everything about one person (right to erasure), and audit it.
    Refused (AccountError, nothing changed) when it would erase the last active admin."""
    applications, members, users = find_person(email)
    _keep_an_admin(users)
    report = Report()
    for application in applications:
        db.session.delete(application)
        report.add("applications")
    db.session.flush()
    for member in members:
        # A record found by its contact e-mail (which organisers edit) takes its account along only
        # when that account's own login is the address: identity follows the login, not the form.
        anonymise_member(member, report, now, with_account=member.user in users)
    for observation in db.session.scalars(select(Observation).where(
            db.func.lower(Observation.resident_contact) == normalise_email(email))):
        _forget_resident(observation)
        report.add("observation_contacts")
    for user in users:
        if user.email.endswith("@anonyme.invalid") or user.role is None:
            continue  # already done through the member record (anonymised, or gone from here)
        anonymise_account(user)
        report.add("accounts")
    db.session.flush()
    audit.log(actor, "privacy.erase", "person", None, note=report.note())
    return report


# A person's own data (right of access) ---------------------------------------------------------

def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value") and hasattr(value, "name"):  # an enum
        return value.value
    return value


def _columns(row, skip: tuple[str, ...] = ()) -> dict:
    return {french_key(column.key): _plain(getattr(row, column.key))
            for column in row.__table__.columns if column.key not in skip}


def member_data(user: User) -> dict:
    """Everything the app holds about this account's owner."""
    member = db.session.scalar(select(Member).where(Member.user_id == user.id))
    document = {
        "compte": _columns(user, skip=("password_hash", "session_token")),
        "membre": _columns(member) if member else None,
        "candidatures": [],
        "presences": [],
        "votes_nominatifs": [],
        "delegations": [],
        "abonnement_calendrier": db.session.scalar(
            select(CalendarToken.created_at).where(CalendarToken.user_id == user.id)) is not None,
        "actions_journalisees": [
            {"action": action_label(entry.action), "objet": target_label(entry.target_type),
             "date": _plain(entry.created_at)}
            for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id == user.id)
                                            .order_by(AuditEntry.created_at))
        ],
    }
    if member is not None:
        # Follow the links (account -> member -> application), never an e-mail address: anyone
        # can type anyone's address into an application, or make it their own.
        document["candidatures"] = [
            _columns(application) for application in
            db.session.scalars(select(Application).where(Application.member_id == member.id))]
        attendance = db.session.scalars(
            select(Attendance).where(Attendance.member_id == member.id)
            .options(selectinload(Attendance.meeting)))
        document["presences"] = [
            {"reunion": line.meeting.title, "debut": _plain(line.meeting.starts_at),
             "statut": line.status.value} for line in attendance]
        document["reponses_aux_reunions"] = [
            {"reunion": answer.meeting.title, "reponse": answer.choice.value, "mot": answer.word,
             "date": _plain(answer.answered_at)} for answer in db.session.scalars(
                select(MeetingAnswer).where(MeetingAnswer.member_id == member.id)
                .options(selectinload(MeetingAnswer.meeting)))]
        document.update(_member_links(member))
    _add_other_areas(user, document)
    return document


def _add_other_areas(user: User, document: dict) -> None:
    """Observations this person logged, the notes they wrote in observation histories, and the avis
    they drafted (what they wrote is theirs too)."""
    document["observations_notees"] = [
        {"numero": row.id, "type": row.kind.value, "date": _plain(row.observed_on),
         "statut": row.status.value, "description": row.description}
        for row in db.session.scalars(select(Observation).where(Observation.logged_by_id == user.id))]
    document["notes_dans_l_historique_des_observations"] = [
        {"observation": row.observation_id, "date": _plain(row.at), "etape": row.to_status.value,
         "detail": row.detail, "note": row.note}
        for row in db.session.scalars(select(ObservationEvent).where(
            ObservationEvent.user_id == user.id, ObservationEvent.note != "")
            .order_by(ObservationEvent.at, ObservationEvent.id))]
    document["avis_rediges"] = [
        {"numero": row.id, "titre": row.title, "statut": row.status.value}
        for row in db.session.scalars(select(Opinion).where(Opinion.created_by_id == user.id))]


def _member_links(member: Member) -> dict:
    """The member's named votes and the meetings they were delegated to. (The app has no proxy
    votes: a delegation is a seat at a contract-city meeting, given by the organisers.)"""
    ballots = db.session.scalars(
        select(OpinionBallot).where(OpinionBallot.member_id == member.id)
        .options(selectinload(OpinionBallot.opinion)).order_by(OpinionBallot.opinion_id))
    delegations = db.session.scalars(
        select(Meeting).join(meeting_delegate, meeting_delegate.c.meeting_id == Meeting.id)
        .where(meeting_delegate.c.member_id == member.id).order_by(Meeting.starts_at))
    return {
        "votes_nominatifs": [
            {"avis": ballot.opinion_id, "titre": ballot.opinion.title,
             "vote_le": _plain(ballot.opinion.voted_at), "choix": ballot.choice.label}
            for ballot in ballots],
        "delegations": [
            {"reunion": meeting.title, "type": meeting.kind.label, "debut": _plain(meeting.starts_at)}
            for meeting in delegations],
    }
