"""Keyboard journeys through each public form: a blank form reads as nothing invalid; sending it
with errors moves focus to the error summary and the title says so; each error link puts focus on
its field's first control (radio groups included), which carries ``aria-invalid`` and the error in
its description; then the form is completed by keyboard and sent."""

from datetime import date

from sqlalchemy import select

from council.extensions import db
from council.membership.models import Application
from tests.conftest import PASSWORD

FOCUSED = "() => { const e = document.activeElement; return {id: e.id, tag: e.tagName, " \
          "cls: e.className, invalid: e.getAttribute('aria-invalid'), " \
          "described: e.getAttribute('aria-describedby') || ''}; }"


def focused(p) -> dict:
    return p.evaluate(FOCUSED)


def assert_nothing_invalid_before_sending(p) -> None:
    assert p.locator("form [required]").count() == 0
    assert p.locator("form [aria-invalid]").count() == 0
    assert p.evaluate("document.querySelectorAll('form :invalid').length") == 0


def send_by_keyboard(page, button: str) -> None:
    page.page.get_by_role("button", name=button).focus()
    with page.page.expect_navigation():
        page.page.keyboard.press("Enter")
    page.check()


def assert_errors_announced(p) -> None:
    assert p.title().startswith("Erreur : ")
    assert "error-summary" in focused(p)["cls"]


def follow_error_link(p, name: str) -> dict:
    """Tab through the summary's links to the one for ``name``, press Enter: → the focused control."""
    links = p.locator(".error-summary a")
    texts = [links.nth(i).inner_text() for i in range(links.count())]
    index = next((i for i, text in enumerate(texts) if text.startswith(name)), None)
    assert index is not None, texts
    for _ in range(index + 1):
        p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.textContent").startswith(name)
    p.keyboard.press("Enter")
    return focused(p)


def test_observation_form_by_keyboard(page):
    p = page.page
    page.goto("/observations/nouvelle")
    assert not p.title().startswith("Erreur")
    assert_nothing_invalid_before_sending(p)
    send_by_keyboard(page, "Envoyer mon observation")
    assert_errors_announced(p)
    control = follow_error_link(p, "Dans quel quartier")
    assert control["id"] == "neighbourhood-0" and control["invalid"] == "true"
    assert "neighbourhood-error" in control["described"]
    p.keyboard.press("Space")  # checks the first neighbourhood
    p.get_by_label("Un problème à signaler (dysfonctionnement)").focus()
    p.keyboard.press("Space")
    p.get_by_label("Racontez-nous").focus()
    p.keyboard.type("Le lampadaire de la rue des Lilas ne s'allume plus.")
    send_by_keyboard(page, "Envoyer mon observation")
    assert p.locator("h1").inner_text() == "Merci pour votre observation"
    assert not p.title().startswith("Erreur")


def test_application_form_by_keyboard(page, app):
    p = page.page
    page.goto("/candidature")
    assert_nothing_invalid_before_sending(p)
    send_by_keyboard(page, "Envoyer ma candidature")
    assert_errors_announced(p)
    control = follow_error_link(p, "Le collège")
    assert control["id"] == "college-0" and control["invalid"] == "true"
    assert "college-error" in control["described"]
    p.keyboard.press("Space")  # the habitants college: the local-actor questions go, and it is said
    assert p.locator("#actor-fields").is_hidden()
    status = p.locator("#actor-fields-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == "Les questions pour les acteurs locaux sont masquées."
    notice_read = p.get_by_label("J'ai lu comment mes données sont utilisées")
    assert notice_read.get_attribute("aria-invalid") == "true"
    assert "notice_read-error" in notice_read.get_attribute("aria-describedby")
    for label, text in [("Prénom", "Inès"), ("Nom", "Lefebvre"),
                        ("Adresse e-mail", "ines.lefebvre@example.org"),
                        ("Adresse", "12 rue de Bretagne, 61200 Argentan")]:
        p.get_by_label(label, exact=True).focus()
        p.keyboard.type(text)
    birth = p.get_by_label("Date de naissance")
    assert birth.get_attribute("type") == "text"  # a date field's order follows the browser's language
    birth.focus()
    p.keyboard.type("12/07/1990")  # 12 July, whatever the browser's language
    for control in (p.locator("#home_neighbourhood-1"),
                    p.get_by_label("Non, je n'exerce aucune de ces fonctions")):
        control.focus()
        p.keyboard.press("Space")
    notice_read.focus()
    p.keyboard.press("Space")
    send_by_keyboard(page, "Envoyer ma candidature")
    assert p.locator("h1").inner_text() == "Merci, votre candidature est envoyée"
    with app.app_context():
        stored = db.session.scalars(select(Application.birth_date)).one()
    assert stored == date(1990, 7, 12)


def test_sign_in_failure_by_keyboard(page, make_user):
    user = make_user()
    p = page.page
    page.goto("/connexion")
    assert_nothing_invalid_before_sending(p)
    p.get_by_label("Adresse e-mail").focus()
    p.keyboard.type(user.email)
    p.get_by_label("Mot de passe", exact=True).focus()
    p.keyboard.type("pas le bon mot de passe")
    send_by_keyboard(page, "Se connecter")
    assert_errors_announced(p)
    for label in ("Adresse e-mail", "Mot de passe"):
        control = p.get_by_label(label, exact=True)
        assert control.get_attribute("aria-invalid") == "true"
        assert "login-error" in control.get_attribute("aria-describedby")
    p.get_by_label("Mot de passe", exact=True).focus()
    p.keyboard.type(PASSWORD)
    send_by_keyboard(page, "Se connecter")
    assert "Vous êtes connecté·e." in p.locator(".flashes").inner_text()


def test_forgotten_password_form_by_keyboard(page, make_user):
    user = make_user()
    p = page.page
    page.goto("/mot-de-passe-oublie")
    assert_nothing_invalid_before_sending(p)
    send_by_keyboard(page, "Recevoir le lien")
    assert_errors_announced(p)
    control = follow_error_link(p, "Adresse e-mail")
    assert control["id"] == "email" and control["invalid"] == "true"
    assert "email-error" in control["described"]
    p.keyboard.type(user.email)
    send_by_keyboard(page, "Recevoir le lien")
    assert "Si un compte existe pour cette adresse" in p.locator("main").inner_text()
