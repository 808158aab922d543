"""Account journeys in the browser: forgotten password, from the e-mail to signing in again."""

import re
import time

NEW = "une phrase de passe toute neuve"


def test_forgotten_password_journey(page, make_user, outbox):
    user = make_user()
    page.goto("/connexion")
    page.page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.check()
    page.page.get_by_label("Adresse e-mail de votre compte").fill(user.email)
    page.page.get_by_role("button", name="Recevoir le lien").click()
    page.check()
    assert page.page.locator("h1").inner_text() == "Vérifiez vos e-mails"

    deadline = time.monotonic() + 10  # the e-mail leaves just after the response
    while not outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    link = re.search(r"http://\S+", outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]
    page.goto(path)
    page.page.get_by_label("Nouveau mot de passe").fill("court")
    page.page.get_by_label("Confirmez le mot de passe").fill("court")
    page.page.get_by_role("button", name="Enregistrer le mot de passe").click()
    page.check()
    assert "au moins 12 caractères" in page.page.locator("#password-error").inner_text()
    page.page.get_by_label("Nouveau mot de passe").fill(NEW)
    page.page.get_by_label("Confirmez le mot de passe").fill(NEW)
    page.page.get_by_role("button", name="Enregistrer le mot de passe").click()
    page.check()
    assert "Vous êtes connecté·e." in page.page.locator(".flashes").inner_text()  # by the link
    page.page.get_by_role("button", name="Se déconnecter").click()
    page.check()
    page.goto("/connexion")
    page.page.get_by_label("Adresse e-mail").fill(user.email)
    page.page.get_by_label("Mot de passe", exact=True).fill(NEW)
    page.page.get_by_role("button", name="Se connecter").click()
    page.check()
    assert "Vous êtes connecté·e." in page.page.locator(".flashes").inner_text()

    page.goto(path)  # the link served once
    assert page.page.locator("h1").inner_text() == "Ce lien n'est plus valable"
