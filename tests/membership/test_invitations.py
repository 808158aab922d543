"""Inviting members who have no account (issue 14): one from the member's page, or every member
of a roster filter at once after a confirmation; who invited and when; the resend; a round sent
twice (one after the other, or at the same instant) invites each member once; an address that is
already an account's is never linked (identity rule 2)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from council import dates
from council.audit.models import AuditEntry
from council.auth.models import CouncilRole, Role, User
from council.extensions import db
from council.membership import admission
from council.membership.models import Member, MemberStatus
from council.membership.services.notifications import SUBJECT_INVITATION
from tests.concurrency import at_once, is_postgresql
from tests.fixtures.text import page_text

LINK = re.compile(r"http://conseil\.test(/compte/activation/\S+)")
NEW_PASSWORD = "mon quartier, ma voix"


def words(page) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(page)).split())


def _member(app, member_id) -> Member:
    with app.app_context():
        member = db.session.get(Member, member_id)
        db.session.expunge(member)
        return member


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _audit(app, action) -> list[tuple[int, int]]:
    with app.app_context():
        return [(e.actor_id, e.target_id) for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))]


@pytest.fixture
def organiser(login_as):
    return login_as("organiser", email="orga@example.org")


# One member, from their page ---------------------------------------------------------------------

def test_inviting_a_member_creates_an_account_without_password_and_sends_the_link(
        app, client, organiser, make_member, outbox):
    member_id = make_member(email="nadia@example.org", first_name="Nadia")
    page = words(client.get(f"/membres/{member_id}"))
    assert "Compte aucun" in page and "Inviter à l'espace des membres" in page
    response = client.post(f"/membres/{member_id}/invitation", follow_redirects=True)
    assert "L'invitation est envoyée à nadia@example.org." in words(response)
    member = _member(app, member_id)
    with app.app_context():
        user = db.session.get(User, member.user_id)
        assert (user.email, user.role, user.password_hash, user.active) == (
            "nadia@example.org", Role.MEMBER, None, True)
    assert member.invited_by_id == organiser.id and member.invited_on == dates.today()
    assert _audit(app, "member.invite") == [(organiser.id, member_id)]
    [mail] = outbox
    assert mail.to == ["nadia@example.org"] and mail.subject == SUBJECT_INVITATION
    assert "Bonjour Nadia" in mail.body
    page = words(client.get(f"/membres/{member_id}"))
    assert (f"en attente d'activation invité·e le {dates.today():%d/%m/%Y} par un·e "
            "organisateur·rice" in page) and "orga@example.org" not in page
    assert "Renvoyer le lien d'activation" in page and "Inviter à l'espace des membres" not in page

    # The member follows the link, chooses a password and lands signed in on their own page
    client.post("/deconnexion")
    path = LINK.search(mail.body).group(1)
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                           follow_redirects=True)
    assert response.request.path == "/profil"
    assert "Votre mot de passe est enregistré. Vous êtes connecté·e." in words(response)


def test_a_second_click_invites_no_one_twice(app, client, organiser, make_member, outbox):
    member_id = make_member(email="nadia@example.org")
    client.post(f"/membres/{member_id}/invitation")
    response = client.post(f"/membres/{member_id}/invitation", follow_redirects=True)
    assert f"Invitation non envoyée : {admission.ALREADY_INVITED}." in words(response)
    assert _count(app, User) == 2 and len(outbox) == 1


@pytest.mark.parametrize(("overrides", "reason"), [
    ({"email": None}, admission.NO_EMAIL),
    ({"status": MemberStatus.RESIGNED}, admission.NOT_ACTIVE),
])
def test_a_member_who_cannot_be_invited_is_told_why(app, client, organiser, make_member, outbox,
                                                    overrides, reason):
    member_id = make_member(**overrides)
    assert "Inviter à l'espace des membres" not in words(client.get(f"/membres/{member_id}"))
    response = client.post(f"/membres/{member_id}/invitation", follow_redirects=True)
    assert f"Invitation non envoyée : {reason}." in words(response)
    assert _count(app, User) == 1 and outbox == []


def test_the_resend_records_who_sent_it_and_when(app, client, organiser, make_member, login_as,
                                                  outbox):
    member_id = make_member(email="nadia@example.org")
    client.post(f"/membres/{member_id}/invitation")
    client.post("/deconnexion")
    other = login_as("organiser", email="autre.orga@example.org")
    make_member(first_name="Inès", last_name="Roy", email="ines@example.org", user_id=other.id)
    response = client.post(f"/membres/{member_id}/lien-activation", follow_redirects=True)
    assert "Un nouveau lien d'activation a été envoyé." in words(response)
    assert "par Inès Roy" in words(response) and "autre.orga@example.org" not in words(response)
    assert _member(app, member_id).invited_by_id == other.id
    assert _audit(app, "member.reinvite") == [(other.id, member_id)]
    assert len(outbox) == 2 and LINK.search(outbox[1].body)
    assert _count(app, User) == 3  # two organisers and one member: no second account


# Every member of a filter at once -----------------------------------------------------------------

@pytest.fixture
def roster(app, make_member, make_user):
    """Les Provinces: three to invite, one with an account, one without e-mail, one whose address
    is an admin's login, one who left; Saint-Michel: one to invite."""
    admin = make_user(role=Role.ADMIN, email="admin.conseil@example.org")
    account = make_user(email="deja@example.org")
    ids = {
        "a": make_member(email="a@example.org", last_name="Arnaud"),
        "b": make_member(email="b@example.org", last_name="Bernard"),
        "c": make_member(email="c@example.org", last_name="Colin"),
        "linked": make_member(email="deja@example.org", user_id=account.id),
        "no_email": make_member(email=None),
        "admin": make_member(email="admin.conseil@example.org", last_name="Dupuis"),
        "left": make_member(email="parti@example.org", status=MemberStatus.RESIGNED),
        "elsewhere": make_member(email="sm@example.org", neighbourhood="saint-michel-vallee-d-auge"),
    }
    return {"admin_account": admin, **ids}


def test_a_filter_is_invited_after_a_confirmation(app, client, organiser, roster, outbox):
    text = words(client.get("/membres?neighbourhood=les-provinces"))
    assert "Inviter les 4 membres sans compte de cette sélection" in text  # the admin's address counts
    preview = client.get("/membres/invitations?neighbourhood=les-provinces")
    text = words(preview)
    assert "Confirmer : inviter 3 membres" in text
    assert "Dupuis Alex admin.conseil@example.org non envoyée l'adresse est déjà celle d'un compte" in text
    assert "sm@example.org" not in text and "parti@example.org" not in text
    assert outbox == [] and _count(app, User) == 3  # the preview changes nothing

    response = client.post("/membres/invitations", data={"neighbourhood": "les-provinces"})
    text = words(response)
    assert response.status_code == 200 and "3 invitations envoyées." in text
    assert "Membres non invités" in text and "Alex Dupuis : l'adresse est déjà celle d'un compte" in text
    assert sorted(mail.to[0] for mail in outbox) == ["a@example.org", "b@example.org", "c@example.org"]
    assert len({LINK.search(mail.body).group(1) for mail in outbox}) == 3  # one link each
    for key in ("a", "b", "c"):
        assert _member(app, roster[key]).user_id is not None
    for key in ("no_email", "admin", "left", "elsewhere"):
        assert _member(app, roster[key]).user_id is None
    with app.app_context():
        admin = db.session.get(User, roster["admin_account"].id)
        assert admin.role is Role.ADMIN and admin.password_hash is not None  # untouched
    assert len(_audit(app, "member.invite")) == 3

    # Sent again (a double click, a page reloaded): nobody is invited twice
    again = client.post("/membres/invitations", data={"neighbourhood": "les-provinces"})
    assert "Aucune invitation envoyée." in words(again) and len(outbox) == 3
    assert _count(app, User) == 6  # admin, account, organiser, and the three invited
    assert "Confirmer" not in words(client.get("/membres/invitations?neighbourhood=les-provinces"))


def test_a_round_larger_than_the_limit_is_refused_and_changes_nothing(
        app, client, organiser, roster, outbox):
    app.config["INVITATION_BATCH_MAX"] = 2
    preview = words(client.get("/membres/invitations?neighbourhood=les-provinces"))
    assert "plus que les 2 envoyés en une fois" in preview and "Confirmer" not in preview
    response = client.post("/membres/invitations", data={"neighbourhood": "les-provinces"})
    assert response.status_code == 422 and "Affinez les filtres" in words(response)
    assert outbox == [] and _count(app, User) == 3


@pytest.mark.parametrize("query", ["college=mayor", "neighbourhood=" + "x" * 300])
def test_a_forged_filter_is_refused(client, organiser, query):
    assert client.get(f"/membres/invitations?{query}").status_code == 400
    assert client.post("/membres/invitations/selection", data=dict([query.split("=")])
                       ).status_code == 400


def test_a_searched_selection_travels_in_the_body_never_in_the_address(client, organiser):
    """A round over a roster searched by name: the text is POSTed, and a ``q`` in an address
    is dropped (the preview then covers the whole filter, never a name from a log)."""
    roster = client.post("/membres", data={"q": "Zéphyrine", "status": "active"}).get_data(as_text=True)
    assert "Zéphyrine" not in "".join(re.findall(r'(?:href|action)="([^"]*)"', roster))
    assert client.post("/membres/invitations/selection", data={"q": "x" * 101}).status_code == 400
    assert client.post("/membres/invitations/selection", data={"q": "Zéphyrine"}).status_code == 200
    assert client.get("/membres/invitations?q=" + "x" * 101).status_code == 200  # q dropped


def test_a_round_sent_twice_at_the_same_instant_invites_each_member_once(app, make_user, make_member):
    organiser = make_user(role=Role.ORGANISER, email="orga@example.org")
    ids = [make_member(email=f"membre.{n}@example.org") for n in range(3)]
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        assert client.post("/connexion", data={"email": organiser.email,
                                               "password": "correct horse battery staple"}
                           ).status_code == 302
    race = at_once(app, [(client, "/membres/invitations", {"neighbourhood": "les-provinces"})
                         for client in clients], meet_after="member")
    if is_postgresql(app):
        assert race.met, "the requests did not meet after reading: the race was not run"
    assert [o.status for o in race.outcomes] == [200, 200], race
    assert race.count("3 invitations envoyées.") == 1, race
    assert _count(app, CouncilRole, CouncilRole.role == Role.MEMBER) == 3
    assert all(_member(app, member_id).user_id is not None for member_id in ids)
    assert len(app.extensions["mailman"].outbox) == 3
    assert len(_audit(app, "member.invite")) == 3


# Who invited, as the member's page says it ------------------------------------------------------

def _invite_as(client, member_id) -> str:
    client.post(f"/membres/{member_id}/invitation")
    return words(client.get(f"/membres/{member_id}"))


def test_the_page_names_the_inviter_by_their_roster_record_never_their_login(
        app, client, organiser, make_member, outbox):
    make_member(first_name="Camille", last_name="Martin", email="camille@example.org",
                user_id=organiser.id)
    member_id = make_member(email="nadia@example.org")
    page = _invite_as(client, member_id)
    assert f"invité·e le {dates.today():%d/%m/%Y} par Camille Martin" in page
    assert "orga@example.org" not in page


def test_an_inviter_whose_record_was_anonymised_is_named_by_role(app, client, organiser, make_member,
                                                                 outbox):
    from council.database import utcnow

    make_member(first_name="Ancien·ne membre", last_name="n° 1", user_id=organiser.id,
                anonymised_at=utcnow())
    page = _invite_as(client, make_member(email="nadia@example.org"))
    assert "par un·e organisateur·rice" in page and "Ancien·ne membre" not in page


def test_an_admin_without_a_record_is_named_by_role(app, client, login_as, make_member, outbox):
    login_as("admin", email="admin@example.org")
    page = _invite_as(client, make_member(email="nadia@example.org"))
    assert "par un·e administrateur·rice" in page and "admin@example.org" not in page
