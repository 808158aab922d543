"""Text hygiene: which characters typed text may hold, and how stored text is made safe to
write into line-based formats (iCalendar). Pure: no Flask, no database.

The rule, for every field a person types into:

- a **single-line** field (titles, places, names, addresses, agenda points, e-mail, search…)
  refuses a line break inside it (CR, LF, vertical tab, form feed, NEL, U+2028, U+2029), any
  other control character (C0, DEL, C1) and the bidirectional embeddings, overrides and
  isolates (U+202A–U+202E, U+2066–U+2069), which can make a text read differently from what
  it holds. Tabs are accepted (ordinary whitespace). Surrounding spaces are trimmed by the
  fields that trim them; nothing is silently rewritten, so what is stored is what was seen.
- a **multi-line** field (descriptions, motivation, minutes, answers) accepts line breaks (CR,
  LF, U+2028, U+2029) and tabs, and refuses the other control characters and the bidi controls.
- The marks U+200E, U+200F and U+061C are accepted everywhere: they only help right-to-left
  names display, and cannot reorder text around them.

Text already stored (older rows, other paths) goes through ``one_line`` or ``lines`` before it
is written into a format whose lines mean something.
"""

from __future__ import annotations

import re

# Line breaks as Python's ``str.splitlines`` sees them (\x1c–\x1e included): a parser reading a
# file line by line splits on these.
LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and LF (CR: a line break)
BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Everything ``one_line`` / ``lines`` remove once line breaks are handled.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_MULTI_LINE_BREAK = re.compile("\r\n|[\r\u2028\u2029]")

LINE_BREAK_MESSAGE = "Ce champ tient sur une seule ligne : retirez le retour à la ligne."
CONTROL_MESSAGE = "Ce texte contient un caractère invisible qui n'est pas accepté : retapez-le."
BIDI_MESSAGE = ("Ce texte contient un caractère invisible qui change le sens de lecture : "
                "retapez-le.")


def single_line_problem(text: str) -> str | None:
    """The French message for a text a single-line field must refuse, or None."""
    if text.isprintable():  # fast path: no control, separator or format character at all
        return None
    if LINE_BREAK.search(text):
        return LINE_BREAK_MESSAGE
    return _control_problem(text)


def multi_line_problem(text: str) -> str | None:
    """The French message for a text a multi-line field must refuse, or None."""
    if text.isprintable():
        return None
    return _control_problem(_MULTI_LINE_BREAK.sub("\n", text).replace("\n", ""))


def _control_problem(text: str) -> str | None:
    if CONTROL.search(text):
        return CONTROL_MESSAGE
    if BIDI_CONTROL.search(text):
        return BIDI_MESSAGE
    return None


def one_line(text: str) -> str:
    """Stored text made safe for one line: each line break becomes a space, other control
    characters and bidi controls are dropped. Text that needs nothing is returned as it is."""
    if text.isprintable():
        return text
    return _UNSAFE.sub("", LINE_BREAK.sub(" ", text))


def lines(text: str) -> str:
    """Stored text made safe for a multi-line value: every line break becomes ``\\n``, other
    control characters and bidi controls are dropped."""
    if text.isprintable():
        return text
    return _UNSAFE.sub("", LINE_BREAK.sub("\n", text))
