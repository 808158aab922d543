"""Retention cut-offs, as plain dates."""

from datetime import UTC, date, datetime

from council.privacy.retention import Retention, cutoffs

RULES = Retention(pending_application=183, rejected_application=31, former_member=365,
                  observation_contact=92)


def test_cutoffs_count_back_from_today():
    limits = cutoffs(RULES, date(2026, 11, 25))
    assert limits.pending_application == datetime(2026, 5, 26, tzinfo=UTC)
    assert limits.rejected_application == datetime(2026, 10, 25, tzinfo=UTC)
    assert limits.former_member == date(2025, 11, 25)
    assert limits.observation_contact == datetime(2026, 8, 25, tzinfo=UTC)


def test_settings_give_the_periods():
    config = {"RETENTION_PENDING_APPLICATION_DAYS": 1, "RETENTION_REJECTED_APPLICATION_DAYS": 2,
              "RETENTION_FORMER_MEMBER_DAYS": 3, "RETENTION_OBSERVATION_CONTACT_DAYS": 4}
    assert Retention.from_config(config) == Retention(1, 2, 3, 4)
