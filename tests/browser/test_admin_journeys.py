"""Admin journey: make a member an organiser, confirming the password first."""

from council.auth.models import Role
from tests.conftest import PASSWORD


def test_admin_promotes_a_member(page, make_user, app):
    admin = make_user(role=Role.ADMIN)
    member = make_user(email="camille.martin@example.org")
    page.sign_in(admin.email)
    app.config["REAUTH_MINUTES"] = 0  # the sign-in is no longer "recent": the app asks again
    page.page.get_by_role("link", name="Administration").click()
    page.check()
    page.page.get_by_role("link", name=f"Modifier le compte {member.email}").click()
    page.check()
    assert page.page.locator("h1").inner_text() == "Confirmer votre identité"
    page.page.get_by_label("Votre mot de passe").fill(PASSWORD)
    app.config["REAUTH_MINUTES"] = 10
    page.page.get_by_role("button", name="Continuer").click()
    page.check()
    page.page.get_by_label("Rôle").select_option("organiser")
    page.page.get_by_role("button", name="Enregistrer").click()
    page.check()
    row = page.page.get_by_role("row").filter(has_text=member.email)
    assert "organisateur·rice" in row.inner_text()
