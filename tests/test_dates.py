"""French dates in Paris time: pure formatting, no Flask."""

from datetime import UTC, date, datetime

import pytest

from council.dates import format_day, format_moment, format_span


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 12, 3, 17, 30, tzinfo=UTC), "jeudi 3 décembre 2026 à 18 h 30"),
        (datetime(2026, 7, 14, 7, 5, tzinfo=UTC), "mardi 14 juillet 2026 à 9 h 05"),
        # 23:30 UTC on 31 December is already New Year's Day in Paris
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "vendredi 1 janvier 2027 à 0 h 30"),
    ],
)
def test_moment_is_written_in_french_in_paris_time(moment, expected):
    assert format_moment(moment) == expected


def test_day_accepts_a_plain_date():
    assert format_day(date(2026, 12, 1)) == "mardi 1 décembre 2026"


def test_span_on_one_day_names_the_day_once():
    start = datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
    end = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)
    assert format_span(start, end) == "mardi 1 décembre 2026, 18 h 30 – 20 h 00"


def test_span_over_two_days_names_both():
    start = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)
    end = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    assert format_span(start, end) == (
        "mardi 1 décembre 2026 à 21 h 00 – mercredi 2 décembre 2026 à 9 h 00"
    )


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        format_moment(datetime(2026, 12, 1, 18, 30))
