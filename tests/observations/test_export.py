"""The CSV export's format, as French spreadsheets need it: pure, no Flask."""

import csv
import io
from datetime import date
from types import SimpleNamespace as Row

from council.csv import french_date, safe_cell
from council.observations.export import HEADERS, observations_csv
from council.observations.lifecycle import (
    ClosureReason,
    ObservationKind,
    ObservationOrigin,
    ObservationStatus,
)


def _observation(**overrides):
    values = dict(
        id=12, observed_on=date(2026, 3, 9), kind=ObservationKind.DYSFUNCTION,
        neighbourhood=Row(name="Les Provinces"), pillar=Row(name="Cadre de vie et rénovation urbaine"),
        axes=[Row(name="Jeunesse"), Row(name="Égalité entre les femmes et les hommes")],
        place="Square des Provinces", description="Jeux d'enfants cassés ; « dangereux »",
        origin=ObservationOrigin.ONLINE, status=ObservationStatus.TRANSMITTED,
        partner=Row(name="Orne Habitat (bailleur social)"), transmitted_on=date(2026, 3, 20),
        answer_text=None, answered_on=None, closure_reason=None, duplicate_of_id=None,
        resident_name="Yvette Lanier", resident_contact="06 12 34 56 78",
    )
    values.update(overrides)
    return Row(**values)


def _parse(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_utf8_bom_semicolons_french_headers_and_crlf():
    body = observations_csv([_observation()], lambda o: False)
    assert body.startswith(b"\xef\xbb\xbf")
    assert body.decode("utf-8-sig").startswith("N°;Date;Type;Quartier;Volet;")
    assert b"\r\n" in body
    assert _parse(body)[0] == list(HEADERS)


def test_a_row_in_french_with_dd_mm_yyyy_dates():
    rows = _parse(observations_csv([_observation()], lambda o: True))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["N°"] == "12"
    assert row["Date"] == "09/03/2026"
    assert row["Type"] == "dysfonctionnement"
    assert row["Axes transversaux"] == "Jeunesse, Égalité entre les femmes et les hommes"
    assert row["Description"] == "Jeux d'enfants cassés ; « dangereux »"
    assert row["Statut"] == "transmise à un partenaire"
    assert row["Transmise le"] == "20/03/2026"
    assert row["En retard"] == "oui"


def test_closed_duplicate_and_answer():
    closed = _observation(status=ObservationStatus.CLOSED, closure_reason=ClosureReason.DUPLICATE,
                          duplicate_of_id=7, answer_text="Réparé.", answered_on=date(2026, 4, 2))
    row = dict(zip(HEADERS, _parse(observations_csv([closed], lambda o: False))[1], strict=True))
    assert (row["Clôture"], row["Doublon de"], row["Réponse"], row["Réponse reçue le"], row["En retard"]) == (
        "doublon", "7", "Réparé.", "02/04/2026", "")


def test_no_resident_name_or_contact_is_exported():
    body = observations_csv([_observation()], lambda o: False).decode("utf-8-sig")
    assert "Lanier" not in body and "06 12 34 56 78" not in body


def test_formulas_are_defused():
    body = observations_csv([_observation(description="=HYPERLINK(\"http://x\")", place="+33")],
                            lambda o: False)
    row = _parse(body)[1]
    assert row[HEADERS.index("Description")] == "'=HYPERLINK(\"http://x\")"
    assert safe_cell("-2") == "-2" and safe_cell("@SUM(A1)") == "'@SUM(A1)"


def test_empty_export_has_the_headers_only():
    assert _parse(observations_csv([], lambda o: False)) == [list(HEADERS)]
    assert french_date(None) == ""
