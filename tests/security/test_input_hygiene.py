"""Issue 10, findings 7 and 8, one case each: a file sent under a text field's name gets the
form's French message (sign-in, application, observation, avis); an avis whose addressee does not
exist gets the form's message; the text rule for single-line and multi-line fields."""

from __future__ import annotations

import io

import pytest

from council.forms import FILE_MESSAGE
from council.text import (
    BIDI_MESSAGE,
    CONTROL_MESSAGE,
    LINE_BREAK_MESSAGE,
    lines,
    multi_line_problem,
    one_line,
    single_line_problem,
)
from tests.fixtures.applications import resident_form
from tests.opinions.test_views import _draft_form


def _a_file():
    return (io.BytesIO(b"%PDF-1.4"), "piece.pdf")


def _multipart(client, path, data):
    return client.post(path, data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("field", ["email", "password"])
def test_a_file_as_a_sign_in_field(client, field):
    data = {"email": "awa@example.org", "password": "secret", field: _a_file()}
    response = _multipart(client, "/connexion", data)
    assert response.status_code == 200
    assert FILE_MESSAGE in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["first_name", "email", "address", "motivation", "college"])
def test_a_file_as_an_application_field(client, field):
    response = _multipart(client, "/candidature", {**resident_form(), field: _a_file()})
    assert response.status_code == 200
    assert FILE_MESSAGE in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["description", "place", "neighbourhood", "website"])
def test_a_file_as_an_observation_field(client, ids, field):
    data = {"kind": "dysfunction", "neighbourhood": str(ids["provinces"]),
            "description": "Les jeux du square sont cassés.", field: _a_file()}
    response = _multipart(client, "/observations/nouvelle", data)
    assert response.status_code == 200
    assert FILE_MESSAGE in response.get_data(as_text=True)


def test_a_file_as_an_avis_title(client, login_as, ids):
    login_as("member")
    response = _multipart(client, "/avis/rediger", _draft_form(ids, title=_a_file()))
    assert response.status_code == 200
    assert FILE_MESSAGE in response.get_data(as_text=True)


@pytest.mark.parametrize("partner", ["999999", str(2**31), str(2**63), str(10**30), "0", "-1"])
def test_an_avis_to_a_partner_that_does_not_exist_is_refused_beside_the_field(
        client, login_as, ids, partner):
    login_as("member")
    response = client.post("/avis/rediger", data=_draft_form(ids, partner=partner))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Choisissez un destinataire dans la liste." in html or "Choix non valide" in html


@pytest.mark.parametrize(("text", "single", "multi"), [
    ("Assemblée plénière", None, None),
    ("Jean-Noël N'Diaye 🙂", None, None),
    ("Tab\tulé", None, None),
    ("\u200fمرحبا\u200e", None, None),  # direction marks help right-to-left names: accepted
    ("Ligne 1\nLigne 2", LINE_BREAK_MESSAGE, None),
    ("Ligne 1\r\nLigne 2", LINE_BREAK_MESSAGE, None),
    ("Ligne 1\rLigne 2", LINE_BREAK_MESSAGE, None),
    ("Ligne 1\u2028Ligne 2", LINE_BREAK_MESSAGE, None),
    ("Ligne 1\x85Ligne 2", LINE_BREAK_MESSAGE, CONTROL_MESSAGE),
    ("Saut\x0cde page", LINE_BREAK_MESSAGE, CONTROL_MESSAGE),
    ("Échap\x1b[31m", CONTROL_MESSAGE, CONTROL_MESSAGE),
    ("Nul\x00", CONTROL_MESSAGE, CONTROL_MESSAGE),
    ("C1\x9b", CONTROL_MESSAGE, CONTROL_MESSAGE),
    ("Inversé \u202egnp.exe", BIDI_MESSAGE, BIDI_MESSAGE),
    ("Isolé \u2066x\u2069", BIDI_MESSAGE, BIDI_MESSAGE),
])
def test_the_text_rule(text, single, multi):
    assert single_line_problem(text) == single
    assert multi_line_problem(text) == multi
    assert single_line_problem(one_line(text)) is None  # what the .ics builder writes is clean
    assert multi_line_problem(lines(text)) is None
