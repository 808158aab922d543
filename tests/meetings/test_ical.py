"""The iCalendar builder (council.ical): pure, no Flask. Output is parsed back with icalendar AND
with vobject, across both daylight-saving changes."""

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from council.ical import (
    CalendarInfo,
    MeetingEvent,
    build_calendar,
    event_description,
    meeting_uid,
    paris_timezone,
)

PARIS = ZoneInfo("Europe/Paris")
INFO = CalendarInfo(
    name="Réunions – Conseil citoyen d'Argentan", description="Les réunions du conseil.",
    uid="calendrier-public@conseil.test", organizer_email="ccargentan@laposte.net",
    organizer_name="Conseil citoyen d'Argentan", url="https://conseil.test/reunions",
)


def event(meeting_id=1, start=datetime(2027, 1, 14, 18, 30, tzinfo=PARIS), **changes):
    base = MeetingEvent(
        uid=meeting_uid(meeting_id, "conseil.test"), title="Assemblée plénière",
        starts_at=start, ends_at=start + timedelta(hours=2), place_name="Maison du Citoyen",
        place_address="Place du Marché, 61200 Argentan", description="Ouverte à tous.",
        url=f"https://conseil.test/reunions/{meeting_id}", category="Assemblée plénière",
        sequence=0, created=datetime(2026, 12, 1, 9, 0, tzinfo=UTC),
        last_modified=datetime(2026, 12, 2, 10, 0, tzinfo=UTC),
        agenda=("Accueil", "Budget participatif", "Questions diverses"),
    )
    return replace(base, **changes)


# Late March (just after the spring change), late October (just after the autumn change),
# winter, summer; and the evening before each change.
SEASONS = [
    datetime(2027, 3, 29, 18, 30, tzinfo=PARIS),
    datetime(2027, 3, 27, 18, 30, tzinfo=PARIS),
    datetime(2027, 10, 31, 18, 30, tzinfo=PARIS),
    datetime(2027, 10, 30, 18, 30, tzinfo=PARIS),
    datetime(2027, 1, 14, 18, 30, tzinfo=PARIS),
    datetime(2027, 7, 8, 18, 30, tzinfo=PARIS),
]


def seasonal_calendar() -> bytes:
    return build_calendar(INFO, [event(i, start) for i, start in enumerate(SEASONS, start=1)])


def test_icalendar_reads_every_time_as_the_same_instant():
    parsed = icalendar.Calendar.from_ical(seasonal_calendar())
    events = parsed.walk("VEVENT")
    assert len(events) == len(SEASONS)
    for component, start in zip(events, SEASONS, strict=True):
        assert component.start == start and component.start.utcoffset() == start.utcoffset()
        assert component.end == start + timedelta(hours=2)
        assert component["DTSTART"].params["TZID"] == "Europe/Paris"


def test_vobject_reads_every_time_as_the_same_instant_using_our_vtimezone():
    parsed = vobject.readOne(seasonal_calendar().decode("utf-8"))
    starts = [component.dtstart.value for component in parsed.vevent_list]
    assert starts == SEASONS
    assert [s.utcoffset() for s in starts] == [s.utcoffset() for s in SEASONS]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=h) for h in (2, 1, 1, 2, 1, 2)]


def test_the_vtimezone_agrees_with_the_tz_database_from_2015_to_2040():
    tz = paris_timezone().to_tz()
    moment = datetime(2015, 1, 1, 12, tzinfo=UTC)
    while moment.year < 2041:
        assert moment.astimezone(tz).utcoffset() == moment.astimezone(PARIS).utcoffset(), moment
        moment += timedelta(hours=7)  # lands on every hour of the day across the years


def test_every_property_the_calendar_apps_need_is_there():
    parsed = icalendar.Calendar.from_ical(build_calendar(INFO, [event()]))
    for name, value in [("VERSION", "2.0"), ("NAME", INFO.name), ("X-WR-CALNAME", INFO.name),
                        ("X-WR-TIMEZONE", "Europe/Paris"), ("UID", INFO.uid),
                        ("X-WR-CALDESC", INFO.description)]:
        assert str(parsed[name]) == value, name
    assert "Conseil citoyen" in str(parsed["PRODID"])
    assert parsed["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    raw = build_calendar(INFO, [event()]).decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in raw
    assert "X-PUBLISHED-TTL:PT1H\r\n" in raw
    assert len(parsed.walk("VTIMEZONE")) == 1
    component = parsed.walk("VEVENT")[0]
    assert str(component["UID"]) == "reunion-1@conseil.test"
    assert str(component["SUMMARY"]) == "Assemblée plénière"
    assert str(component["LOCATION"]) == "Maison du Citoyen, Place du Marché, 61200 Argentan"
    assert str(component["URL"]) == "https://conseil.test/reunions/1"
    assert str(component["STATUS"]) == "CONFIRMED"
    assert component["SEQUENCE"] == 0
    assert component.categories == ["Assemblée plénière"]
    assert str(component["ORGANIZER"]) == "mailto:ccargentan@laposte.net"
    assert component["ORGANIZER"].params["CN"] == "Conseil citoyen d'Argentan"
    assert component.DTSTAMP == datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # noqa: SIM300
    assert component.last_modified == datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    description = str(component["DESCRIPTION"])
    assert "Ordre du jour :\n1. Accueil\n2. Budget participatif\n3. Questions diverses" in description
    assert description.endswith("Page de la réunion : https://conseil.test/reunions/1")


def test_a_cancelled_meeting_says_so_everywhere():
    cancelled = event(cancelled=True, cancellation_reason="Salle indisponible", sequence=3)
    component = icalendar.Calendar.from_ical(build_calendar(INFO, [cancelled])).walk("VEVENT")[0]
    assert str(component["STATUS"]) == "CANCELLED"
    assert component["SEQUENCE"] == 3
    assert str(component["SUMMARY"]) == "Annulée : Assemblée plénière"
    assert str(component["DESCRIPTION"]).startswith("Réunion annulée : Salle indisponible")


def test_members_only_meetings_are_private_events():
    component = icalendar.Calendar.from_ical(
        build_calendar(INFO, [event(members_only=True)])).walk("VEVENT")[0]
    assert str(component["CLASS"]) == "PRIVATE"


def test_special_characters_and_long_lines_survive_both_parsers():
    tricky = event(title="Budget ; logement, «\xa0emploi\xa0» \\ et 😀 " + "é" * 80,
                   description="Ligne 1\nLigne 2 ; avec, virgules\r\nLigne 3")
    data = build_calendar(INFO, [tricky])
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "lines are folded at 75 octets"
    data.decode("utf-8")  # folding never cuts a character in half
    component = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(component["SUMMARY"]) == tricky.title
    assert vobject.readOne(data.decode()).vevent.summary.value == tricky.title
    assert "Ligne 1\nLigne 2 ; avec, virgules\nLigne 3" in str(component["DESCRIPTION"])


def test_same_data_gives_the_same_bytes():
    assert seasonal_calendar() == seasonal_calendar()


def test_the_description_without_agenda_still_links_the_page():
    assert event_description(event(agenda=(), description="")) == (
        "Page de la réunion : https://conseil.test/reunions/1")


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        build_calendar(INFO, [event(start=datetime(2027, 1, 14, 18, 30))])


def test_six_thousand_meetings_all_become_events():
    """How fast is measured by `make bench`; here, that none is lost or duplicated."""
    start = datetime(2020, 1, 6, 18, 30, tzinfo=PARIS)
    events = [event(i, start + timedelta(days=i % 3000)) for i in range(6000)]
    data = build_calendar(INFO, events)
    assert data.count(b"BEGIN:VEVENT") == 6000
    assert len(set(re.findall(rb"\nUID:(reunion-\S+)", data))) == 6000


@pytest.mark.parametrize("text", ["a;b,c", "back\\slash", "line\nbreak", "crlf\r\nlone\rcr",
                                  r"literal \N kept", "", "éàç, ok; \\n"])
def test_escape_char_matches_icalendar_vtext(text):
    from council.ical import escape_char

    assert escape_char(text) == icalendar.vText(text).to_ical().decode("utf-8")
