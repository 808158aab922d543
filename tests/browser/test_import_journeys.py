"""Roster import in a real browser, with axe on every page: an organiser sends a spreadsheet with
errors, sees the preview, imports the good lines, fixes the file and sends it again: nobody is
added twice."""

import re

from sqlalchemy import func, select

from council.auth.models import Role
from council.extensions import db
from council.membership.models import Member
from tests.conftest import PASSWORD

HEADER = "Nom;Prénom;Collège;Quartier;E-mail;Date d'entrée;Mode d'entrée;Remarque\r\n"
GOOD = "Lefèvre;Zoé;habitants;Les Provinces;zoe@example.org;07/03/2025;tirage au sort;\r\n"
BAD = "Nguyen;Hoa;acteurs locaux;Centre-ville;hoa@;31/02/2024;cooptation;à relancer\r\n"
FIXED = "Nguyen;Hoa;acteurs locaux;Les Provinces;hoa@example.org;29/02/2024;cooptation;\r\n"


def csv_payload(*lines):
    return {"name": "membres.csv", "mimeType": "text/csv",
            "buffer": ("\ufeff" + HEADER + "".join(lines)).encode()}


def send(page, payload):
    page.page.get_by_label("Fichier de la liste des membres").set_input_files(payload)
    page.page.get_by_role("button", name="Voir l'aperçu").click()
    page.check()


def roster_names(app):
    with app.app_context():
        return sorted(db.session.scalars(select(Member.last_name)))


def test_an_organiser_imports_a_spreadsheet_fixes_it_and_imports_it_again(page, app, make_user):
    organiser = make_user(role=Role.ORGANISER, email="organisatrice@example.org")
    p = page.page
    page.sign_in(organiser.email)
    app.config["REAUTH_MINUTES"] = 0  # the sign-in is no longer "recent": the app asks again
    p.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Membres", exact=True).click()
    page.check()
    p.get_by_role("link", name="Importer des membres (tableur)").click()
    page.check()
    assert p.locator("h1").inner_text() == "Confirmer votre identité"
    p.get_by_label("Votre mot de passe").fill(PASSWORD)
    app.config["REAUTH_MINUTES"] = 10
    p.get_by_role("button", name="Continuer").click()
    page.check()
    assert p.locator("h1").inner_text() == "Importer des membres depuis un tableur"

    p.get_by_role("button", name="Voir l'aperçu").click()  # no file chosen
    page.check()
    assert p.locator("#fichier-error").inner_text() == "Choisissez un fichier (CSV, ODS ou XLSX)."

    send(page, csv_payload(GOOD, BAD))
    assert p.locator("h1").inner_text() == "Aperçu de l'import"
    status = p.get_by_role("status").inner_text()
    assert "1 prête à importer" in status and "1 à corriger" in status
    assert "« Remarque »" in p.locator(".notice").inner_text()
    to_fix = p.get_by_role("table", name="Lignes à corriger (1)")
    row = to_fix.get_by_role("row", name=re.compile("Nguyen Hoa"))
    problems = row.inner_text()
    assert "Quartier : quartier inconnu « Centre-ville »" in problems
    assert "E-mail : adresse non utilisable" in problems
    assert "Date d'entrée : date non comprise (attendu JJ/MM/AAAA)." in problems
    ready = p.get_by_role("table", name="Lignes prêtes à importer (1)")
    assert "tirage au sort" in ready.get_by_role("row", name=re.compile("Lefèvre Zoé")).inner_text()
    assert roster_names(app) == []  # the preview writes nothing

    p.get_by_role("button", name="Importer 1 ligne").click()
    page.check()
    assert "1 membre ajouté à la liste" in p.locator(".flashes").inner_text()
    assert p.get_by_role("table", name="Lignes à corriger (1)").is_visible()
    assert roster_names(app) == ["Lefèvre"]

    p.get_by_role("link", name="Importer un fichier corrigé").click()
    page.check()
    send(page, csv_payload(GOOD, FIXED))
    status = p.get_by_role("status").inner_text()
    assert "1 prête à importer" in status and "1 déjà dans la liste" in status
    assert p.get_by_role("table", name="Déjà dans la liste des membres (1)").is_visible()
    p.get_by_role("button", name="Importer 1 ligne").click()
    page.check()
    assert roster_names(app) == ["Lefèvre", "Nguyen"]

    p.get_by_role("link", name="Liste des membres").click()
    page.check()
    assert "2 membres trouvés" in p.get_by_role("status").inner_text()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Member)
                                 .where(Member.user_id.is_not(None))) == 0
