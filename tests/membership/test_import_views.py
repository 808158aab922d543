"""Roster import pages: organisers only, password typed again, a preview that writes nothing,
a confirmation that imports the good lines once; the file travels in POST bodies only."""

from __future__ import annotations

import base64
import io
import re

import pytest
from sqlalchemy import func, select

from council.extensions import db
from council.membership.models import Member

FILE = ("\ufeffNom;Prénom;Collège;Quartier;E-mail;Date d'entrée;Couleur\r\n"
        "Lefèvre;Zoé;habitants;Les Provinces;zoe@example.org;07/03/2025;bleu\r\n"
        "Nguyen;Hoa;acteurs locaux;les-provinces;hoa@;01/09/2024;\r\n").encode()


def members(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Member))


def upload(client, data: bytes, name="membres.csv"):
    return client.post("/membres/import", data={"fichier": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def confirm_content(html: str) -> str:
    return re.search(r'name="content" type="hidden" value="([^"]+)"', html)[1]


@pytest.fixture
def organiser(login_as):
    return login_as("organiser")


def test_members_cannot_import(client, login_as):
    login_as("member")
    assert client.get("/membres/import").status_code == 403
    assert upload(client, FILE).status_code == 403


def test_the_import_asks_for_the_password_again_when_it_is_not_fresh(app, client, organiser):
    with client.session_transaction() as session:
        session["auth_at"] -= app.config["REAUTH_MINUTES"] * 60 + 5
    response = client.get("/membres/import")
    assert response.status_code == 302 and response.location.startswith("/confirmer-acces")
    assert upload(client, FILE).location.startswith("/confirmer-acces")
    assert members(app) == 0


def test_the_form_explains_the_format(client, organiser):
    page = client.get("/membres/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    assert "Mode d&#39;entrée" in page and "tirage au sort" in page


def test_the_preview_shows_each_line_with_its_problems_and_writes_nothing(app, client, organiser):
    response = upload(client, FILE)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 lignes lues" in page and "1 prête à importer" in page and "1 à corriger" in page
    assert "Colonne ignorée (nom inconnu)" in page and "« bleu »" not in page and "« Couleur »" in page
    assert "E-mail : adresse non utilisable" in page
    assert '<caption id="a-corriger-caption">Lignes à corriger (1)</caption>' in page
    assert '<th scope="row">Lefèvre Zoé' in page
    assert "Importer 1 ligne" in page
    assert base64.b64decode(confirm_content(page)) == FILE  # carried back, not kept on the server
    assert 'action="/membres/import/confirmer"' in page  # no personal data in an address
    assert response.headers["Cache-Control"] == "no-store"
    assert members(app) == 0


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Choisissez un fichier (CSV, ODS ou XLSX)."),
    (b"\xd0\xcf\x11\xe0" + b"\0" * 20, "Les fichiers .xls (Excel 97-2003) ne sont pas lus"),
    (b"x" * (256 * 1024 + 1), "Le fichier est trop gros (256 Kio au plus)."),
])
def test_a_file_that_cannot_be_read_is_said_beside_the_field(client, organiser, data, message):
    response = upload(client, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<p class="error" id="fichier-error">{message}' in page.replace("&#39;", "'")
    assert 'aria-describedby="fichier-hint fichier-error"' in page


def test_no_file_sent_at_all_is_said_too(client, organiser):
    assert "Choisissez un fichier" in client.post("/membres/import").get_data(as_text=True)


def test_missing_columns_leave_nothing_to_confirm(client, organiser):
    page = upload(client, b"Nom;E-mail\r\nDupont;a@example.org\r\n").get_data(as_text=True)
    assert "obligatoires absentes de la première ligne : Prénom, Collège, Date d&#39;entrée" in page
    assert "/membres/import/confirmer" not in page


def test_confirming_imports_the_good_lines_once(app, client, organiser):
    content = confirm_content(upload(client, FILE).get_data(as_text=True))
    done = client.post("/membres/import/confirmer", data={"content": content})
    page = done.get_data(as_text=True)
    assert done.status_code == 200 and "1 membre ajouté à la liste" in page
    assert "Lignes à corriger (1)" in page and "Importer un fichier corrigé" in page
    assert members(app) == 1
    again = client.post("/membres/import/confirmer", data={"content": content}).get_data(as_text=True)
    assert "Aucune ligne n&#39;était prête à importer : rien n&#39;a changé." in again
    assert "Déjà dans la liste des membres (1)" in again
    assert members(app) == 1
    fixed = FILE.replace(b"hoa@;", b"hoa@example.org;")
    client.post("/membres/import/confirmer", data={"content": base64.b64encode(fixed).decode()})
    assert members(app) == 2


@pytest.mark.parametrize("content", ["", "pas du base64 !", base64.b64encode(b"\xd0\xcf\x11\xe0").decode()])
def test_a_confirmation_with_a_broken_file_is_refused(app, client, organiser, content):
    assert client.post("/membres/import/confirmer", data={"content": content}).status_code == 400
    assert members(app) == 0


def test_the_roster_links_to_the_import(client, organiser):
    assert 'href="/membres/import"' in client.get("/membres").get_data(as_text=True)
