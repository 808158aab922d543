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
    error = page.page.locator("#password-error").inner_text()
    assert "au moins 17 caractères" in error and "il en fait 5" in error
    page.page.get_by_label("Nouveau mot de passe").fill(NEW)
    page.page.get_by_label("Confirmez le mot de passe").fill(NEW)
    page.page.get_by_role("button", name="Enregistrer le mot de passe").click()
    page.check()
    assert "Vous êtes connecté·e." in page.page.locator(".flashes").inner_text()  # by the link
    page.sign_out()
    page.sign_in(user.email, NEW)
    assert "Vous êtes connecté·e." in page.page.locator(".flashes").inner_text()

    page.goto(path)  # the link served once
    assert page.page.locator("h1").inner_text() == "Ce lien n'est plus valable"


def test_changing_ones_email_through_the_confirmation_link(page, app, make_user, outbox, make_member):
    """A member asks for a new address from the profile; nothing changes until the link sent to
    it is followed and confirmed; then the new address signs in and the old one is told."""
    from council.extensions import db
    from tests.conftest import PASSWORD

    user = make_user(email="ancienne@example.org")
    make_member(user_id=user.id, email="ancienne@example.org")
    page.sign_in("ancienne@example.org")
    page.goto("/profil")
    page.page.get_by_label("Nouvelle adresse e-mail").fill("nouvelle@example.org")
    page.page.get_by_label("Votre mot de passe").fill("pas le bon")
    page.page.get_by_role("button", name="Changer mon adresse e-mail").click()
    page.check()
    assert "n'est pas le bon" in page.page.locator("#email_password-error").inner_text()
    assert page.page.get_by_label("Nouvelle adresse e-mail").input_value() == "nouvelle@example.org"
    page.page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.page.get_by_role("button", name="Changer mon adresse e-mail").click()
    page.check()
    assert "Un lien de confirmation vient d'être envoyé" in page.page.locator(".flashes").inner_text()
    assert "ancienne@example.org" in page.page.locator("main").inner_text()  # nothing changed yet

    confirm = next(mail for mail in outbox if mail.to == ["nouvelle@example.org"])
    link = re.search(r"http://\S+", confirm.body).group(0)
    page.goto("/" + link.split("/", 3)[3])
    page.page.get_by_role("button", name="Confirmer cette adresse").click()
    page.check()
    assert "Votre nouvelle adresse e-mail est enregistrée" in page.page.locator(".flashes").inner_text()
    assert "nouvelle@example.org" in page.page.locator("main").inner_text()
    assert [mail.to for mail in outbox[-2:]] == [["ancienne@example.org"], ["nouvelle@example.org"]]
    with app.app_context():
        from council.auth.models import User

        assert db.session.get(User, user.id).email == "nouvelle@example.org"
