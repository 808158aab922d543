"""Privacy journeys: a member downloads their data; an admin erases a person after a preview."""

import json

from council.auth.models import Role


def test_member_downloads_their_data(page, app, make_user, make_member):
    user = make_user(email="jade.morel@example.org")
    make_member(user_id=user.id, email=user.email, first_name="Jade")
    page.sign_in(user.email)
    page.page.get_by_role("link", name="Mon profil").click()
    page.check()
    with page.page.expect_download() as download:
        page.page.get_by_role("link", name="Télécharger mes données").click()
    document = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert document["membre"]["prenom"] == "Jade"  # French keys


def test_admin_erases_a_person(page, app, make_user, make_application):
    admin = make_user(role=Role.ADMIN)
    make_application(email="eloise.petit@example.org", first_name="Éloïse")
    page.sign_in(admin.email)
    page.page.get_by_role("link", name="Administration").click()
    page.check()
    page.page.get_by_role("link", name="Journal des actions").click()
    page.check()
    page.page.get_by_role("link", name="Effacer les données d'une personne").click()
    page.check()
    page.page.get_by_label("Adresse e-mail de la personne").fill("eloise.petit@example.org")
    page.page.get_by_role("button", name="Voir ce qui sera effacé").click()
    page.check()
    assert "Candidatures : 1" in page.page.locator("main").inner_text()
    page.page.get_by_role("button", name="Effacer définitivement").click()
    page.check()
    assert "Effacement fait" in page.page.locator(".flashes").inner_text()
    page.page.get_by_role("link", name="Journal des actions").click()
    page.check()
    journal = page.page.locator("table").inner_text()
    assert "Effacement des données" in journal and "1 candidature" in journal
    assert "privacy.erase" not in journal and "applications=" not in journal
    assert "petit" not in page.page.locator("table").inner_text().lower()
