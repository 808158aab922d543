"""Command-line: init, create-admin, demo-data."""

import pytest
from sqlalchemy import select

from council.auth.models import CouncilRole, Role, User
from council.extensions import db


def test_init_creates_a_first_admin_once_and_prints_its_password(app, runner):
    result = runner.invoke(args=["init", "--admin-email", "chef@example.org"])
    assert result.exit_code == 0, result.output
    assert "chef@example.org" in result.output
    password = result.output.split("shown only this once: ")[1].strip()
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == "chef@example.org"))
        assert admin.role is Role.ADMIN and admin.check_password(password)
    again = runner.invoke(args=["init"])
    assert again.exit_code == 0 and "password" not in again.output


def test_create_admin_refuses_a_short_password(runner):
    result = runner.invoke(args=["create-admin", "a@example.org", "--password", "short"])
    assert result.exit_code != 0
    assert "Mot de passe refusé" in result.output and "14 caractères" in result.output


@pytest.mark.parametrize(("password", "reason"), [
    ("123456789012", "plus courants"),  # twelve characters were enough before CNIL 2022-100
    ("Xk7#mPq2$vLz", "au moins 14 caractères"),  # a member's password, not an admin's
    ("Motdepasse2024!!!", "plus courants"),
    ("chef.dupont@mairie-Ville.fr", "votre nom ou votre adresse"),
    ("aaaaaaaaaaaaaaaaaaaaaaaaa", "répétés ou qui se suivent"),
])
def test_create_admin_refuses_a_weak_password_and_says_why(app, runner, password, reason):
    result = runner.invoke(args=["create-admin", "chef.dupont@mairie-ville.fr", "--password", password])
    assert result.exit_code != 0 and "Mot de passe refusé" in result.output
    assert reason in " ".join(result.output.split())
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "chef.dupont@mairie-ville.fr")) is None


def test_create_admin_accepts_a_strong_password(app, runner):
    result = runner.invoke(args=["create-admin", "chef@example.org", "--password", "Xk7#mPq2$vLz!9Tb"])
    assert result.exit_code == 0, result.output
    assert "Xk7#" not in result.output  # a password given is never printed back


def test_create_admin_with_generated_password(app, runner):
    result = runner.invoke(args=["create-admin", "Boss@Example.org"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(CouncilRole.role).join(CouncilRole.user)
                                 .where(User.email == "boss@example.org")) is Role.ADMIN


def test_create_admin_twice_is_a_clean_error(runner):
    runner.invoke(args=["create-admin", "a@example.org"])
    result = runner.invoke(args=["create-admin", "a@example.org"])
    assert result.exit_code != 0 and "existe déjà" in result.output


def test_demo_data_creates_one_account_per_role(app, runner):
    assert runner.invoke(args=["demo-data", "--password", "demo-password-123"]).exit_code != 0
    result = runner.invoke(args=["demo-data", "--password", "Vive le bocage normand 61"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        roles = dict(db.session.execute(select(User.email, CouncilRole.role).join(User.council_roles)).all())
        assert roles["admin@example.org"] is Role.ADMIN
        assert roles["organisateur@example.org"] is Role.ORGANISER
        assert roles["membre@example.org"] is Role.MEMBER
    assert runner.invoke(args=["demo-data"]).exit_code != 0  # not twice


def test_demo_data_prints_how_to_sign_in_as_the_admin(app, runner):
    """`make demo` (db upgrade, demo-data) ends with each account's e-mail and password."""
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "Sign in at http://conseil.test/connexion with:" in result.output
    line = next(line for line in result.output.splitlines() if "admin@example.org" in line)
    assert line.split()[0] == "admin"
    password = line.split("password: ")[1].strip()
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
        assert admin.role is Role.ADMIN and admin.check_password(password)


def test_demo_data_keeps_the_first_admin_of_init_and_says_so(app, runner):
    first = runner.invoke(args=["init"]).output.split("shown only this once: ")[1].strip()
    result = runner.invoke(args=["demo-data"])
    line = next(line for line in result.output.splitlines() if "admin@example.org" in line)
    assert "unchanged" in line and "shown once" in line and first not in result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "admin@example.org")).check_password(first)


def test_make_demo_loads_the_demo_without_init_first(project_root):
    """``init`` would make admin@example.org with a password shown once, before demo-data could
    print one: `make demo` lets demo-data make the admin (init stays in `make run`)."""
    makefile = (project_root / "Makefile").read_text()
    demo = makefile.split("\ndemo:")[1].split("\n\n")[0]
    assert "demo-data" in demo and " init" not in demo
    assert "$(FLASK) init" in makefile.split("\nrun:")[1].split("\n\n")[0]
