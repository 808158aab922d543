"""Sign-out ends the session on the server, not only in the browser that asked for it."""

from council.extensions import db
from tests.conftest import PASSWORD

COOKIE = "council_session"


def _copy_session(app, client):
    """Another browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def test_a_cookie_copied_before_sign_out_no_longer_opens_the_profile(app, client, login_as):
    login_as("member")
    thief = _copy_session(app, client)
    assert thief.get("/profil").status_code == 200  # the copy works while the session is open
    client.post("/deconnexion")
    response = thief.get("/profil")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_sign_out_ends_the_account_sessions_on_every_device(app, client, make_user):
    user = make_user()
    phone = app.test_client()
    for browser in (client, phone):
        browser.post("/connexion", data={"email": user.email, "password": PASSWORD})
    client.post("/deconnexion")
    assert phone.get("/profil").status_code == 302


def test_signing_in_again_after_sign_out_works(client, make_user):
    user = make_user()
    data = {"email": user.email, "password": PASSWORD}
    client.post("/connexion", data=data)
    client.post("/deconnexion")
    assert client.post("/connexion", data=data).status_code == 302
    assert client.get("/profil").status_code == 200


def test_a_session_of_an_account_disabled_since_is_closed(app, client, login_as):
    user = login_as("member")
    assert client.get("/profil").status_code == 200
    with app.app_context():
        db.session.get(type(user), user.id).active = False
        db.session.commit()
    response = client.get("/profil")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_signing_out_without_a_session_is_harmless(client):
    response = client.post("/deconnexion")
    assert response.status_code == 302
