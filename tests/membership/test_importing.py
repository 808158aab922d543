"""Roster import, the pure part: a table of files (encodings, separators, BOM, ODS and XLSX made
here with their libraries, bad cells) read and planned without Flask or a database."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from council.eligibility import ActorCategory, College
from council.membership.importing import Roster, parse_date, person_key, plan, preview_lines
from council.membership.models import Gender, JoinMethod, MemberStatus
from council.membership.spreadsheet import MAX_UNZIPPED_BYTES, ImportFileError, read_table

AREAS = [("saint-michel-vallee-d-auge", "Saint-Michel – Vallée d'Auge"), ("les-provinces", "Les Provinces")]
ROSTER = Roster(neighbourhoods=AREAS, today=date(2026, 6, 1))
MAX = 256 * 1024
HEADER = ["Nom", "Prénom", "Collège", "Quartier", "E-mail", "Date d'entrée", "Genre", "Mode d'entrée"]
ROWS = [
    ["Lefèvre", "Zoé", "habitants", "Les Provinces", "zoe@example.org", "07/03/2025", "femme",
     "tirage au sort"],
    ["Nguyễn", "Hoà", "acteurs locaux", "Saint-Michel – Vallée d'Auge", "", "1/9/2024", "",
     "cooptation"],
]


def csv_file(rows, separator=";", encoding="utf-8-sig", header=HEADER, newline="\r\n") -> bytes:
    def cell(text):
        quoted = '"' + text.replace('"', '""') + '"'
        return quoted if separator in text or '"' in text or "\n" in text else text
    lines = [separator.join(cell(c) for c in row) for row in [header, *rows]]
    return (newline.join(lines) + newline).encode(encoding)


def xlsx_file(rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods_file(rows, header=HEADER, empty_tail=0) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Membres")
    for row in [header, *rows]:
        line = TableRow()
        for value in row:
            if isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.strftime("%d/%m/%Y")))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            line.addElement(cell)
        table.addElement(line)
    if empty_tail:
        tail = TableRow(numberrowsrepeated=empty_tail)
        tail.addElement(TableCell(numbercolumnsrepeated=1024))
        table.addElement(tail)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def planned(data: bytes, roster: Roster = ROSTER):
    return plan(read_table(data, max_bytes=MAX), roster)


def summary(roster_plan):
    return [(line.member.last_name, line.member.first_name, line.member.college,
             line.member.neighbourhood, line.member.email, line.member.joined_on,
             line.member.gender, line.member.join_method, tuple(line.problems))
            for line in roster_plan.lines]


EXPECTED = [
    ("Lefèvre", "Zoé", College.RESIDENT, "les-provinces", "zoe@example.org", date(2025, 3, 7),
     Gender.FEMALE, JoinMethod.LOT, ()),
    ("Nguyễn", "Hoà", College.LOCAL_ACTOR, "saint-michel-vallee-d-auge", None, date(2024, 9, 1),
     None, JoinMethod.COOPTATION, ()),
]
CP1252_ROWS = [[cell.replace("ễ", "e").replace("à", "a") for cell in row] for row in ROWS]


@pytest.mark.parametrize(("data", "kind"), [
    pytest.param(csv_file(ROWS), "CSV", id="utf8-bom-semicolon"),
    pytest.param(csv_file(ROWS, encoding="utf-8"), "CSV", id="utf8-no-bom"),
    pytest.param(csv_file(ROWS, separator=","), "CSV", id="comma"),
    pytest.param(csv_file(ROWS, newline="\n"), "CSV", id="lf"),
    pytest.param(b"\r\n" + csv_file(ROWS), "CSV", id="blank-line-above"),
    pytest.param(xlsx_file(ROWS), "XLSX", id="xlsx"),
    pytest.param(ods_file(ROWS), "ODS", id="ods"),
    pytest.param(ods_file([[*r[:5], date(2025, 3, 7) if i == 0 else date(2024, 9, 1), *r[6:]]
                           for i, r in enumerate(ROWS)], empty_tail=1_048_000), "ODS",
                 id="ods-date-cells-and-a-million-empty-rows"),
])
def test_every_format_reads_as_the_same_roster(data, kind):
    result = planned(data)
    assert result.kind == kind and not result.unknown_columns and not result.missing_columns
    assert summary(result) == EXPECTED
    assert [line.verdict for line in result.lines] == ["prête", "prête"]


def test_windows_1252_is_read_when_the_file_is_not_utf8():
    data = csv_file(CP1252_ROWS, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = planned(data)
    assert [line.member.last_name for line in result.lines] == ["Lefèvre", "Nguyen"]
    assert result.lines[1].member.neighbourhood == "saint-michel-vallee-d-auge"  # « – » is in cp1252


def test_xlsx_dates_numbers_and_formulas_are_read_as_values_or_text():
    rows = [["Lefèvre", "Zoé", "habitants", "les-provinces", "zoe@example.org",
             datetime(2025, 3, 7), "F", "=1+1"]]
    line = planned(xlsx_file(rows)).lines[0]
    assert line.member.joined_on == date(2025, 3, 7) and line.member.gender is Gender.FEMALE
    # the formula is not computed: « =1+1 » is text, and not a join method
    assert line.problems == ["Mode d'entrée : valeur inconnue « =1+1 » (valeurs acceptées : candidature, "
                             "tirage au sort, cooptation, désignation)."]


def test_headers_match_without_case_accents_spaces_or_punctuation_and_unknown_ones_are_reported():
    header = ["  NOM ", "prenom", "College", "quartier", "E mail", "Date d’entrée", "Couleur", "Nom"]
    result = planned(csv_file([["Dupont", "Léa", "Habitants", "LES PROVINCES", "", "01/01/2025",
                                "bleu", "Autre"]], header=header))
    assert result.unknown_columns == ["Couleur", "Nom"]  # a column twice: the first one counts
    assert not result.missing_columns
    member = result.lines[0].member
    assert (member.last_name, member.first_name, member.college, member.neighbourhood) == (
        "Dupont", "Léa", College.RESIDENT, "les-provinces")


def test_missing_required_columns_are_reported_and_no_line_is_planned():
    result = planned(csv_file([["Dupont", "a@example.org"]], header=["Nom", "E-mail"]))
    assert result.missing_columns == ["Prénom", "Collège", "Date d'entrée"]
    assert result.lines == []
    assert "Colonnes obligatoires absentes : Prénom, Collège, Date d'entrée." in preview_lines(result)


GOOD = dict(zip(HEADER, ROWS[0], strict=True))


@pytest.mark.parametrize(("column", "value", "problem"), [
    ("Nom", "", "Nom manquant."),
    ("Prénom", "  ", "Prénom manquant."),
    ("Collège", "", "Collège manquant (habitants ou acteurs locaux)."),
    ("Collège", "jeunes",
     "Collège : valeur inconnue « jeunes » (valeurs acceptées : habitants, acteurs locaux)."),
    ("Quartier", "Centre-ville", "Quartier : quartier inconnu « Centre-ville » (valeurs acceptées : "
                                 "Saint-Michel – Vallée d'Auge, Les Provinces)."),
    ("Genre", "x", "Genre : valeur inconnue « x »"),
    ("Mode d'entrée", "élection", "Mode d'entrée : valeur inconnue « élection »"),
    ("Date d'entrée", "", "Date d'entrée manquante."),
    ("Date d'entrée", "31/02/2025", "Date d'entrée : date non comprise (attendu JJ/MM/AAAA)."),
    ("Date d'entrée", "mars 2025", "Date d'entrée : date non comprise"),
    ("E-mail", "zoé@example.org", "E-mail : adresse non utilisable — Avant le « @ »"),
    ("E-mail", "zoe@", "E-mail : adresse non utilisable — Indiquez une adresse e-mail valide"),
    ("Nom", "x" * 101, "Nom : 100 caractères au plus."),
])
def test_each_bad_cell_gives_its_french_problem(column, value, problem):
    line = planned(csv_file([list({**GOOD, column: value}.values())])).lines[0]
    assert line.verdict == "à corriger" and not line.importable
    assert any(p.startswith(problem) for p in line.problems), line.problems


def test_every_problem_of_a_line_is_reported_not_only_the_first():
    line = planned(csv_file([["", "Zoé", "jeunes", "Centre", "@", "32/13/2025", "x", "y"]])).lines[0]
    assert len(line.problems) == 7, line.problems


def test_a_departure_needs_its_date_and_dates_must_follow_the_entry():
    header = ["Nom", "Prénom", "Collège", "Date d'entrée", "Fin de mandat", "Statut", "Date du statut"]
    rows = [["A", "B", "habitants", "01/01/2025", "", "démission", ""],
            ["C", "D", "habitants", "01/01/2025", "01/01/2024", "radiation", "01/06/2024"]]
    first, second = planned(csv_file(rows, header=header)).lines
    assert first.problems == ["Date du statut manquante : indiquez le jour du départ."]
    assert second.problems == ["La fin de mandat est avant la date d'entrée.",
                               "La date du statut est avant la date d'entrée."]


def test_the_same_person_twice_in_the_file_is_refused_the_second_time():
    rows = [ROWS[0], [*ROWS[0][:4], "ZOE@example.org", *ROWS[0][5:]],  # same e-mail, another case
            ["LEFEVRE", "zoe", "habitants", "", "", "07/03/2025", "", ""]]  # same name and date
    lines = planned(csv_file(rows)).lines
    assert [line.problems for line in lines] == [
        [], ["Même personne qu'à la ligne 2 du fichier."], ["Même personne qu'à la ligne 2 du fichier."]]


def test_people_already_on_the_roster_are_found_by_e_mail_or_by_name_and_date_of_entry():
    roster = Roster(neighbourhoods=AREAS, today=date(2026, 6, 1), emails=frozenset({"zoe@example.org"}),
                    name_dates=frozenset({(person_key("Hoa", "Nguyen"), date(2024, 9, 1))}))
    result = planned(csv_file(ROWS), roster)
    assert [line.verdict for line in result.lines] == ["déjà dans la liste"] * 2
    assert result.importable == [] and len(result.on_roster) == 2


def test_csv_injection_cells_stay_text_and_the_exports_apostrophe_is_taken_off():
    header = ["Nom", "Prénom", "Collège", "Date d'entrée", "Structure", "Téléphone"]
    rows = [["'=HYPERLINK(\"http://evil.example\")", "=cmd|' /C calc'!A0", "habitants", "01/01/2025",
             "'@SUM(A1)", "+33 6 12 34 56 78"]]
    member = planned(csv_file(rows, header=header)).lines[0].member
    assert member.last_name == '=HYPERLINK("http://evil.example")'  # text, as the export wrote it
    assert member.first_name == "=cmd|' /C calc'!A0"
    assert member.structure_name == "@SUM(A1)" and member.phone == "+33 6 12 34 56 78"


def test_local_actors_and_residents_get_eligibility_warnings_that_do_not_block():
    header = ["Nom", "Prénom", "Collège", "Quartier", "Activité", "Date d'entrée", "Statut", "Date du statut"]
    rows = [["A", "B", "acteurs locaux", "", "autre", "01/01/2025", "", ""],
            ["C", "D", "habitants", "", "", "01/01/2025", "", ""],
            ["E", "F", "habitants", "", "", "01/01/2025", "démission", "01/02/2025"]]
    actor, resident, former = planned(csv_file(rows, header=header)).lines
    assert actor.member.actor_category is ActorCategory.OTHER
    assert actor.warnings == ["Éligibilité : activité non reconnue comme acteur local.",
                              "Éligibilité : activité hors des quartiers prioritaires."]
    assert resident.warnings == ["Éligibilité : n'habite pas un quartier prioritaire."]
    assert former.warnings == [] and former.member.status is MemberStatus.RESIGNED
    assert actor.importable and resident.importable


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Le fichier est vide."),
    (b"\r\n\r\n", "Le fichier ne contient aucune ligne."),
    (b"x" * (MAX + 1), "Le fichier est trop gros (256 Kio au plus)."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "Les fichiers .xls (Excel 97-2003) ne sont pas lus"),
    (b"Nom;Pr\x81nom\r\n", "Le fichier n'est ni en UTF-8 ni en Windows-1252"),
    (b"\x89PNG\r\n\x1a\n\0\0\0IHDR", "Ce fichier n'est pas un tableau CSV, ODS ou XLSX."),
    (b"PK\x03\x04broken", "Le fichier est abîmé"),
    (b'Nom;Pr\xc3\xa9nom\r\n"Dupont;Zo\xc3\xa9\r\n', "Le fichier CSV est mal formé"),
])
def test_files_that_cannot_be_read_say_why_in_french(data, message):
    with pytest.raises(ImportFileError) as refusal:
        read_table(data, max_bytes=MAX)
    assert str(refusal.value).startswith(message)


def test_too_many_lines_are_refused_before_reading_them_all():
    rows = [[f"N{i}", "P", "habitants", "", "", "01/01/2025", "", ""] for i in range(30)]
    assert len(plan(read_table(csv_file(rows), max_bytes=MAX, max_rows=30), ROSTER).lines) == 30
    for data in (csv_file(rows), xlsx_file(rows), ods_file(rows)):
        with pytest.raises(ImportFileError, match="trop de lignes \\(29 au plus\\)"):
            read_table(data, max_bytes=MAX, max_rows=29)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b"<" + b" " * (MAX_UNZIPPED_BYTES + 1))
    assert len(buffer.getvalue()) < MAX
    with pytest.raises(ImportFileError, match="décompressé est trop gros"):
        read_table(buffer.getvalue(), max_bytes=MAX)


@pytest.mark.parametrize(("text", "day"), [
    ("07/03/2025", date(2025, 3, 7)), ("7/3/2025", date(2025, 3, 7)), ("2025-03-07", date(2025, 3, 7)),
    ("07.03.2025", date(2025, 3, 7)), ("2025-03-07 00:00:00", date(2025, 3, 7)),
    ("29/02/2024", date(2024, 2, 29)), ("29/02/2025", None), ("03/07/25", None), ("2025/03/07", None),
    ("07/03/1850", None), ("", None), ("demain", None),
])
def test_dates(text, day):
    assert parse_date(text) == day


def test_the_preview_text_says_each_line_with_its_problems():
    rows = [ROWS[0], ["", "Léa", "jeunes", "", "", "01/01/2025", "", ""],
            ["Dupont", "Jo", "habitants", "", "", "01/01/2025", "", ""]]
    text = preview_lines(planned(csv_file(rows)))
    assert text[0] == ("Fichier CSV : 3 lignes lues — 2 prête(s) à importer, 1 à corriger, "
                       "0 déjà dans la liste.")
    assert "Ligne 2 — Lefèvre Zoé (habitants, entrée le 07/03/2025) : prête" in text
    assert "Ligne 3 — Léa (entrée le 01/01/2025) : à corriger" in text
    assert "    - Nom manquant." in text
    assert "    ! Éligibilité : n'habite pas un quartier prioritaire." in text


def test_the_example_file_in_docs_plans_without_a_problem(project_root: Path):
    data = (project_root / "docs" / "exemple-import-membres.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    result = planned(data)
    assert not result.unknown_columns and not result.missing_columns and len(result.lines) == 4
    assert all(line.importable and not line.warnings for line in result.lines), preview_lines(result)


def test_ods_text_keeps_spans_spaces_and_line_breaks_but_not_comments_or_other_sheets():
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import LineBreak, P, S, Span

    def row(*cells):
        line = TableRow()
        for cell in cells:
            line.addElement(cell)
        return line

    def text_cell(text):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=text))
        return cell

    address = TableCell(valuetype="string")
    paragraph = P(text="2 rue")
    paragraph.addElement(S(c=1))
    paragraph.addElement(Span(text="d'Auge"))
    paragraph.addElement(LineBreak())
    paragraph.addText("61200 Argentan")
    address.addElement(paragraph)
    name = text_cell("Zoé")
    note = Annotation()
    note.addElement(P(text="commentaire à ne pas lire"))
    name.addElement(note)
    document = OpenDocumentSpreadsheet()
    first = Table(name="Membres")
    first.addElement(row(*map(text_cell, ["Nom", "Prénom", "Collège", "Date d'entrée", "Adresse"])))
    first.addElement(row(text_cell("Lefèvre"), name, text_cell("habitants"), text_cell("07/03/2025"),
                         address))
    second = Table(name="Autre")
    second.addElement(row(text_cell("Pas"), text_cell("lu")))
    document.spreadsheet.addElement(first)
    document.spreadsheet.addElement(second)
    buffer = io.BytesIO()
    document.write(buffer)
    table = read_table(buffer.getvalue(), max_bytes=MAX)
    assert table.rows == [["Lefèvre", "Zoé", "habitants", "07/03/2025", "2 rue d'Auge\n61200 Argentan"]]
