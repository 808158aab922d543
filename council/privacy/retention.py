"""Retention rules as plain dates: what is old enough to go. No Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True)
class Retention:
    """Retention periods in days (settings RETENTION_*_DAYS)."""

    pending_application: int
    rejected_application: int
    former_member: int
    observation_contact: int

    @classmethod
    def from_config(cls, config) -> Retention:
        return cls(
            pending_application=config["RETENTION_PENDING_APPLICATION_DAYS"],
            rejected_application=config["RETENTION_REJECTED_APPLICATION_DAYS"],
            former_member=config["RETENTION_FORMER_MEMBER_DAYS"],
            observation_contact=config["RETENTION_OBSERVATION_CONTACT_DAYS"],
        )


@dataclass(frozen=True)
class Cutoffs:
    """Anything dated strictly before its cut-off is past its retention period."""

    pending_application: datetime
    rejected_application: datetime
    former_member: date
    observation_contact: datetime


def cutoffs(retention: Retention, today: date) -> Cutoffs:
    """The cut-off of each rule on ``today`` (instants at midnight UTC, days as dates)."""
    midnight = datetime.combine(today, time(0), tzinfo=UTC)
    return Cutoffs(
        pending_application=midnight - timedelta(days=retention.pending_application),
        rejected_application=midnight - timedelta(days=retention.rejected_application),
        former_member=today - timedelta(days=retention.former_member),
        observation_contact=midnight - timedelta(days=retention.observation_contact),
    )
