"""Spreadsheet CSV that French spreadsheets open correctly: pure, no Flask.

UTF-8 with a byte-order mark (so accents survive a double-click in Excel), ``;`` as separator
(the comma is the French decimal mark), dates as JJ/MM/AAAA, CRLF line ends, and cells that a
spreadsheet would run as a formula defused. Every export of the app goes through ``csv_bytes``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date

# A cell starting like a formula is run by spreadsheets ("CSV injection"): such cells get a
# leading apostrophe. Phone numbers such as "+33 6 12 34 56 78" are left alone.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"^\+?[0-9 .()\-]+$")


def french_date(value: date | None) -> str:
    """JJ/MM/AAAA, or an empty cell."""
    return value.strftime("%d/%m/%Y") if value else ""


def safe_cell(value) -> str:
    """The text of one cell, defused if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PHONE.match(text):
        return "'" + text
    return text


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A ``;``-separated CSV, UTF-8 with BOM, CRLF line ends, every cell defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")
