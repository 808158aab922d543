"""Retention cut-offs, the notice's words for each period, and when admins are warned: pure."""

from datetime import UTC, date, datetime, timedelta

import pytest

from council.config import Defaults
from council.french import period_in_words
from council.privacy.retention import Retention, cutoffs, purge_is_late

RULES = Retention(pending_application=183, rejected_application=31, former_member=365,
                  observation_contact=92, substitute=730, open_observation_contact=365,
                  unmoderated_observation_contact=31, audit_entry=365)


def test_cutoffs_count_back_from_today():
    limits = cutoffs(RULES, date(2026, 11, 25))
    assert limits.pending_application == datetime(2026, 5, 26, tzinfo=UTC)
    assert limits.rejected_application == datetime(2026, 10, 25, tzinfo=UTC)
    assert limits.former_member == date(2025, 11, 25)
    assert limits.observation_contact == datetime(2026, 8, 25, tzinfo=UTC)
    assert limits.substitute == datetime(2024, 11, 25, tzinfo=UTC)
    assert limits.open_observation_contact == datetime(2025, 11, 25, tzinfo=UTC)
    assert limits.unmoderated_observation_contact == datetime(2026, 10, 25, tzinfo=UTC)
    assert limits.audit_entry == datetime(2025, 11, 25, tzinfo=UTC)


def test_something_dated_on_the_cut_off_day_goes_the_day_after():
    """Listed on 1 March, 10 days' retention: kept on 11 March (not before the cut-off), gone on
    the 12th."""
    rules = Retention(*[10] * 8)
    listed = datetime(2026, 3, 1, 14, 30, tzinfo=UTC)
    assert not listed < cutoffs(rules, date(2026, 3, 11)).substitute
    assert listed < cutoffs(rules, date(2026, 3, 12)).substitute


def test_settings_give_the_periods():
    config = {"RETENTION_PENDING_APPLICATION_DAYS": 1, "RETENTION_REJECTED_APPLICATION_DAYS": 2,
              "RETENTION_FORMER_MEMBER_DAYS": 3, "RETENTION_OBSERVATION_CONTACT_DAYS": 4,
              "RETENTION_SUBSTITUTE_DAYS": 5, "RETENTION_OPEN_OBSERVATION_CONTACT_DAYS": 6,
              "RETENTION_UNMODERATED_OBSERVATION_CONTACT_DAYS": 7, "RETENTION_AUDIT_DAYS": 8}
    assert Retention.from_config(config) == Retention(1, 2, 3, 4, 5, 6, 7, 8)


def test_every_period_has_a_default_setting():
    defaults = {key: getattr(Defaults, key) for key in dir(Defaults) if key.startswith("RETENTION_")}
    assert Retention.from_config(defaults) == RULES


@pytest.mark.parametrize(("days", "words"), [
    (183, "6 mois"), (92, "3 mois"), (31, "1 mois"), (30, "1 mois"), (61, "2 mois"),
    (365, "1 an"), (730, "2 ans"), (1095, "3 ans"),
    (45, "45 jours"), (92 + 3, "95 jours"), (400, "400 jours"), (1, "1 jour"), (0, "0 jour"),
    (10, "10 jours"), (29, "29 jours"),
])
def test_a_period_is_said_as_people_say_it(days, words):
    assert period_in_words(days) == words


@pytest.mark.parametrize("days", range(0, 1200))
def test_the_words_never_promise_less_than_a_day_short(days):
    """What the notice says is never shorter than the purge's period by more than a day, nor
    longer by more than a day (a month counts 30.5 days, a year 365)."""
    number, unit = period_in_words(days).split(" ", 1)
    said = int(number) * {"an": 365, "ans": 365, "mois": 30.5, "jour": 1, "jours": 1}[unit]
    assert abs(said - days) <= 1


def test_admins_are_warned_when_no_purge_ran_for_two_days():
    now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert purge_is_late(None, now)
    assert not purge_is_late(now - timedelta(hours=30), now)
    assert not purge_is_late(now - timedelta(days=2), now)
    assert purge_is_late(now - timedelta(days=2, minutes=1), now)
