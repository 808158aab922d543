"""The personal-data page of each council names its own data controller (the profile's fields,
editable in /admin/conseil; the first council falls back on the settings) and the install's
processors; never another council's controller."""

from __future__ import annotations

import re

import pytest

from council.extensions import db
from council.tenancy import use_council
from tests.fixtures.text import page_text


@pytest.fixture
def two_controllers(app):
    from council.councils.services import create_council, ensure_council

    with app.app_context():
        ensure_council()
        flers = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"],
                               "contact@flers.example.org")
        flers.controller_name = "l'association Conseil citoyen de Flers"
        flers.controller_address = "3 rue du Champ de Foire, 61100 Flers"
        flers.privacy_contact = "dpo@flers.example.org"
        db.session.commit()


@pytest.fixture
def app_config(app_config):
    return app_config | {"HOSTING_PROVIDER": "Hébergeur Départemental, Alençon (France)",
                         "MAIL_PROVIDER": "La Poste (laposte.net), France"}


def _page(client, host):
    """The page's words, without tags, spaces collapsed."""
    html = page_text(client.get("/donnees-personnelles", base_url=f"http://{host}"))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_each_council_names_its_own_controller_and_the_installs_processors(client, two_controllers):
    flers, first = _page(client, "flers.test"), _page(client, "conseil.test")
    assert "L'association Conseil citoyen de Flers est responsable" in flers
    assert "3 rue du Champ de Foire, 61100 Flers" in flers and "dpo@flers.example.org" in flers
    # the first council: the settings' (today's) identity, never Flers'
    assert "Le Conseil citoyen d'Argentan, une association autonome" in first
    assert "ccargentan@laposte.net" in first
    for word in ("Flers", "dpo@flers"):
        assert word not in first
    for word in ("Argentan", "ccargentan"):
        assert word not in flers
    for page in (flers, first):
        assert "Hébergeur Départemental, Alençon (France)" in page
        assert "La Poste (laposte.net), France" in page


def test_an_admin_names_the_controller_in_the_profile(app, client, two_controllers):
    from council.auth.models import Role
    from council.auth.services.accounts import create_user
    from council.councils.services import council_by_slug
    from tests.conftest import PASSWORD

    with app.app_context():
        use_council(council_by_slug("conseil").id)
        create_user("admin@argentan.example.org", Role.ADMIN, PASSWORD)
        db.session.commit()
    base = "http://conseil.test"
    client.post("/connexion", base_url=base, data={"email": "admin@argentan.example.org",
                                                   "password": PASSWORD})
    form = _form_on(client, base)
    response = client.post("/admin/conseil", base_url=base, data=form | {
        "controller_name": "la Ville d'Argentan", "controller_address": "Hôtel de ville, 61200 Argentan",
        "privacy_contact": "référent : 02 33 00 00 00"})
    assert response.status_code == 302
    page = _page(client, "conseil.test")
    assert "La Ville d'Argentan est responsable de ce site du Conseil citoyen d'Argentan" in page
    assert "Hôtel de ville, 61200 Argentan" in page and "référent : 02 33 00 00 00" in page
    assert "la Ville d'Argentan" not in _page(client, "flers.test")


def _form_on(client, base):
    """The profile form as the browser would send it back."""
    html = client.get("/admin/conseil", base_url=base).get_data(as_text=True)
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="radio"' in tag or 'type="checkbox"' in tag:
            if "checked" in tag:
                data[name[1]] = value[1] if value else "y"
            continue
        data[name[1]] = page_text(value[1]) if value else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = page_text(text).strip()
    return data
