"""Identity rules (issue 10, findings 1, 3, 4 and 12): an account is matched by its id, never by
an e-mail typed into another form. Each attack of the review is replayed through the test client,
then the rule is checked at the service level."""

from __future__ import annotations

import json
import re
import time

import pytest
from sqlalchemy import select

from council.auth.models import CouncilRole, Role, User
from council.auth.services.accounts import (
    LAST_ADMIN,
    AccountError,
    ensure_an_admin_remains,
    new_member_account,
    update_account,
)
from council.auth.services.email_change import (
    confirm_email_change,
    pending_email_change,
    request_email_change,
)
from council.extensions import db
from council.membership.models import Application, ApplicationStatus, Member, MemberStatus
from council.membership.services.roster import link_member_account
from tests.conftest import PASSWORD
from tests.fixtures.applications import resident_form
from tests.fixtures.text import page_text

CONFIRM_LINK = re.compile(r"http://conseil\.test(/compte/adresse-email/\S+)")


def _user(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def _state(app, user_id: int) -> tuple:
    """What the account is now (its role in the council: read inside an app context)."""
    with app.app_context():
        user = db.session.get(User, user_id)
        return user.email, user.role, user.password_hash, user.active, user.session_token


def _apply(client, email: str) -> int:
    """Apply through the public form, as anyone can, and return the stored application's id."""
    assert client.post("/candidature", data=resident_form(email=email)).status_code == 302
    with client.application.app_context():
        return db.session.scalar(select(Application.id).where(Application.email == email.lower()))


def _sign_in(client, email: str, password: str = PASSWORD) -> int:
    client.post("/deconnexion")
    return client.post("/connexion", data={"email": email, "password": password}).status_code


# Finding 1: an organiser takes over an admin account -------------------------------------------

def test_accepting_an_application_with_an_admins_address_leaves_the_admin_account_alone(
        app, client, make_user, outbox):
    admin = make_user(role=Role.ADMIN, email="admin.conseil@example.org")
    before = _state(app, admin.id)
    organiser = make_user(role=Role.ORGANISER, email="orga@example.org")
    _sign_in(client, organiser.email)
    application_id = _apply(client, "Admin.Conseil@example.org")
    html = client.post(f"/candidatures/{application_id}/accepter", follow_redirects=True
                       ).get_data(as_text=True)
    assert "Cette adresse e-mail est déjà celle d'un compte du site" in page_text(html)
    with app.app_context():
        member = db.session.scalar(select(Member).where(Member.status == MemberStatus.ACTIVE))
        assert member.user_id is None
        member_id = member.id
    assert _state(app, admin.id) == before
    # The second step of the attack: the record's e-mail now points to the attacker, who asks
    # for a password reset. The admin's login is unchanged, so no link reaches them.
    edit = {"first_name": "Eve", "last_name": "Pirate", "email": "eve@attaquant.example",
            "college": "resident", "neighbourhood": "les-provinces", "joined_on": "15/01/2025"}
    assert client.post(f"/membres/{member_id}/modifier", data=edit).status_code == 302
    assert _state(app, admin.id) == before
    sent = len(outbox)
    client.post("/deconnexion")
    client.post("/mot-de-passe-oublie", data={"email": "eve@attaquant.example"})
    assert len(outbox) == sent  # no account has that address


def test_editing_the_record_of_a_member_who_is_an_organiser_never_changes_their_login(
        app, client, make_user, login_as, make_member):
    """The one-step variant: the record is linked to an organiser's account."""
    organiser = make_user(role=Role.ORGANISER, email="orga.membre@example.org")
    member_id = make_member(user_id=organiser.id, email=organiser.email)
    before = _state(app, organiser.id)
    login_as("organiser")
    edit = {"first_name": "Alex", "last_name": "Martin", "email": "eve@attaquant.example",
            "college": "resident", "neighbourhood": "les-provinces", "joined_on": "15/01/2025"}
    assert client.post(f"/membres/{member_id}/modifier", data=edit).status_code == 302
    assert _state(app, organiser.id) == before
    with app.app_context():
        assert db.session.get(Member, member_id).email == "eve@attaquant.example"


def test_new_member_account_never_returns_an_existing_account(app, make_user):
    existing = make_user(role=Role.ADMIN, email="pris@example.org")
    with app.app_context():
        assert new_member_account("  PRIS@example.org ") is None
        fresh = new_member_account("libre@example.org")
        assert fresh.role is Role.MEMBER and fresh.password_hash is None and fresh.id != existing.id


# Finding 3: a disabled account comes back through an application --------------------------------

@pytest.mark.parametrize("role", [Role.ORGANISER, Role.ADMIN, Role.MEMBER])
def test_a_disabled_account_stays_disabled_when_its_owner_is_accepted_again(
        app, client, make_user, role):
    make_user(role=Role.ADMIN)  # another admin, so that disabling an admin is allowed
    disabled = make_user(role=role, email="ecarte@example.org")
    with app.app_context():
        actor = db.session.scalar(select(User).join(User.council_roles)
                                  .where(CouncilRole.role == Role.ADMIN, User.id != disabled.id))
        update_account(actor, db.session.get(User, disabled.id), role, active=False)
        db.session.commit()
    before = _state(app, disabled.id)
    organiser = make_user(role=Role.ORGANISER)
    _sign_in(client, organiser.email)
    application_id = _apply(client, "ecarte@example.org")
    assert client.post(f"/candidatures/{application_id}/accepter").status_code == 302
    with app.app_context():
        assert db.session.get(Application, application_id).status is ApplicationStatus.ACCEPTED
    assert _state(app, disabled.id) == before
    assert _sign_in(client, "ecarte@example.org") == 200  # still refused


# Staff roles come only from an admin ------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.MEMBER, Role.ORGANISER])
def test_only_an_admin_changes_roles(app, make_user, role):
    target = make_user()
    with app.app_context():
        actor = db.session.get(User, make_user(role=role).id)
        with pytest.raises(AccountError):
            update_account(actor, db.session.get(User, target.id), Role.ADMIN, True)
        assert db.session.get(User, target.id).role is Role.MEMBER


def test_an_admin_links_a_record_to_an_account_by_id(app, client, make_user, login_as, make_member):
    person = make_user(email="retour@example.org", active=False)
    member_id = make_member(email="retour@example.org")
    other_id = make_member(email="autre@example.org")
    login_as("admin")
    page = client.get(f"/admin/comptes/{person.id}").get_data(as_text=True)
    assert f'value="{member_id}"' in page
    response = client.post(f"/admin/comptes/{person.id}/fiche", data={"member_id": member_id})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Member, member_id).user_id == person.id
        assert db.session.get(User, person.id).active is False  # linking changes nothing else
    html = client.post(f"/admin/comptes/{person.id}/fiche", data={"member_id": other_id},
                       follow_redirects=True).get_data(as_text=True)
    assert "Ce compte est déjà relié à une fiche de membre." in html
    html = client.post(f"/admin/comptes/{make_user().id}/fiche", data={"member_id": member_id}
                       ).get_data(as_text=True)  # a record already linked is not offered
    assert "Choisissez une fiche de la liste." in html
    organiser_id, plain_id = make_user(role=Role.ORGANISER).id, make_user().id
    with app.app_context():
        assert db.session.get(Member, other_id).user_id is None
        with pytest.raises(AccountError):
            link_member_account(db.session.get(User, organiser_id), db.session.get(Member, other_id),
                                db.session.get(User, plain_id))


# One's own e-mail, through a link sent to the new address ---------------------------------------

@pytest.fixture
def member_signed_in(app, client, make_user, make_member):
    """A member with an account, signed in; returns (user id, member id)."""
    user = make_user(email="moi@example.org")
    member_id = make_member(user_id=user.id, email="moi@example.org")
    assert _sign_in(client, "moi@example.org") == 302
    return user.id, member_id


def test_changing_ones_email_needs_the_link_sent_to_the_new_address(
        app, client, member_signed_in, outbox):
    user_id, member_id = member_signed_in
    response = client.post("/profil/adresse-email", data={
        "new_email": "Nouvelle@Example.org", "email_password": PASSWORD}, follow_redirects=True)
    assert "Un lien de confirmation vient d'être envoyé" in page_text(response)
    confirm, notice = outbox
    assert confirm.to == ["nouvelle@example.org"] and "@" not in confirm.subject
    assert notice.to == ["moi@example.org"] and "n…@example.org" in notice.body
    assert "nouvelle@example.org" not in notice.body
    with app.app_context():  # nothing changes until the link is followed
        assert db.session.get(User, user_id).email == "moi@example.org"
    path = CONFIRM_LINK.search(confirm.body).group(1)
    page = client.get(path)
    assert page.status_code == 200 and "nouvelle@example.org" in page.get_data(as_text=True)
    with app.app_context():  # opening the link (a mail scanner) changes nothing either
        assert db.session.get(User, user_id).email == "moi@example.org"
    assert client.post(path).status_code == 302
    with app.app_context():
        assert db.session.get(User, user_id).email == "nouvelle@example.org"
        assert db.session.get(Member, member_id).email == "nouvelle@example.org"
    changed, now_yours = outbox[-2:]
    assert changed.to == ["moi@example.org"] and "désormais" in changed.body
    assert now_yours.to == ["nouvelle@example.org"] and "ce n'était pas vous" in now_yours.body
    assert "@" not in changed.subject + now_yours.subject
    assert client.post(path).status_code == 400  # used once
    assert _sign_in(client, "nouvelle@example.org") == 302
    assert _sign_in(client, "moi@example.org") == 200


def test_an_address_of_another_account_gets_the_same_answer_and_no_link(
        app, client, member_signed_in, make_user, outbox):
    other = make_user(role=Role.ADMIN, email="pris@example.org")
    before = _state(app, other.id)
    response = client.post("/profil/adresse-email", data={
        "new_email": "pris@example.org", "email_password": PASSWORD}, follow_redirects=True)
    assert "Un lien de confirmation vient d'être envoyé" in page_text(response)
    taken, notice = outbox
    assert taken.to == ["pris@example.org"] and "/compte/adresse-email/" not in taken.body
    assert notice.to == ["moi@example.org"]
    assert _state(app, other.id) == before
    with app.app_context():
        assert db.session.get(User, member_signed_in[0]).email == "moi@example.org"


def test_the_email_change_form_says_what_is_wrong_and_keeps_what_was_typed(client, member_signed_in):
    html = client.post("/profil/adresse-email", data={
        "new_email": "nouvelle@example.org", "email_password": "pas le bon"}).get_data(as_text=True)
    assert "Le mot de passe n'est pas le bon." in page_text(html) and 'value="nouvelle@example.org"' in html
    html = client.post("/profil/adresse-email", data={
        "new_email": "moi@example.org", "email_password": PASSWORD}).get_data(as_text=True)
    assert "C'est déjà l'adresse de votre compte." in page_text(html)
    html = client.post("/profil/adresse-email", data={"new_email": "pas-une-adresse"}).get_data(as_text=True)
    assert "Indiquez une adresse e-mail valide" in html and "Indiquez votre mot de passe." in html


def test_an_email_change_link_is_single_use_expiring_and_bound_to_the_account_state(app, make_user):
    user = make_user(email="moi@example.org")
    make_user(email="prise@example.org")
    with app.app_context():
        account = db.session.get(User, user.id)
        change = request_email_change(account, "neuve@example.org", PASSWORD, app.secret_key)
        assert pending_email_change(change.token, app.secret_key, 3600).new_email == "neuve@example.org"
        assert pending_email_change(change.token, "another-key", 3600) is None
        assert pending_email_change(change.token + "x", app.secret_key, 3600) is None
        time.sleep(1.1)
        assert pending_email_change(change.token, app.secret_key, 0) is None  # expired
        account.set_password("une autre phrase secrète")  # a reset in between: the link dies
        assert pending_email_change(change.token, app.secret_key, 3600) is None
        change = request_email_change(account, "neuve@example.org", "une autre phrase secrète",
                                      app.secret_key)
        taken = type(change)(account, "prise@example.org", change.token)  # taken meanwhile
        with pytest.raises(AccountError):
            confirm_email_change(taken)
        assert db.session.get(User, user.id).email == "moi@example.org"


def test_a_confirmation_link_for_an_address_taken_meanwhile_changes_nothing(
        app, client, member_signed_in, make_user, outbox):
    client.post("/profil/adresse-email", data={"new_email": "neuve@example.org",
                                               "email_password": PASSWORD})
    path = CONFIRM_LINK.search(outbox[0].body).group(1)
    make_user(email="neuve@example.org")
    response = client.post(path)
    assert response.status_code == 409 and "Rien n'a été changé" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, member_signed_in[0]).email == "moi@example.org"


# Finding 4: "my data" holds someone else's application ------------------------------------------

def test_my_data_never_holds_an_application_found_by_email(app, client, member_signed_in, outbox,
                                                           make_application):
    applicant = make_application(email="ado16@example.org",
                                 motivation="Ma motivation secrète")
    client.post("/profil/adresse-email", data={"new_email": "ado16@example.org",
                                               "email_password": PASSWORD})
    document = json.loads(client.get("/profil/mes-donnees.json").get_data(as_text=True))
    assert document["candidatures"] == [] and document["compte"]["adresse_email"] == "moi@example.org"
    with app.app_context():  # even if the login were that address, the data follows the links
        db.session.get(User, member_signed_in[0]).email = "ado16@example.org"
        db.session.commit()
    document = json.loads(client.get("/profil/mes-donnees.json").get_data(as_text=True))
    assert document["candidatures"] == [] and "secrète" not in json.dumps(document)
    with app.app_context():
        db.session.get(Application, applicant).member_id = member_signed_in[1]
        db.session.commit()
    document = json.loads(client.get("/profil/mes-donnees.json").get_data(as_text=True))
    assert [a["numero"] for a in document["candidatures"]] == [applicant]


# Finding 12: the last active admin, on every path -----------------------------------------------

def test_the_last_admin_cannot_erase_themselves(app, client, login_as):
    admin = login_as("admin", email="seul.admin@example.org")
    html = client.post("/admin/effacement", data={"email": admin.email}).get_data(as_text=True)
    assert "Il doit rester au moins un compte administrateur actif." in html
    html = client.post("/admin/effacement", data={"email": admin.email, "confirm": "oui"}
                       ).get_data(as_text=True)
    assert "Il doit rester au moins un compte administrateur actif." in html
    account = _user(app, admin.id)
    assert account.active and account.email == "seul.admin@example.org"
    assert client.get("/admin/comptes").status_code == 200  # still signed in, still admin


def test_erasing_a_records_contact_address_never_reaches_an_account_with_another_login(
        app, client, login_as, make_member):
    """An organiser may have typed any address on the admin's own record: the erasure for that
    address anonymises the record, and leaves the account (found by its login only) alone."""
    admin = login_as("admin", email="admin.membre@example.org")
    member_id = make_member(user_id=admin.id, email="contact.admin@example.org")
    preview = client.post("/admin/effacement", data={"email": "contact.admin@example.org"}
                          ).get_data(as_text=True)
    assert "Fiches de membre : 1" in preview and "Comptes : 0" in preview
    response = client.post("/admin/effacement", data={"email": "contact.admin@example.org",
                                                      "confirm": "oui"})
    assert response.status_code == 302
    account = _user(app, admin.id)
    assert account.active and account.email == "admin.membre@example.org"
    with app.app_context():
        assert db.session.get(Member, member_id).anonymised_at is not None


def test_the_last_admin_cannot_be_erased_with_their_member_record(app, client, login_as, make_member):
    admin = login_as("admin", email="admin.membre@example.org")
    member_id = make_member(user_id=admin.id, email=admin.email)
    html = client.post("/admin/effacement", data={"email": admin.email, "confirm": "oui"}
                       ).get_data(as_text=True)
    assert LAST_ADMIN in page_text(html)
    assert _user(app, admin.id).active
    with app.app_context():
        assert db.session.get(Member, member_id).anonymised_at is None  # nothing half-done


def test_an_admin_may_be_erased_while_another_remains(app, client, login_as, make_user):
    other = make_user(role=Role.ADMIN, email="autre.admin@example.org")
    login_as("admin")
    response = client.post("/admin/effacement", data={"email": other.email, "confirm": "oui"})
    assert response.status_code == 302 and not _user(app, other.id).active


def test_the_purge_keeps_an_account_still_used_by_staff(app, make_user, make_member):
    """A former member who is the admin: the record is anonymised, the admin account stays."""
    from datetime import date, timedelta

    from council.privacy.retention import Retention
    from council.privacy.services import purge

    admin = make_user(role=Role.ADMIN)
    member_id = make_member(user_id=admin.id, status=MemberStatus.RESIGNED,
                            status_changed_on=date.today() - timedelta(days=800))
    with app.app_context():
        purge(date.today(), Retention.from_config(app.config))
        db.session.commit()
        assert db.session.get(Member, member_id).anonymised_at is not None
    assert _user(app, admin.id).active


@pytest.mark.parametrize(("role", "active", "refused"), [
    (Role.ADMIN, False, True), (Role.ORGANISER, True, True), (Role.MEMBER, False, True),
    (Role.ADMIN, True, False)])
def test_ensure_an_admin_remains_for_the_only_admin(app, make_user, role, active, refused):
    admin = make_user(role=Role.ADMIN)
    make_user(role=Role.ADMIN, active=False)  # a disabled admin does not count
    with app.app_context():
        user = db.session.get(User, admin.id)
        if refused:
            with pytest.raises(AccountError, match="au moins un compte administrateur"):
                ensure_an_admin_remains(user, role=role, active=active)
        else:
            ensure_an_admin_remains(user, role=role, active=active)
    make_user(role=Role.ADMIN)
    with app.app_context():
        ensure_an_admin_remains(db.session.get(User, admin.id))  # another active admin: allowed
