"""Two councils on one server, reached by their host names (Chromium resolves both names to the
loopback address): each shows its own meetings, a session opened on one opens nothing on the
other, and a host no council answers on gets the 404 page."""

from __future__ import annotations

import pytest

from council.auth.models import Role
from council.extensions import db
from council.tenancy import use_council
from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS, CheckedPage
from tests.conftest import PASSWORD

HOSTS = ("argentan.test", "flers.test", "ailleurs.test")


@pytest.fixture
def mapped_browser(browser):
    """A Chromium of its own that resolves the test host names to 127.0.0.1, launched from the
    run's Playwright (a second sync Playwright in one process is refused)."""
    rules = ",".join(f"MAP {host} 127.0.0.1" for host in HOSTS)
    mapped = browser.browser_type.launch(executable_path=str(CHROMIUM), headless=True,
                                         args=[*LAUNCH_ARGS, f"--host-resolver-rules={rules}"])
    yield mapped
    mapped.close()


@pytest.fixture
def councils(app, make_meeting, live_server):
    """The first council on argentan.test with its admin and a meeting; Flers on flers.test with
    a meeting of its own. → the server's port."""
    from council.auth.services.accounts import create_user
    from council.councils.services import create_council, ensure_council, set_hosts

    make_meeting(days=5, title="Plénière d'Argentan")
    port = live_server.rsplit(":", 1)[1]
    with app.app_context():
        set_hosts(ensure_council(), ["argentan.test"])
        create_user("admin@argentan.example.org", Role.ADMIN, PASSWORD)
        flers = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"])
        db.session.commit()
        flers_id = flers.id
    with app.app_context():
        from datetime import timedelta

        from council.database import utcnow
        from council.meetings.models import Meeting, MeetingKind

        use_council(flers_id)
        start = utcnow() + timedelta(days=6)
        db.session.add(Meeting(title="Plénière de Flers", kind=MeetingKind.PLENARY, starts_at=start,
                               ends_at=start + timedelta(hours=2), place_name="Salle Duhalde"))
        db.session.commit()
    return port


def test_two_councils_on_two_hosts(mapped_browser, councils):
    context = mapped_browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    argentan = CheckedPage(context.new_page(), f"http://argentan.test:{councils}")
    flers = CheckedPage(context.new_page(), f"http://flers.test:{councils}")
    try:
        flers.goto("/reunions")
        assert "Plénière de Flers" in flers.page.content()
        assert "Plénière d'Argentan" not in flers.page.content()
        argentan.goto("/reunions")
        assert "Plénière d'Argentan" in argentan.page.content()
        assert "Plénière de Flers" not in argentan.page.content()

        argentan.sign_in("admin@argentan.example.org")
        argentan.goto("/admin/comptes")
        assert "admin@argentan.example.org" in argentan.page.content()
        flers.goto("/admin/comptes")  # the same browser, the other council: nobody there
        assert flers.page.url.startswith(f"http://flers.test:{councils}/connexion")
        flers.page.get_by_label("Adresse e-mail").fill("admin@argentan.example.org")
        flers.page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        flers.page.get_by_role("button", name="Se connecter").click()
        flers.check()
        assert "Adresse e-mail ou mot de passe incorrect" in flers.page.content()

        elsewhere = CheckedPage(context.new_page(), f"http://ailleurs.test:{councils}")
        response = elsewhere.goto("/")
        assert response.status == 404
        for checked in (argentan, flers, elsewhere):
            checked.assert_all_checked()
    finally:
        context.close()
