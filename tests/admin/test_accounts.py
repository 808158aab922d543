"""Account administration: only admins, password re-entered, at least one admin kept."""

import pytest
from sqlalchemy import select

from council.auth.models import CouncilRole, Role, User
from council.auth.services.accounts import AccountError, update_account
from council.extensions import db
from tests.conftest import PASSWORD


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("member", 403), ("organiser", 403),
                                              ("admin", 200)])
def test_only_admins_see_accounts(client, login_as, role, status):
    if role:
        login_as(role)
    assert client.get("/admin/comptes").status_code == status


def test_admin_changes_a_role(app, client, login_as, make_user):
    login_as("admin")
    member = make_user(email="futur.organisateur@example.org")
    page = client.get(f"/admin/comptes/{member.id}").get_data(as_text=True)
    assert "futur.organisateur@example.org" in page
    response = client.post(f"/admin/comptes/{member.id}", data={"role": "organiser", "active": "y"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, member.id).role is Role.ORGANISER


def test_role_change_needs_a_recent_password(app, client, login_as, make_user):
    login_as("admin")
    member = make_user()
    with client.session_transaction() as session:
        session["auth_at"] -= app.config["REAUTH_MINUTES"] * 60 + 5
    response = client.post(f"/admin/comptes/{member.id}", data={"role": "admin", "active": "y"})
    assert response.status_code == 302 and "/confirmer-acces" in response.headers["Location"]
    with app.app_context():
        assert db.session.get(User, member.id).role is Role.MEMBER


def test_disabling_an_account_signs_it_out(app, make_user):
    other_client = app.test_client()
    member = make_user()
    other_client.post("/connexion", data={"email": member.email, "password": PASSWORD})
    with app.app_context():
        admin = make_user(role=Role.ADMIN)
        update_account(admin, db.session.get(User, member.id), Role.MEMBER, active=False)
        db.session.commit()
    assert "Connexion" in other_client.get("/").get_data(as_text=True)


def test_the_last_admin_cannot_be_demoted_or_disabled(app, make_user, client, login_as):
    admin = login_as("admin")
    response = client.post(f"/admin/comptes/{admin.id}", data={"role": "member", "active": "y"})
    assert "au moins un compte administrateur" in response.get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, admin.id)
        with pytest.raises(AccountError):
            update_account(user, user, Role.ADMIN, active=False)
        assert db.session.scalar(select(CouncilRole.role)
                                 .where(CouncilRole.user_id == admin.id)) is Role.ADMIN


def test_a_second_admin_may_step_down(app, make_user):
    with app.app_context():
        first, second = make_user(role=Role.ADMIN), make_user(role=Role.ADMIN)
        changes = update_account(first, db.session.get(User, second.id), Role.MEMBER, True)
        assert changes == ["role:admin->member"]


def test_unknown_role_and_account_are_refused_cleanly(client, login_as, make_user):
    login_as("admin")
    member = make_user()
    response = client.post(f"/admin/comptes/{member.id}", data={"role": "emperor", "active": "y"})
    assert response.status_code == 200 and 'class="error"' in response.get_data(as_text=True)
    assert client.get("/admin/comptes/999999").status_code == 404


def test_role_changes_are_audited_without_personal_data(app, client, login_as, make_user):
    from council.audit.models import AuditEntry

    admin = login_as("admin")
    member = make_user(email="claire.dupont@example.org")
    client.post(f"/admin/comptes/{member.id}", data={"role": "organiser", "active": "y"})
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.role"))
        assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.id, "user", member.id)
        assert entry.note == "role:member->organiser"


def test_the_audit_journal_speaks_french(app, client, login_as):
    from council.audit import services as audit
    from council.extensions import db
    from tests.fixtures.text import page_text

    admin = login_as("admin")
    with app.app_context():
        audit.log(None, "privacy.erase", "person", None, note="accounts=1 applications=2")
        audit.log(admin, "roster.export", "member", None, note="21 lines")
        db.session.commit()
    text = page_text(client.get("/admin/journal"))
    assert "Effacement des données" in text and "1 compte, 2 candidatures" in text
    assert "Export de la liste des membres" in text and "21 lignes" in text
    assert "privacy.erase" not in text and "lines" not in text
