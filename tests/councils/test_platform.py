"""The platform administrator: made on the command line, signs in on any council's host, lists
the councils (counts only), creates a council with its first admin (invited on the new council's
host), sets hosts; and sees no council's personal data without a role there."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from council.auth.models import Role, User
from council.extensions import db
from council.tenancy import use_council
from tests.conftest import PASSWORD
from tests.fixtures.text import page_text

FIRST, FLERS = "http://conseil.test", "http://flers.test"
PLATFORM = "plateforme@example.org"


@pytest.fixture
def platform(app, runner):
    """The first council (``conseil.test``) with a member Camille Dupont, Flers (``flers.test``),
    and a platform administrator with no role in either."""
    from council.auth.services.accounts import create_user
    from council.councils.services import create_council, ensure_council
    from council.eligibility import College
    from council.membership.models import Gender, Member, MemberStatus

    with app.app_context():
        ids = {"first": ensure_council().id}
        db.session.add(Member(first_name="Camille", last_name="Dupont", email="camille@example.org",
                              college=College.LOCAL_ACTOR, gender=Gender.FEMALE,
                              structure_name="Atelier", joined_on=date(2025, 1, 15),
                              status=MemberStatus.ACTIVE))
        create_user("admin.first@example.org", Role.ADMIN, PASSWORD)
        ids["flers"] = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"]).id
        db.session.commit()
    result = runner.invoke(args=["platform-admin", PLATFORM, "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    return ids


def _signed_in(app, base_url=FIRST, email=PLATFORM):
    client = app.test_client()
    response = client.post("/connexion", base_url=base_url, data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"{email} could not sign in on {base_url}"
    return client, response


def test_the_command_makes_and_revokes_a_platform_administrator(app, runner, platform):
    from council.auth.services.accounts import has_roles_elsewhere

    with app.app_context():
        use_council(platform["first"])
        user = db.session.scalar(select(User).where(User.email == PLATFORM))
        assert user.is_platform_admin and user.role is None and not has_roles_elsewhere(user)
    client, _ = _signed_in(app)
    assert client.get("/plateforme/conseils", base_url=FIRST).status_code == 200
    assert runner.invoke(args=["platform-admin", PLATFORM, "--revoke"]).exit_code == 0
    response = client.get("/plateforme/conseils", base_url=FIRST)
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]  # signed out
    assert app.test_client().post("/connexion", base_url=FIRST, data={
        "email": PLATFORM, "password": PASSWORD}).status_code == 200  # nobody here any more


def test_the_platform_administrator_signs_in_on_any_host_and_lists_councils_in_numbers(app, platform):
    for host in (FIRST, FLERS):
        client, response = _signed_in(app, host)
        assert response.headers["Location"].endswith("/plateforme/conseils")
        html = page_text(client.get("/plateforme/conseils", base_url=host))
        assert "Conseil citoyen de Flers" in html and "flers.test" in html
        assert "Camille" not in html and "camille@example.org" not in html
        assert "admin.first@example.org" not in html
    rows = re.findall(r"<tr>(.*?)</tr>", client.get("/plateforme/conseils", base_url=FLERS)
                      .get_data(as_text=True), re.S)
    first_row = next(row for row in rows if "conseil.test" in row or "(conseil)" in row)
    assert re.findall(r"<td>(\d+)</td>", first_row) == ["1", "1"]  # one member, one account


PERSONAL_PAGES = ["/membres", "/candidatures", "/observations", "/profil", "/tableau-de-bord",
                  "/admin/comptes", "/profil/mes-donnees.json", "/membres/1", "/admin/effacement"]


@pytest.mark.parametrize("path", PERSONAL_PAGES)
def test_without_a_role_the_platform_administrator_sees_no_personal_data(app, platform, path):
    """Its answer on a council's page is a visitor's: sent to sign in, nothing shown."""
    client, _ = _signed_in(app)
    visitor = app.test_client().get(path, base_url=FIRST)
    response = client.get(path, base_url=FIRST)
    assert (response.status_code, response.headers.get("Location")) == (
        visitor.status_code, visitor.headers.get("Location"))
    assert response.status_code != 200 and "Camille" not in response.get_data(as_text=True)


def test_council_pages_are_a_visitors_for_the_platform_administrator(app, platform):
    client, _ = _signed_in(app)
    html = page_text(client.get("/", base_url=FIRST))
    assert "Se déconnecter" not in html  # signed in on the platform's pages only
    assert "Se déconnecter" in page_text(client.get("/plateforme/conseils", base_url=FIRST))


def test_other_roles_never_reach_the_platform(app, platform):
    client, _ = _signed_in(app, FIRST, "admin.first@example.org")
    assert client.get("/plateforme/conseils", base_url=FIRST).status_code == 403
    assert client.post("/plateforme/conseils/nouveau", base_url=FIRST, data={
        "slug": "x", "name": "X", "city": "X", "hosts": "x.test", "admin_email": "x@example.org",
        "password": PASSWORD}).status_code == 403


NEW = {"slug": "argentan-sud", "name": "Conseil citoyen d'Argentan Sud", "city": "Argentan",
       "hosts": "sud.test\nwww.sud.test", "contact_email": "contact@sud.example.org",
       "admin_email": "premiere@example.org", "password": PASSWORD}


def test_creating_a_council_invites_its_first_admin_on_its_own_host(app, platform, outbox):
    from council.audit.models import AuditEntry
    from council.councils.services import council_by_slug

    client, _ = _signed_in(app)
    response = client.post("/plateforme/conseils/nouveau", base_url=FIRST, data=NEW)
    assert response.status_code == 302
    assert "Conseil citoyen d'Argentan Sud" in page_text(client.get(response.headers["Location"],
                                                                    base_url=FIRST))
    [mail] = outbox
    assert mail.to == ["premiere@example.org"] and "premiere" not in mail.subject
    link = re.search(r"http://sud\.test/compte/activation/\S+", mail.body)
    assert link, mail.body  # on the new council's host, not the one the form was sent from
    with app.app_context():
        council = council_by_slug("argentan-sud")
        assert [host.host for host in council.hosts] == ["sud.test", "www.sud.test"]
        use_council(council.id)
        admin = db.session.scalar(select(User).where(User.email == "premiere@example.org"))
        assert admin.role is Role.ADMIN and not admin.has_password
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "platform.council_create"))
        assert entry.target_id == council.id and "@" not in entry.note
        platform_admin = db.session.scalar(select(User).where(User.email == PLATFORM))
        assert platform_admin.role is None  # it took no role there

    new_admin = app.test_client()
    path = link.group(0).removeprefix("http://sud.test")
    chosen = "Une phrase longue pour le conseil du sud 2026"
    response = new_admin.post(path, base_url="http://sud.test",
                              data={"password": chosen, "confirm": chosen})
    assert response.status_code == 302
    assert new_admin.get("/admin/comptes", base_url="http://sud.test").status_code == 200
    assert new_admin.get("/admin/comptes", base_url=FIRST).status_code != 200


def test_an_address_that_is_an_account_is_never_picked_from_the_form(app, platform, outbox):
    client, _ = _signed_in(app)
    response = client.post("/plateforme/conseils/nouveau", base_url=FIRST,
                           data=NEW | {"admin_email": "admin.first@example.org"})
    html = page_text(response)
    assert response.status_code == 200 and "déjà celle d'un compte" in html
    assert 'value="Conseil citoyen d\'Argentan Sud"' in html  # what was typed stays
    assert outbox == []
    with app.app_context():
        from council.councils.services import council_by_slug

        assert council_by_slug("argentan-sud") is None


def test_the_platform_administrator_may_choose_to_be_the_first_admin(app, platform):
    client, _ = _signed_in(app)
    response = client.post("/plateforme/conseils/nouveau", base_url=FIRST,
                           data=NEW | {"admin_email": "", "myself": "y"})
    assert response.status_code == 302
    # Now an admin there: the new council's pages open to it, the first council's still do not
    sud, _ = _signed_in(app, "http://sud.test")
    assert sud.get("/admin/comptes", base_url="http://sud.test").status_code == 200
    assert client.get("/membres", base_url=FIRST).status_code == 302


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"password": "pas le bon"}, "password", "Mot de passe incorrect"),
    ({"slug": "Flers Nord!"}, "slug", "minuscules"),
    ({"slug": "flers"}, "slug", "déjà cet identifiant"),
    ({"hosts": "flers.test"}, "hosts", "mène déjà au conseil"),
    ({"hosts": ""}, "hosts", "au moins une adresse"),
    ({"hosts": "pas une adresse/"}, "hosts", "n'est pas un nom d'hôte"),
    ({"admin_email": ""}, "admin_email", "cochez la case"),
    ({"admin_email": "pas-une-adresse"}, "admin_email", "adresse"),
])
def test_a_refused_council_says_why_beside_the_field(app, platform, outbox, changes, field, message):
    client, _ = _signed_in(app)
    response = client.post("/plateforme/conseils/nouveau", base_url=FIRST, data=NEW | changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page_text(html)
    assert f'id="{field}-error"' in html
    assert outbox == []
    with app.app_context():
        from council.councils.services import council_by_slug

        assert council_by_slug("argentan-sud") is None


def test_setting_a_councils_hosts(app, platform):
    from council.councils.models import Council

    client, _ = _signed_in(app)
    path = f"/plateforme/conseils/{platform['flers']}/adresses"
    assert "flers.test" in client.get(path, base_url=FIRST).get_data(as_text=True)
    refused = client.post(path, base_url=FIRST, data={"hosts": "conseil-flers.test\nsud..test/"})
    assert refused.status_code == 200 and "n'est pas un nom d'hôte" in page_text(refused)
    assert client.post(path, base_url=FIRST, data={
        "hosts": "conseil-flers.test\nflers.test"}).status_code == 302
    with app.app_context():
        assert [h.host for h in db.session.get(Council, platform["flers"]).hosts] == [
            "conseil-flers.test", "flers.test"]
    assert client.get("/", base_url="http://conseil-flers.test").status_code == 200
    assert client.get(f"/plateforme/conseils/{999_999}/adresses", base_url=FIRST).status_code == 404
