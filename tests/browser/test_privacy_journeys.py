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


def test_admin_finds_a_person_by_name_and_picks_the_right_one(page, app, make_user, make_member):
    """Two members share a name: the search lists both, the admin picks one, the other stays."""
    from council.extensions import db
    from council.membership.models import Member

    admin = make_user(role=Role.ADMIN)
    first = make_member(first_name="Inès", last_name="Moreau", phone="06 11 22 33 44")
    second = make_member(first_name="Paul", last_name="Moreau", phone="07 55 66 77 88")
    page.sign_in(admin.email)
    page.goto("/admin/effacement")
    page.page.get_by_label("Ou son nom").fill("moreau")
    page.page.get_by_role("button", name="Voir ce qui sera effacé").click()
    page.check()
    main = page.page.locator("main").inner_text()
    assert "Fiche de membre : Inès Moreau" in main and "Fiche de membre : Paul Moreau" in main
    page.page.get_by_label("Fiche de membre : Paul Moreau", exact=False).check()
    page.page.get_by_role("button", name="Effacer définitivement la fiche choisie").click()
    page.check()
    assert "Effacement fait" in page.page.locator(".flashes").inner_text()
    with app.app_context():
        assert db.session.get(Member, second).anonymised_at is not None
        assert db.session.get(Member, first).last_name == "Moreau"
