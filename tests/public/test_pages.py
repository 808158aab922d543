"""Public pages, error pages and security headers through the test client."""

import pytest

from tests.fixtures.text import page_text


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Conseil citoyen d'Argentan"),
        ("/donnees-personnelles", "Vos données personnelles"),
        ("/accessibilite", "Déclaration d'accessibilité"),
        ("/connexion", "Connexion"),
        ("/candidature", "Candidater"),
        ("/reunions", "Réunions"),
        ("/avis", "avis"),
    ],
)
def test_public_pages_answer_in_french_with_one_h1(client, path, heading):
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert html.count("<h1") == 1
    assert heading in page_text(html.split("<h1")[1].split("</h1>")[0])


def test_home_explains_the_council_from_the_source_page(client):
    html = client.get("/").get_data(as_text=True)
    for fact in [
        "Saint-Michel – Vallée d'Auge", "Les Provinces", "16 ans",
        "Cohésion sociale", "Jeunesse", "Lutte contre les discriminations",
        "recueillir les observations", "ccargentan@laposte.net", "Orne Habitat",
        'href="/candidature"', 'href="/reunions"', 'href="/avis"',
    ]:
        assert fact in page_text(html), fact


def test_home_follows_the_settings(app, client):
    app.config.update(MINIMUM_AGE=18, CONTACT_EMAIL="cc@example.org")
    html = client.get("/").get_data(as_text=True)
    assert "18 ans" in html and "cc@example.org" in html


def test_unknown_page_is_a_french_404(client):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_wrong_method_is_a_french_405(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "Méthode non autorisée" in response.get_data(as_text=True)


def test_too_large_body_is_a_french_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/connexion", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "trop volumineux" in response.get_data(as_text=True)
    assert "bouton « Retour »" in response.get_data(as_text=True)  # it says what to do


def test_server_errors_are_french_without_a_trace(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Erreur du serveur" in html and "secret internals" not in html


def test_security_headers_on_every_response(client):
    for path in ("/", "/nulle-part", "/static/css/site.css"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_no_page_loads_anything_from_another_host(client):
    import re

    for path in ("/", "/donnees-personnelles", "/accessibilite", "/connexion"):
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', html), path


def test_personal_data_notice_covers_what_the_law_asks(app, client):
    html = client.get("/donnees-personnelles").get_data(as_text=True)
    for topic in ["Qui est responsable", "Base légale", "Obligatoires", "Facultatifs",
                  "Qui voit vos données", "Combien de temps", "Vos droits", "CNIL",
                  "6 mois", "1 mois", "1 an", "3 mois", "ccargentan@laposte.net"]:
        assert topic in html, topic


def test_personal_data_notice_follows_the_retention_settings(app, client):
    app.config["RETENTION_FORMER_MEMBER_DAYS"] = 730
    assert "2 ans" in client.get("/donnees-personnelles").get_data(as_text=True)


def test_nul_characters_never_reach_the_database(client, make_user):
    """PostgreSQL refuses NUL in text: the request drops it from fields and query arguments."""
    response = client.post("/connexion", data={"email": "\x00", "password": "x\x00y"})
    assert response.status_code == 200
    response = client.post("/mot-de-passe-oublie?next=%00", data={"email": "a\x00@example.org"})
    assert response.status_code == 200


def test_a_unique_value_written_twice_at_once_is_a_french_409_and_nothing_is_kept(app):
    """The backstop of races no lock foresaw: an IntegrityError never reaches a 500."""
    from sqlalchemy import func, select

    from council.auth.models import Role, User
    from council.extensions import db

    def twice():
        db.session.add(User(email="pareil@example.org", role=Role.MEMBER))
        db.session.flush()
        db.session.add(User(email="pareil@example.org", role=Role.MEMBER))
        db.session.flush()
        return "never"

    app.add_url_rule("/_test/twice", "twice", twice, methods=["POST"])
    response = app.test_client().post("/_test/twice")
    assert response.status_code == 409
    assert "Modification simultanée" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) == 0


def test_the_public_pages_join_names_the_french_way(client):
    """« quartiers prioritaires d'Argentan », « appartient au Conseil citoyen d'Argentan »."""
    home = page_text(client.get("/"))
    assert "quartiers prioritaires d'Argentan" in home and "de Argentan" not in home
    assert "appartient au Conseil citoyen d'Argentan" in page_text(client.get("/donnees-personnelles"))
