"""The migration that empties local actors' gender, home and address (a8c0113c7e55): member
records and applications of the acteurs locaux college written before the rule reached every
form lose them; residents keep theirs; the downgrade still works."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from council import create_app
from council.extensions import db

BEFORE, AFTER = "f3c4d5e6a7b8", "a8c0113c7e55"
MEMBER = text(
    "INSERT INTO member (council_id, first_name, last_name, college, gender, address, joined_on, "
    "status, join_method, created_at) VALUES (:council, :name, 'Roux', :college, 'female', "
    "'1 rue Haute', '2025-01-15', 'active', 'application', '2025-01-15 10:00:00')")
APPLICATION = text(
    "INSERT INTO application (council_id, reference, status, college, first_name, last_name, email, "
    "gender, address, home_neighbourhood_id, created_at) VALUES (:council, :name, 'pending', "
    ":college, :name, 'Roux', :email, 'female', '1 rue Haute', :home, '2026-01-05 09:00:00')")


def _app(url, tmp_path, monkeypatch):
    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})


def test_local_actors_lose_gender_home_and_address_residents_keep_them(
        empty_database_url, tmp_path, monkeypatch):
    app = _app(empty_database_url, tmp_path, monkeypatch)
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            council = connection.execute(text("SELECT id FROM council")).scalar()
            home = connection.execute(text(
                "INSERT INTO neighbourhood (council_id, slug, name) VALUES (:council, 'pr', 'Les "
                "Provinces') RETURNING id"), {"council": council}).scalar()
            for name, college in (("Lea", "resident"), ("Karim", "local_actor")):
                connection.execute(MEMBER, {"council": council, "name": name, "college": college})
                connection.execute(APPLICATION, {"council": council, "name": name, "college": college,
                                                 "email": f"{name}@example.org", "home": home})
        upgrade(revision=AFTER)
        with db.engine.connect() as connection:
            members = {row.first_name: row for row in connection.execute(text(
                "SELECT first_name, gender, address FROM member"))}
            applications = {row.first_name: row for row in connection.execute(text(
                "SELECT first_name, gender, address, home_neighbourhood_id FROM application"))}
        assert (members["Karim"].gender, members["Karim"].address) == (None, None)
        assert (members["Lea"].gender, members["Lea"].address) == ("female", "1 rue Haute")
        karim, lea = applications["Karim"], applications["Lea"]
        assert (karim.gender, karim.address, karim.home_neighbourhood_id) == (None, None, None)
        assert (lea.gender, lea.address, lea.home_neighbourhood_id) == ("female", "1 rue Haute", home)
        downgrade(revision=BEFORE)
        db.engine.dispose()
