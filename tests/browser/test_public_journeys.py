"""Journeys in a real browser: the home page, signing in as each role, a wrong password."""

import pytest

from council.auth.models import Role
from council.auth.views.sign_in import LOGIN_FAILED
from tests.conftest import PASSWORD


def test_visitor_reads_home_and_the_public_pages(page):
    page.goto("/")
    assert page.page.locator("h1").inner_text() == "Conseil citoyen d'Argentan"
    page.page.get_by_role("link", name="Données personnelles").click()
    page.check()
    assert page.page.locator("h1").inner_text() == "Vos données personnelles"
    page.page.get_by_role("link", name="Accessibilité").click()
    page.check()
    page.goto("/nulle-part")
    assert page.page.locator("h1").inner_text() == "Page introuvable"


def test_home_fits_a_phone_and_skip_link_reaches_content(phone_page):
    phone_page.goto("/")
    width = phone_page.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    phone_page.page.keyboard.press("Tab")
    focused = phone_page.page.evaluate("document.activeElement.textContent")
    assert focused == "Aller au contenu"
    phone_page.page.keyboard.press("Enter")
    assert phone_page.page.evaluate("document.activeElement.id") == "contenu"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_then_out(page, make_user, role):
    user = make_user(role=role)
    page.goto("/")
    page.page.get_by_role("link", name="Connexion").click()
    page.check()
    page.page.get_by_label("Adresse e-mail").fill(user.email)
    page.page.get_by_label("Mot de passe").fill(PASSWORD)
    page.page.get_by_role("button", name="Se connecter").click()
    page.check()
    assert "Vous êtes connecté·e." in page.page.locator(".flashes").inner_text()
    page.sign_out()
    assert "Vous êtes déconnecté·e." in page.page.locator(".flashes").inner_text()
    assert page.page.get_by_role("link", name="Connexion").is_visible()


def test_wrong_password_shows_the_generic_message(page, make_user):
    user = make_user()
    page.goto("/connexion")
    page.page.get_by_label("Adresse e-mail").fill(user.email)
    page.page.get_by_label("Mot de passe").fill("not the password")
    page.page.get_by_role("button", name="Se connecter").click()
    page.check()
    assert page.page.get_by_role("alert").inner_text() == LOGIN_FAILED
    assert page.page.get_by_label("Adresse e-mail").input_value() == user.email
