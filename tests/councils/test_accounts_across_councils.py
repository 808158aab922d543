"""One account with a role in two councils: each council's admins switch its access off, or erase
the person, in their council only; the account itself goes only when no council keeps it. The
last-admin rule holds in each council on its own."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from council.auth.models import Role, User
from council.extensions import db
from council.tenancy import use_council
from tests.conftest import PASSWORD

FIRST, FLERS = "http://conseil.test", "http://flers.test"
BOTH = "acteur@example.org"  # a local actor active in both councils


@pytest.fixture
def councils(app):
    """The first council (on SITE_HOST ``conseil.test``) and Flers (``flers.test``), each with its
    admin, and ``acteur@example.org``: organiser in the first, member in Flers, with a roster
    record in each."""
    from council.auth.services.accounts import create_user
    from council.councils.services import create_council, ensure_council

    with app.app_context():
        first = ensure_council().id
        flers = create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"]).id
        db.session.commit()
        ids = {"first": first, "flers": flers}
        for slug, role in (("first", Role.ORGANISER), ("flers", Role.MEMBER)):
            use_council(ids[slug])
            create_user(f"admin.{slug}@example.org", Role.ADMIN, PASSWORD)
            user = db.session.scalar(select(User).where(User.email == BOTH))
            if user is None:
                user = create_user(BOTH, role, PASSWORD)
            else:
                user.role = role
            _member(user, f"Camille{slug}")
            db.session.commit()
        ids["user"] = db.session.scalar(select(User.id).where(User.email == BOTH))
    return ids


def _member(user, last_name):
    from council.eligibility import College
    from council.membership.models import Gender, Member, MemberStatus

    db.session.add(Member(first_name="Camille", last_name=last_name, email=BOTH, user=user,
                          college=College.LOCAL_ACTOR, gender=Gender.FEMALE,
                          joined_on=date(2025, 1, 15), status=MemberStatus.ACTIVE,
                          structure_name="Atelier"))
    db.session.flush()


def _signed_in(app, base_url, email=BOTH):
    client = app.test_client()
    response = client.post("/connexion", base_url=base_url, data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"{email} could not sign in on {base_url}"
    return client


def _opens(client, base_url, path="/profil") -> bool:
    return client.get(path, base_url=base_url).status_code == 200


def test_disabling_an_account_in_one_council_leaves_it_open_in_the_other(app, councils):
    here, there = _signed_in(app, FIRST), _signed_in(app, FLERS)
    admin = _signed_in(app, FIRST, "admin.first@example.org")
    response = admin.post(f"/admin/comptes/{councils['user']}", base_url=FIRST,
                          data={"role": "organiser"})  # the box « actif » unticked
    assert response.status_code == 302

    assert not _opens(here, FIRST)  # signed out here at once
    assert _opens(there, FLERS)  # the session on Flers goes on
    refused = app.test_client().post("/connexion", base_url=FIRST,
                                     data={"email": BOTH, "password": PASSWORD})
    assert refused.status_code == 200 and "incorrect" in refused.get_data(as_text=True)
    assert _opens(_signed_in(app, FLERS), FLERS)  # and its password still opens Flers

    listing = admin.get("/admin/comptes", base_url=FIRST).get_data(as_text=True)
    assert "désactivé" in listing
    flers_admin = _signed_in(app, FLERS, "admin.flers@example.org")
    assert "désactivé" not in flers_admin.get("/admin/comptes", base_url=FLERS).get_data(as_text=True)

    # Switched on again: a new sign-in works, the session opened before stays ended
    assert admin.post(f"/admin/comptes/{councils['user']}", base_url=FIRST,
                      data={"role": "organiser", "active": "y"}).status_code == 302
    assert not _opens(here, FIRST)
    assert _opens(_signed_in(app, FIRST), FIRST)


def test_switching_off_is_audited_in_its_council_only(app, councils):
    from council.audit.models import AuditEntry

    admin = _signed_in(app, FIRST, "admin.first@example.org")
    admin.post(f"/admin/comptes/{councils['user']}", base_url=FIRST, data={"role": "organiser"})
    with app.app_context():
        use_council(councils["first"])
        actions = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.target_type == "user", AuditEntry.target_id == councils["user"])).all()
        assert actions == ["account.disabled"]
        use_council(councils["flers"])
        assert db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.target_type == "user", AuditEntry.target_id == councils["user"])).all() == []


def test_the_last_admin_rule_holds_in_each_council_on_its_own(app, councils):
    """Flers has two admins, the first council one: the admin of both may be switched off in
    Flers, never in the first council (where it would be the last)."""
    from council.auth.services.accounts import AccountError, update_account

    with app.app_context():
        use_council(councils["first"])
        only = db.session.scalar(select(User).where(User.email == "admin.first@example.org"))
        use_council(councils["flers"])
        only.role = Role.ADMIN  # an admin of Flers too
        flers_admin = db.session.scalar(select(User).where(User.email == "admin.flers@example.org"))
        db.session.commit()

        update_account(flers_admin, only, Role.ADMIN, active=False)  # Flers keeps an admin
        db.session.commit()
        assert not only.active_here
        use_council(councils["first"])
        db.session.expire_all()
        only = db.session.get(User, only.id)
        assert only.active_here  # still the first council's admin
        with pytest.raises(AccountError, match="au moins un compte administrateur"):
            update_account(only, only, Role.ADMIN, active=False)


def test_erasing_in_one_council_keeps_the_other_councils_data_and_account(app, councils, outbox):
    from council.membership.models import Member

    admin = _signed_in(app, FIRST, "admin.first@example.org")
    there = _signed_in(app, FLERS)
    response = admin.post("/admin/effacement", base_url=FIRST, data={"email": BOTH, "confirm": "oui"})
    assert response.status_code == 302

    with app.app_context():
        user = db.session.get(User, councils["user"])
        assert user.email == BOTH and user.active and user.password_hash  # the account stays
        use_council(councils["first"])
        assert user.role is None  # no role here any more
        first_names = db.session.scalars(select(Member.first_name)).all()
        assert first_names == ["Ancien·ne membre"]  # this council's record, anonymised
        use_council(councils["flers"])
        db.session.expire_all()
        assert db.session.get(User, councils["user"]).role is Role.MEMBER
        assert db.session.scalars(select(Member.last_name)).all() == ["Camilleflers"]
    assert _opens(there, FLERS)  # its session on Flers goes on
    assert _opens(_signed_in(app, FLERS), FLERS)
    refused = app.test_client().post("/connexion", base_url=FIRST,
                                     data={"email": BOTH, "password": PASSWORD})
    assert refused.status_code == 200  # nobody here any more
    listing = admin.get("/admin/comptes", base_url=FIRST).get_data(as_text=True)
    assert BOTH not in listing

    # Then Flers erases the person too: no role remains anywhere, the account is anonymised
    flers_admin = _signed_in(app, FLERS, "admin.flers@example.org")
    assert flers_admin.post("/admin/effacement", base_url=FLERS,
                            data={"email": BOTH, "confirm": "oui"}).status_code == 302
    with app.app_context():
        user = db.session.get(User, councils["user"])
        assert user.email.endswith("@anonyme.invalid") and not user.active
        assert user.password_hash is None
    assert not _opens(there, FLERS)


def test_erasure_asks_every_council_through_the_scope(app, councils):
    """The rule itself: an account with a role in another council only leaves this one."""
    from council.auth.services.accounts import has_roles_elsewhere
    from council.privacy.services import anonymise_account

    with app.app_context():
        use_council(councils["first"])
        user = db.session.get(User, councils["user"])
        assert has_roles_elsewhere(user)
        assert anonymise_account(user) is False and user.role is None and user.email == BOTH
        use_council(councils["flers"])
        db.session.expire_all()
        user = db.session.get(User, councils["user"])
        assert not has_roles_elsewhere(user)
        assert anonymise_account(user) is True and user.email.endswith("@anonyme.invalid")
