"""/admin/conseil: admins edit the profile in French, errors beside fields, what was typed kept,
every change audited; and no page names Argentan unless the profile does."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, select

from council.extensions import db
from tests.fixtures.text import page_text


def _form(client) -> dict:
    """The profile form as the browser would send it back (every field, as shown)."""
    html = client.get("/admin/conseil").get_data(as_text=True)
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


def test_the_page_says_the_profile_is_the_truth(client, login_as):
    login_as("admin")
    html = page_text(client.get("/admin/conseil"))
    assert "Ce profil fait foi" in html and "ne servent qu'au premier démarrage" in html
    assert 'value="Conseil citoyen d\'Argentan"' in html and 'value="Les Provinces"' in html


def test_an_admin_changes_the_profile_and_the_site_follows(app, client, login_as):
    admin = login_as("admin")
    data = _form(client) | {"name": "Conseil citoyen de Flers", "city": "Flers",
                            "contact_email": "cc@flers.example", "minimum_age": "18",
                            "quorum_fraction": "0,5", "neighbourhoods-1": "Saint-Sauveur",
                            "new_neighbourhood": "Les Fourmis"}
    response = client.post("/admin/conseil", data=data)
    assert response.status_code == 302
    home = page_text(client.get("/"))
    assert "Conseil citoyen de Flers" in home and "18 ans" in home and "Les Fourmis" in home
    assert "Saint-Sauveur" in home and "Les Provinces" not in home
    from council.audit.models import AuditEntry
    from council.councils.models import Council
    from council.reference.models import Neighbourhood

    with app.app_context():
        council = db.session.scalar(select(Council))
        assert council.quorum_fraction == "1/2" and council.minimum_age == 18
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.target_type == "council")).all()
        assert {e.action for e in entries} == {"council.update", "council.neighbourhoods"}
        assert all(e.actor_id == admin.id for e in entries)
        assert "minimum_age" in next(e.note for e in entries if e.action == "council.update")
        # the renamed neighbourhood keeps its slug (members and observations still point at it)
        assert db.session.scalar(select(Neighbourhood.name).where(
            Neighbourhood.slug == "les-provinces")) == "Saint-Sauveur"


def test_wrong_values_are_refused_beside_their_fields_and_what_was_typed_stays(client, login_as):
    login_as("admin")
    data = _form(client) | {"minimum_age": "14", "mandate_years": "deux", "quorum_fraction": "2/1",
                            "composition_min_size": "40", "composition_max_size": "20",
                            "contact_email": "pas-une-adresse", "name": "",
                            "contract_signed_on": "31/02/2015", "neighbourhoods-0": ""}
    response = client.post("/admin/conseil", data=data)
    html = page_text(response)
    assert response.status_code == 200
    for message in ("dès 16 ans", "Indiquez un nombre entier", "moins de 1", "plus petite",
                    "Indiquez le nom du conseil", "Indiquez une date valide", "Un quartier garde un nom"):
        assert message in html, message
    assert 'value="deux"' in html and 'value="2/1"' in html and 'value="14"' in html
    assert re.search(r'aria-describedby="[^"]*minimum_age-error"', html)  # the error beside its field
    assert "Le formulaire contient" in html


def test_nothing_is_stored_when_a_field_is_wrong(app, client, login_as):
    from council.councils.models import Council

    login_as("admin")
    client.post("/admin/conseil", data=_form(client) | {"city": "Flers", "minimum_age": "12"})
    with app.app_context():
        assert db.session.scalar(select(Council)).profile_stored is False  # the settings still
    assert "Argentan" in page_text(client.get("/"))


@pytest.mark.parametrize("value", ["\x00", "9" * 40, "-0", "1e3", " ", "١٦"])
def test_odd_numbers_never_give_a_500(client, login_as, value):
    login_as("admin")
    response = client.post("/admin/conseil", data=_form(client) | {"minimum_age": value,
                                                                    "quorum_fraction": value})
    assert response.status_code in (200, 302)


def test_organisers_cannot_edit_the_profile(client, login_as):
    login_as("organiser")
    assert client.get("/admin/conseil").status_code == 403
    assert client.post("/admin/conseil", data={"city": "Flers"}).status_code == 403


# -- Another city: nothing names Argentan -------------------------------------------------------

PUBLIC_PAGES = ["/", "/donnees-personnelles", "/accessibilite", "/connexion", "/candidature",
                "/reunions", "/avis", "/observations/nouvelle", "/observations/merci",
                "/observations/publiees", "/partenaires", "/mot-de-passe-oublie", "/nulle-part"]
ARGENTAN_WORDS = ("Argentan", "Orne", "Provinces", "Saint-Michel", "laposte", "Xavier Rousseau")


@pytest.fixture
def flers(app, store_profile):
    """A council of Flers: its profile, its two neighbourhoods, and no partner of Argentan's."""
    from council.reference.models import Neighbourhood, Partner

    store_profile(name="Conseil citoyen de Flers", city="Flers", contact_email="cc@flers.example",
                  support_name="le centre social du Hamel", prefecture="la préfecture du Calvados",
                  prefect="le préfet du Calvados")
    with app.app_context():
        for slug, name in (("saint-michel-vallee-d-auge", "Saint-Sauveur"),
                           ("les-provinces", "Les Fourmis")):
            db.session.scalar(select(Neighbourhood).where(Neighbourhood.slug == slug)).name = name
        db.session.execute(delete(Partner))
        db.session.add(Partner(slug="flers-agglo", name="Flers Agglo"))
        db.session.commit()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_public_page_names_argentan_for_another_council(client, flers, path):
    html = client.get(path).get_data(as_text=True)
    for word in ARGENTAN_WORDS:
        assert word not in html, (path, word)
    assert "Conseil citoyen de Flers" in html


def test_no_signed_in_page_names_argentan_for_another_council(client, flers, login_as):
    login_as("admin")
    for path in ("/membres", "/membres/impression", "/membres/composition", "/reunions/nouvelle",
                 "/avis/rediger", "/observations/ajouter", "/admin/partenaires", "/profil"):
        html = client.get(path).get_data(as_text=True)
        for word in ARGENTAN_WORDS:
            assert word not in html, (path, word)
