"""Admin journey: edit the council's profile (a mistake first, shown beside its field), add a
partner and retire another; the public pages show the change. axe checks every page."""

from council.auth.models import Role


def test_admin_edits_the_profile_and_the_partners_and_the_public_site_follows(page, make_user):
    admin = make_user(role=Role.ADMIN)
    p = page.page
    page.sign_in(admin.email)
    p.get_by_role("link", name="Administration").click()
    page.check()
    p.get_by_role("link", name="Profil du conseil").click()
    page.check()
    p.get_by_label("Nom du conseil").fill("Conseil citoyen de Flers")
    p.get_by_label("Ville", exact=True).fill("Flers")
    p.get_by_label("Âge minimum pour candidater (ans)").fill("14")
    p.get_by_role("button", name="Enregistrer le profil").click()
    page.check()
    assert "dès 16 ans" in p.locator("#minimum_age-error").inner_text()
    assert p.get_by_label("Nom du conseil").input_value() == "Conseil citoyen de Flers"  # kept
    p.get_by_label("Âge minimum pour candidater (ans)").fill("18")
    p.get_by_role("button", name="Enregistrer le profil").click()
    page.check()
    assert "Le profil du conseil est enregistré." in p.locator(".flashes").inner_text()

    p.get_by_role("link", name="Partenaires", exact=True).last.click()
    page.check()
    p.get_by_role("link", name="Ajouter un partenaire").click()
    page.check()
    p.get_by_label("Nom", exact=True).fill("Flers Agglo")
    p.get_by_label("Collectivité").check()
    p.get_by_label("Ce qu'il fait pour les quartiers").fill("Finance les actions du contrat de ville.")
    p.get_by_label("Site internet").fill("ftp:/flers")
    p.get_by_role("button", name="Enregistrer").click()
    page.check()
    assert "https://" in p.locator("#website-error").inner_text()
    p.get_by_label("Site internet").fill("https://www.flers-agglo.example")
    p.get_by_role("button", name="Enregistrer").click()
    page.check()
    assert p.locator("h1").inner_text() == "Flers Agglo"
    page.goto("/admin/partenaires")
    p.get_by_role("button", name="Retirer Orne Habitat (bailleur social)").click()
    page.check()
    assert "Partenaire retiré" in p.locator(".flashes").inner_text()

    page.sign_out()
    page.goto("/")
    assert p.locator("h1").inner_text() == "Conseil citoyen de Flers"
    assert "18 ans" in p.locator("main").inner_text()
    page.goto("/partenaires")
    current = p.locator("main").inner_text().split("Anciens partenaires")
    assert "Flers Agglo" in current[0] and "Orne Habitat" not in current[0]
    assert "Orne Habitat" in current[1]
    p.get_by_role("link", name="Flers Agglo").click()
    page.check()
    assert "Finance les actions du contrat de ville." in p.locator("main").inner_text()
