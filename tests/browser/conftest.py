"""Browser journeys: the system Chromium driven by Playwright, the app served on a free loopback
port, and axe-core run on every page a journey visits (a page not checked fails the test)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

CHROMIUM = Path(os.environ.get("COUNCIL_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run; without it, skip — or fail if COUNCIL_REQUIRE_BROWSER=1."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("COUNCIL_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " and COUNCIL_REQUIRE_BROWSER=1")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def app_config():
    """Browser journeys run with CSRF protection on, as in production."""
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def live_server(app):
    """The app served by a threaded werkzeug server on 127.0.0.1 and a free port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # absolute links (feeds, e-mails) are built from SITE_HOST: the address this server answers on
    app.config["SITE_HOST"] = f"127.0.0.1:{server.server_port}"
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


class CheckedPage:
    """Wraps a Playwright page: ``check()`` runs axe on the current page; every page reached by a
    navigation must be checked before the test ends, and no console error (CSP) may occur.
    ``sign_in(email)`` and ``sign_out()`` go through the real form and button, checking each page."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.visited: list[str] = []
        self.checked: set[str] = set()
        self.console_errors: list[str] = []
        page.on("framenavigated", self._navigated)
        page.on("console", self._console)
        page.on("response", self._response)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame and not frame.url.startswith("about:"):
            self.visited.append(frame.url.split("#")[0])

    def _console(self, message) -> None:
        # A page answered with an error status (a 404 visited on purpose) is logged as a failed
        # load; sub-resources are checked in _response instead. Anything else (CSP) is an error.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)

    def _response(self, response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            self.console_errors.append(f"{response.status} for {response.url}")

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.check()
        return response

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        """Sign in through the form at /connexion; fails at once if the site does not say so."""
        self.goto("/connexion")
        self.page.get_by_label("Adresse e-mail").fill(email)
        self.page.get_by_label("Mot de passe", exact=True).fill(password)
        self.page.get_by_role("button", name="Se connecter").click()
        self.check()
        flashes = self.page.locator(".flashes").inner_text()
        assert "Vous êtes connecté·e." in flashes, f"{email} could not sign in: {flashes}"

    def sign_out(self) -> None:
        """Sign out with the header's button."""
        self.page.get_by_role("button", name="Se déconnecter").click()
        self.check()

    def check(self) -> None:
        """Run axe-core on the page as it is now; fail on any violation."""
        from axe_playwright_python.sync_playwright import Axe

        self.page.wait_for_load_state("load")
        results = Axe().run(self.page)
        violations = results.response["violations"]
        assert not violations, f"axe violations on {self.page.url}:\n{results.generate_report()}"
        self.checked.add(self.page.url.split("#")[0])

    def assert_all_checked(self) -> None:
        missed = [url for url in self.visited if url not in self.checked]
        assert not missed, f"pages visited without an axe check: {missed}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


def _checked_page(browser, live_server, **options):
    """A new browser context (French, Paris time) with one checked page; closed after the test."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", **options)
    checked = CheckedPage(context.new_page(), live_server)
    yield checked
    try:
        checked.assert_all_checked()
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server):
    """A new browser context per test, in a desktop-sized window."""
    yield from _checked_page(browser, live_server)


@pytest.fixture
def phone_page(browser, live_server):
    """Like ``page``, in a 360 × 740 phone-sized window."""
    yield from _checked_page(browser, live_server, viewport={"width": 360, "height": 740},
                             is_mobile=True, has_touch=True)
