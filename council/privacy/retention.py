"""Retention rules as plain dates: what is old enough to go, and how the notice says each period.
No Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta

from council.french import period_in_words, plural

# Admins are warned when the last purge finished longer ago than this (or never ran): the daily
# cron line is missing or failing, and the notice's « chaque jour » no longer holds.
PURGE_LATE_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class Retention:
    """Retention periods in days (settings RETENTION_*_DAYS): the purge and the notice read these."""

    pending_application: int  # from the application's arrival
    rejected_application: int  # from the refusal
    former_member: int  # from the day they left
    observation_contact: int  # from the observation's closing (or its discarding at moderation)
    substitute: int  # from the day the applicant was put on the substitutes list
    open_observation_contact: int  # from the last step of an observation still followed
    unmoderated_observation_contact: int  # from the sending of one no organiser has moderated
    audit_entry: int  # from the action a journal line records
    # A login e-mail asked for and never confirmed goes when the link mailed to it expires
    # (EMAIL_CHANGE_HOURS, in hours: the link's max age), from the request.
    pending_email_hours: int = 24

    @classmethod
    def from_config(cls, config) -> Retention:
        return cls(
            pending_application=config["RETENTION_PENDING_APPLICATION_DAYS"],
            rejected_application=config["RETENTION_REJECTED_APPLICATION_DAYS"],
            former_member=config["RETENTION_FORMER_MEMBER_DAYS"],
            observation_contact=config["RETENTION_OBSERVATION_CONTACT_DAYS"],
            substitute=config["RETENTION_SUBSTITUTE_DAYS"],
            open_observation_contact=config["RETENTION_OPEN_OBSERVATION_CONTACT_DAYS"],
            unmoderated_observation_contact=config["RETENTION_UNMODERATED_OBSERVATION_CONTACT_DAYS"],
            audit_entry=config["RETENTION_AUDIT_DAYS"],
            pending_email_hours=config.get("EMAIL_CHANGE_HOURS", 24),
        )

    def in_words(self) -> dict[str, str]:
        """Each period as the notice says it (« 6 mois », « 24 heures »), by field name."""
        words = {field.name: period_in_words(getattr(self, field.name)) for field in fields(self)
                 if field.name != "pending_email_hours"}
        return words | {"pending_email": plural(self.pending_email_hours, "heure")}


@dataclass(frozen=True)
class Cutoffs:
    """Anything dated strictly before its cut-off is past its retention period."""

    pending_application: datetime
    rejected_application: datetime
    former_member: date
    observation_contact: datetime
    substitute: datetime
    open_observation_contact: datetime
    unmoderated_observation_contact: datetime
    audit_entry: datetime
    pending_email: datetime


def cutoffs(retention: Retention, today: date) -> Cutoffs:
    """The cut-off of each rule on ``today`` (instants at midnight UTC, days as dates).

    Something dated on the cut-off day itself is kept on ``today`` and goes the day after."""
    midnight = datetime.combine(today, time(0), tzinfo=UTC)

    def instant(days: int) -> datetime:
        return midnight - timedelta(days=days)

    return Cutoffs(
        pending_application=instant(retention.pending_application),
        rejected_application=instant(retention.rejected_application),
        former_member=today - timedelta(days=retention.former_member),
        observation_contact=instant(retention.observation_contact),
        substitute=instant(retention.substitute),
        open_observation_contact=instant(retention.open_observation_contact),
        unmoderated_observation_contact=instant(retention.unmoderated_observation_contact),
        audit_entry=instant(retention.audit_entry),
        # asked before this, the link expired before today began: never a link still valid
        pending_email=midnight - timedelta(hours=retention.pending_email_hours),
    )


def purge_is_late(last_finished: datetime | None, now: datetime) -> bool:
    """Whether admins must be warned: no purge ever finished, or the last one is too old."""
    return last_finished is None or now - last_finished > PURGE_LATE_AFTER
