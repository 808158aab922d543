"""Reading a spreadsheet into rows of text: pure, no Flask, no database.

``read_table(data)`` turns the bytes of a file into a header and rows of text cells: CSV (UTF-8
with or without BOM, else Windows-1252; ``;`` or ``,`` detected on the header line), ODS (its XML
streamed through defusedxml) or XLSX (openpyxl), recognised by their content, never by their
name. Nothing is evaluated: a cell starting with « = » is text. Limits (size, lines, unzipped
size) are refused in French before a huge file is read whole. What the lines mean is the roster
import's business (``importing.py``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

MAX_ROWS = 2000  # a council has 15 to 50 members: more lines is not a roster
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024  # an ODS/XLSX is a zip: refuse a "zip bomb" before reading it
MAX_CELL = 1000  # characters in one cell (the longest column holds 500)

# What the export writes before a cell a spreadsheet would run as a formula (``csv.safe_cell``)
_DEFUSED = re.compile(r"^'(?=[=+\-@\t\r])")


class ImportFileError(ValueError):
    """The file cannot be read as a table (format, encoding, size); the message is French."""


@dataclass(frozen=True)
class Table:
    """The first line of the sheet and the lines under it (cells as text, trailing blanks kept)."""

    header: list[str]
    rows: list[list[str]]
    kind: str  # "CSV", "ODS" or "XLSX"


def read_table(data: bytes, *, max_bytes: int, max_rows: int = MAX_ROWS) -> Table:
    """The table in ``data``; ``ImportFileError`` (French) when it cannot be read."""
    if not data:
        raise ImportFileError("Le fichier est vide.")
    if len(data) > max_bytes:
        raise ImportFileError(f"Le fichier est trop gros ({_size(max_bytes)} au plus).")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("Les fichiers .xls (Excel 97-2003) ne sont pas lus : enregistrez le "
                              "tableau au format .xlsx, .ods ou .csv.")
    if data.startswith(b"PK\x03\x04"):
        rows, kind = _read_zipped(data, max_rows)
    else:
        rows, kind = _read_csv(data, max_rows), "CSV"
    rows = [[_cell_text(cell) for cell in row] for row in rows]
    while rows and not any(rows[0]):
        rows.pop(0)  # blank lines above the header
    if not rows:
        raise ImportFileError("Le fichier ne contient aucune ligne.")
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if len(body) > max_rows:
        raise ImportFileError(f"Le fichier a trop de lignes ({max_rows} au plus).")
    return Table(header=rows[0], rows=rows[1:], kind=kind)


def _size(n: int) -> str:
    return f"{n // 1024} Kio" if n < 1024 * 1024 else f"{n // (1024 * 1024)} Mio"


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 (what French Excel writes by default)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError("Le fichier n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le "
                                  "en « CSV UTF-8 ».") from None
    if "\x00" in text:
        raise ImportFileError("Ce fichier n'est pas un tableau CSV, ODS ou XLSX.")
    return text


def _separator(header_line: str) -> str:
    """``;`` (French spreadsheets) unless the header line has more commas."""
    return "," if header_line.count(",") > header_line.count(";") else ";"


def _read_csv(data: bytes, max_rows: int) -> list[list[str]]:
    text = _decode(data)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first_line), strict=True)
    try:
        return _enough(reader, max_rows)
    except csv.Error:
        raise ImportFileError("Le fichier CSV est mal formé (un guillemet n'est pas refermé ?).") from None


def _enough(rows: Iterable[list], max_rows: int) -> list[list]:
    """The rows, but no more than it takes to say there are too many (header + max_rows + 1
    lines that are not blank): a huge sheet is never read whole."""
    kept, filled = [], 0
    for row in rows:
        kept.append(row)
        filled += any(cell not in (None, "") for cell in row)
        if filled > max_rows + 1:
            break
    return kept


def _read_zipped(data: bytes, max_rows: int) -> tuple[list[list], str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unzipped = sum(info.file_size for info in archive.infolist())
        mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        raise ImportFileError("Le fichier est abîmé : il ne s'ouvre pas comme un tableur.") from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise ImportFileError("Le fichier décompressé est trop gros pour une liste de membres.")
    try:
        if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
            return _ods_rows(data, max_rows), "ODS"
        if "xl/workbook.xml" in names:
            return _xlsx_rows(data, max_rows), "XLSX"
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - whatever a damaged file makes the libraries raise
        raise ImportFileError("Le fichier est abîmé : il ne s'ouvre pas comme un tableur.") from None
    raise ImportFileError("Ce fichier n'est pas un tableau CSV, ODS ou XLSX.")


def _xlsx_rows(data: bytes, max_rows: int) -> list[list]:
    """The first sheet's rows; formulas are read as their text, never computed."""
    from openpyxl import load_workbook  # uses defusedxml when installed (it is a dependency)

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        return _enough((list(row) for row in book.worksheets[0].iter_rows(values_only=True)), max_rows)
    finally:
        book.close()


# ODS content.xml names. The sheet is read by streaming (defusedxml's iterparse): odfpy builds a
# DOM of the whole document, about 5 s and 50 MB per MB of XML, where this takes a fraction.
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _ods_rows(data: bytes, max_rows: int) -> list[list]:
    """The first sheet's rows, repeated cells and rows unfolded (an empty tail is not)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
        return _enough(_ods_sheet_rows(content, max_rows), max_rows)


def _ods_sheet_rows(content, max_rows: int):
    from defusedxml.ElementTree import iterparse  # entity bombs and external entities refused

    tables = 0
    for event, element in iterparse(content, events=("start", "end")):
        if element.tag == _TABLE + "table" and event == "start":
            tables += 1
        if tables != 1 or event != "end" or element.tag != _TABLE + "table-row":
            if tables > 1:
                return
            continue
        cells: list = []
        for cell in element:
            if cell.tag not in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
                continue
            repeat = min(int(cell.get(_TABLE + "number-columns-repeated", 1)), 100)
            if cell.get(_OFFICE + "value-type") == "date":
                value = cell.get(_OFFICE + "date-value", "")[:10]
            else:
                value = "\n".join(_ods_text(p) for p in cell.findall(_TEXT + "p"))
            cells.extend([value] * repeat)
        while cells and cells[-1] == "":
            cells.pop()
        repeat = int(element.get(_TABLE + "number-rows-repeated", 1))
        element.clear()  # what was read is let go: memory stays flat
        # an empty tail is written as one row repeated a million times: unfold a little only
        yield from [cells] * (min(repeat, max_rows + 2) if cells else min(repeat, 2))


def _ods_text(element) -> str:
    """A paragraph's text: spans followed, ``text:s`` (spaces), tabs and line breaks kept."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _TEXT + "s":
            parts.append(" " * min(int(child.get(_TEXT + "c", 1)), 100))
        elif child.tag == _TEXT + "tab":
            parts.append("\t")
        elif child.tag == _TEXT + "line-break":
            parts.append("\n")
        elif child.tag != _OFFICE + "annotation":
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _cell_text(value) -> str:
    """One cell as text: dates as AAAA-MM-JJ, whole numbers without « .0 », text trimmed of
    the apostrophe the export puts before a formula-like cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").strip()
    return _DEFUSED.sub("", text)
