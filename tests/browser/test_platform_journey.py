"""The platform administrator creates a council: signs in on the first council's host, lands on
the platform's councils, fills the form (the refusals beside their fields first), and the first
admin, invited by e-mail, chooses a password on the NEW council's host and administers it.
Every page is checked by axe."""

from __future__ import annotations

import re

import pytest

from council.extensions import db
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS, CheckedPage
from tests.conftest import PASSWORD

HOSTS = ("argentan.test", "sud.test")


@pytest.fixture
def mapped_browser(browser):
    """A Chromium that resolves the test host names to 127.0.0.1."""
    rules = ",".join(f"MAP {host} 127.0.0.1" for host in HOSTS)
    mapped = browser.browser_type.launch(executable_path=str(CHROMIUM), headless=True,
                                         args=[*LAUNCH_ARGS, f"--host-resolver-rules={rules}"])
    yield mapped
    mapped.close()


@pytest.fixture
def platform(app, live_server):
    """The first council on argentan.test and a platform administrator without a role in it."""
    from council.councils.services import ensure_council, set_hosts
    from council.platform.services import make_platform_admin

    port = live_server.rsplit(":", 1)[1]
    with app.app_context():
        set_hosts(ensure_council(), [f"argentan.test:{port}"])
        make_platform_admin("plateforme@example.org", PASSWORD)
        db.session.commit()
    return port


def test_the_platform_administrator_creates_a_council_and_its_admin_takes_it_over(
        mapped_browser, platform, outbox):
    context = mapped_browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    first = CheckedPage(context.new_page(), f"http://argentan.test:{platform}")
    try:
        first.sign_in("plateforme@example.org")
        assert first.page.url.endswith("/plateforme/conseils")
        first.page.get_by_role("link", name="Créer un conseil").click()
        first.check()
        first.page.get_by_role("button", name="Créer le conseil").click()  # nothing filled in
        first.check()
        assert "Indiquez le nom du conseil" in first.page.content()

        page = first.page
        page.get_by_label("Nom du conseil").fill("Conseil citoyen d'Argentan Sud")
        page.get_by_label("Ville").fill("Argentan")
        page.get_by_label("Adresse de contact publique du conseil").fill("contact@sud.example.org")
        page.get_by_label("Identifiant (minuscules, chiffres, tirets)").fill("argentan-sud")
        page.get_by_label("Adresses du site").fill(f"sud.test:{platform}")
        page.get_by_label(re.compile("Adresse e-mail de son premier")).fill("premiere@example.org")
        page.get_by_label("Votre mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Créer le conseil").click()
        first.check()
        assert "Le conseil Conseil citoyen d'Argentan Sud est créé" in page.content()
        assert f"sud.test:{platform}" in page.content()

        [mail] = outbox
        link = re.search(rf"http://sud\.test:{platform}/compte/activation/\S+", mail.body).group(0)
        new_admin = CheckedPage(mapped_browser.new_context(locale="fr-FR").new_page(),
                                f"http://sud.test:{platform}")
        new_admin.goto(link.removeprefix(new_admin.base_url))
        chosen = "Une phrase longue pour le conseil du sud 2026"
        new_admin.page.get_by_label("Nouveau mot de passe").fill(chosen)
        new_admin.page.get_by_label("Confirmez le mot de passe").fill(chosen)
        new_admin.page.locator("form button[type=submit]").click()
        new_admin.check()
        new_admin.goto("/admin/comptes")
        assert "premiere@example.org" in new_admin.page.content()
        new_admin.goto("/admin/conseil")
        assert "Conseil citoyen d&#39;Argentan Sud" in new_admin.page.content() or \
            "Conseil citoyen d'Argentan Sud" in new_admin.page.content()
    finally:
        context.close()
