"""The CSV builder, read back with the csv module as a French spreadsheet would: pure, no Flask."""

import csv
import io
from datetime import date
from types import SimpleNamespace

from council.csv import csv_bytes, french_date, safe_cell
from council.eligibility import ActorCategory, College
from council.membership.export import HEADERS, roster_csv
from council.membership.models import Gender, JoinMethod, MemberStatus


def member(**overrides):
    values = dict(
        last_name="Lefèvre", first_name="Zoé", college=College.LOCAL_ACTOR,
        neighbourhood=SimpleNamespace(name="Saint-Michel – Vallée d'Auge"),
        actor_category=ActorCategory.SHOPKEEPER, structure_name="Épicerie « Chez Zoé »; bio",
        email="zoe@example.org", phone="+33 6 12 34 56 78", address="2 rue d'Auge\n61200 Argentan",
        gender=Gender.FEMALE, joined_on=date(2025, 3, 7), join_method=JoinMethod.COOPTATION,
        mandate_ends_on=date(2027, 3, 7),
        status=MemberStatus.RESIGNED, status_changed_on=date(2026, 1, 2),
        status_reason="=HYPERLINK(\"http://evil.example\")",
    )
    values.update(overrides)
    return SimpleNamespace(**values)


def read_back(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_roster_csv_reads_back_with_french_headers_and_dates():
    rows = read_back(roster_csv([member(), member(last_name="Nguyen", first_name="Hoa",
                                                  college=College.RESIDENT, neighbourhood=None,
                                                  actor_category=None, structure_name=None,
                                                  phone=None, gender=None, mandate_ends_on=None,
                                                  status=MemberStatus.ACTIVE,
                                                  join_method=JoinMethod.APPLICATION,
                                                  status_changed_on=None, status_reason=None)]))
    assert rows[0] == list(HEADERS)
    assert rows[0][:3] == ["Nom", "Prénom", "Collège"] and "Date d'entrée" in rows[0]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Nom"] == "Lefèvre" and first["Prénom"] == "Zoé"
    assert first["Collège"] == "acteurs locaux" and first["Activité"] == "commerçant·e"
    assert first["Structure"] == "Épicerie « Chez Zoé »; bio"  # the ";" is quoted, not a column
    assert first["Quartier"] == "Saint-Michel – Vallée d'Auge"
    assert first["Adresse"] == "2 rue d'Auge\n61200 Argentan"
    assert first["Date d'entrée"] == "07/03/2025" and first["Fin de mandat"] == "07/03/2027"
    assert first["Mode d'entrée"] == "cooptation"
    assert first["Statut"] == "démission" and first["Date du statut"] == "02/01/2026"
    assert first["Téléphone"] == "+33 6 12 34 56 78"  # a phone number is not a formula
    assert first["Motif du statut"].startswith("'=")  # a formula is defused
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["Quartier"] == "" and second["Fin de mandat"] == "" and second["Genre"] == ""
    assert len(rows) == 3


def test_lines_end_with_crlf_and_an_empty_roster_has_the_headers():
    content = roster_csv([])
    assert content.endswith(b"\r\n") and content.count(b"\r\n") == 1
    assert read_back(content) == [list(HEADERS)]


def test_cells_and_dates():
    assert french_date(date(2026, 12, 1)) == "01/12/2026" and french_date(None) == ""
    assert [safe_cell(v) for v in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "+33 1 23", "-", None, 12)] == [
        "'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)", "+33 1 23", "-", "", "12"]
    assert read_back(csv_bytes(["a"], [["x;y"], ['"quoted"']])) == [["a"], ["x;y"], ['"quoted"']]
