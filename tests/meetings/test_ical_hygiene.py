"""No stored text can break the .ics (issue 10, finding 7): line breaks, bare CRs, control and
bidi characters in any field give a calendar that icalendar and vobject read with exactly the
events it holds, each content line at most 75 octets."""

from dataclasses import replace

import icalendar
import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council.ical import build_calendar
from council.text import one_line
from tests.meetings.test_ical import INFO, event

# Characters that end or disturb a line somewhere: every line break Python's splitlines knows,
# C0 and C1 controls, bidi overrides and isolates, the byte-order mark.
BREAKERS = ["\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
            "\u2029", "\x00", "\x01", "\x1b", "\x7f", "\x9b", "\u202e", "\u202a", "\u2066",
            "\u2069", "\ufeff", "\\", "\\N", ";", ",", ":", '"', "é", "😀"]
FAKE_EVENT = "x\rEND:VEVENT\rBEGIN:VEVENT\rUID:fake\rSUMMARY:faux\rEND:VEVENT\rBEGIN:VEVENT\r"


def stored_text(max_size: int = 120) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(max_size=max_size),
        st.lists(st.one_of(st.sampled_from(BREAKERS), st.text(max_size=5)), max_size=40).map("".join),
        st.sampled_from([FAKE_EVENT, "é" * 200, "\\" * 90, "a\rb", "a\nb"]),
    )


def parsed_events(data: bytes) -> tuple[list, list]:
    text = data.decode("utf-8")  # folding never cuts a character in half
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "a line longer than 75 octets"
    assert "\r" not in text.replace("\r\n", "") and "\n" not in text.replace("\r\n", "")
    with_icalendar = icalendar.Calendar.from_ical(data).walk("VEVENT")
    with_vobject = vobject.readOne(text).contents.get("vevent", [])
    return with_icalendar, with_vobject


@pytest.mark.parametrize("text", ["Budget\nlogement", "Budget\r\nlogement", "Budget\rlogement",
                                  FAKE_EVENT, "a\u202eb\x01c\x85d\u2028e"])
def test_a_line_break_or_control_in_any_field_keeps_the_calendar_whole(text):
    meeting = event(title=text, place_name=text, place_address=text, description=text,
                    agenda=(text, text), category=text, cancelled=True, cancellation_reason=text)
    info = replace(INFO, name=text, description=text, organizer_name=text)
    data = build_calendar(info, [meeting, event(2)])
    with_icalendar, with_vobject = parsed_events(data)
    assert len(with_icalendar) == len(with_vobject) == 2
    assert str(with_icalendar[0]["SUMMARY"]) == "Annulée : " + one_line(text)
    assert with_vobject[0].summary.value == "Annulée : " + one_line(text)
    for character in "\x01\x85\u2028\u202e":
        assert character.encode() not in data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=stored_text(), place=stored_text(), address=stored_text(),
       description=stored_text(400), agenda=st.lists(stored_text(), max_size=4),
       reason=st.one_of(st.none(), stored_text()), name=stored_text(), cancelled=st.booleans(),
       count=st.integers(min_value=1, max_value=3))
def test_any_stored_text_in_any_field_gives_a_calendar_both_parsers_read(
        title, place, address, description, agenda, reason, name, cancelled, count):
    events = [event(i, title=title, place_name=place, place_address=address,
                    description=description, agenda=tuple(agenda), category=name,
                    cancelled=cancelled, cancellation_reason=reason) for i in range(1, count + 1)]
    data = build_calendar(replace(INFO, name=name, description=description), events)
    with_icalendar, with_vobject = parsed_events(data)
    assert len(with_icalendar) == len(with_vobject) == count
    assert [str(e["UID"]) for e in with_icalendar] == [f"reunion-{i}@conseil.test"
                                                       for i in range(1, count + 1)]
    if "\\" not in title:  # ``\N`` is read as a line break by icalendar's own escaping rules
        assert str(with_icalendar[0]["SUMMARY"]).removeprefix("Annulée : ") == one_line(title)
