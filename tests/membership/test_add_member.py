"""An organiser adds a member by hand (issue 14): the join method recorded, eligibility as a
warning overridden with the council's reason, duplicates refused beside the e-mail, what was typed
kept, nothing half-saved, and never an account touched (identity rule 2)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from council.audit.models import AuditEntry
from council.auth.models import Role, User
from council.extensions import db
from council.membership import admission
from council.membership.forms import DATE_INVALID
from council.membership.models import Gender, JoinMethod, Member, MemberStatus
from tests.fixtures.applications import years_ago
from tests.fixtures.text import page_text


def words(page) -> str:
    """What a page says: its text without tags, each run of spaces made one."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(page)).split())


def add_form(**overrides) -> dict:
    """A 30-year-old resident of Les Provinces, co-opted."""
    return {
        "join_method": "cooptation", "first_name": "Karim", "last_name": "Benali",
        "email": "karim.benali@example.org", "phone": "06 12 34 56 78",
        "address": "3 rue de Provence, 61200 Argentan",
        "birth_date": years_ago(30).strftime("%d/%m/%Y"), "gender": "male",
        "college": "resident", "neighbourhood": "les-provinces", "incompatible_office": "non",
        "joined_on": "01/12/2026", **overrides,
    }


def _members(app) -> list[Member]:
    with app.app_context():
        return list(db.session.scalars(select(Member).order_by(Member.id)))


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def organiser(login_as):
    return login_as("organiser", email="orga@example.org")


def test_an_eligible_co_opted_member_is_added_without_account(app, client, organiser):
    response = client.post("/membres/ajouter", data=add_form())
    assert response.status_code == 302
    [member] = _members(app)
    assert response.headers["Location"] == f"/membres/{member.id}"
    assert (member.join_method, member.user_id, member.eligibility_override_reason) == (
        JoinMethod.COOPTATION, None, None)
    assert member.email == "karim.benali@example.org" and member.status is MemberStatus.ACTIVE
    assert member.joined_on == date(2026, 12, 1) and member.mandate_ends_on == date(2028, 12, 1)
    assert _count(app, User) == 1  # the organiser's: adding creates no account
    text = words(client.get(response.headers["Location"]))
    assert "Mode d'entrée Cooptation" in text
    assert "Admission malgré les conditions" not in text
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "member.add"))
        assert (entry.actor_id, entry.target_id, entry.note) == (organiser.id, member.id, "cooptation")


def test_the_birth_date_is_checked_but_never_stored(app, client, organiser):
    client.post("/membres/ajouter", data=add_form())
    assert not hasattr(Member, "birth_date")


@pytest.mark.parametrize(("method", "expected"), [
    ("lot", JoinMethod.LOT), ("designation", JoinMethod.DESIGNATION),
    ("application", JoinMethod.APPLICATION)])
def test_every_join_method_is_recorded(app, client, organiser, method, expected):
    assert client.post("/membres/ajouter", data=add_form(join_method=method)).status_code == 302
    assert _members(app)[0].join_method is expected


def test_an_ineligible_person_is_a_warning_the_council_overrides_with_a_reason(
        app, client, organiser, login_as):
    form = add_form(neighbourhood="autre", birth_date=years_ago(15).strftime("%d/%m/%Y"),
                    join_method="designation")
    response = client.post("/membres/ajouter", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    text = words(html)
    assert "Conditions d'éligibilité non remplies" in text
    assert "Âge inférieur au minimum" in text and "N'habite pas un quartier prioritaire" in text
    assert admission.OVERRIDE_NEEDED in text
    assert 'id="override_reason-error"' in html and 'aria-invalid="true"' in html
    assert 'value="Karim"' in html and 'value="karim.benali@example.org"' in html  # kept
    assert re.search(r'<input checked[^>]*value="designation"', html)
    assert _members(app) == []  # nothing half-saved

    reason = "Désigné par l'association des locataires, qui agit dans les deux quartiers."
    response = client.post("/membres/ajouter", data={**form, "override_reason": reason})
    assert response.status_code == 302
    [member] = _members(app)
    assert member.eligibility_override_reason == reason and member.join_method is JoinMethod.DESIGNATION
    text = words(client.get(f"/membres/{member.id}"))
    assert ("Admission malgré les conditions Âge inférieur au minimum, n'habite pas un quartier "
            "prioritaire. Raison retenue par le conseil : " + reason) in text
    client.post("/deconnexion")
    login_as("admin")
    journal = words(client.get("/admin/journal"))
    assert "Membre ajouté·e à la main" in journal
    assert ("désignation ; conditions levées : âge inférieur au minimum, n'habite pas un quartier "
            "prioritaire") in journal
    assert reason not in journal  # the free text stays on the record, never in the journal


def test_a_reason_typed_for_an_eligible_person_is_not_kept(app, client, organiser):
    client.post("/membres/ajouter", data=add_form(override_reason="Par précaution"))
    assert _members(app)[0].eligibility_override_reason is None


def test_a_local_actor_is_checked_on_the_activity(app, client, organiser):
    form = add_form(college="local_actor", actor_category="other", structure_name="Salarié")
    html = client.post("/membres/ajouter", data=form).get_data(as_text=True)
    assert "Activité non reconnue comme acteur local" in words(html)
    form.update(actor_category="shopkeeper", structure_name="Épicerie du quartier")
    assert client.post("/membres/ajouter", data=form).status_code == 302
    with app.app_context():
        member = db.session.scalar(select(Member))
        assert member.neighbourhood.slug == "les-provinces"
        assert member.structure_name == "Épicerie du quartier"


@pytest.mark.parametrize("typed", ["KARIM.Benali@example.org", " karim.benali@example.org "])
def test_an_address_already_on_the_roster_is_refused_beside_the_field(
        app, client, organiser, make_member, typed):
    make_member(email="karim.benali@example.org")
    response = client.post("/membres/ajouter", data=add_form(email=typed))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<p class="error" id="email-error">{admission.DUPLICATE_MEMBER}' in html.replace("&#39;", "'")
    assert len(_members(app)) == 1


def test_the_duplicate_and_the_missing_reason_are_said_together(app, client, organiser, make_member):
    make_member(email="karim.benali@example.org")
    html = client.post("/membres/ajouter", data=add_form(neighbourhood="autre")).get_data(as_text=True)
    assert 'id="email-error"' in html and 'id="override_reason-error"' in html
    assert "Le formulaire contient 2 erreurs" in words(html)


def test_the_address_of_a_member_who_left_may_join_again(app, client, organiser, make_member):
    make_member(email="karim.benali@example.org", status=MemberStatus.RESIGNED)
    assert client.post("/membres/ajouter", data=add_form()).status_code == 302


def test_a_member_without_email_can_be_added(app, client, organiser):
    assert client.post("/membres/ajouter", data=add_form(email="")).status_code == 302
    assert _members(app)[0].email is None


@pytest.mark.parametrize(("field", "value", "message"), [
    ("birth_date", "31/02/2000", DATE_INVALID),
    ("birth_date", "", "Indiquez la date de naissance."),
    ("join_method", "", "Indiquez comment la personne entre au conseil."),
    ("join_method", "parachutage", "Choisissez l'une des options proposées."),
    ("incompatible_office", "", "Répondez à cette question."),
    ("first_name", "", "Indiquez le prénom."),
    ("email", "pas-une-adresse", None),
])
def test_mistakes_are_said_beside_their_field_and_nothing_is_stored(
        app, client, organiser, field, value, message):
    response = client.post("/membres/ajouter", data=add_form(**{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html
    if message:
        assert message in html.replace("&#39;", "'")
    assert 'value="Benali"' in html or field == "last_name"
    assert _members(app) == []


def test_an_empty_form_is_answered_in_french(client, organiser):
    response = client.post("/membres/ajouter", data={})
    assert response.status_code == 200 and "Erreur" in page_text(response)


def test_the_form_starts_with_today_as_the_day_of_entry(client, organiser):
    from council import dates

    html = client.get("/membres/ajouter").get_data(as_text=True)
    assert dates.today().strftime("%d/%m/%Y") in html or dates.today().isoformat() in html


# Identity rule 2: the address of an admin typed into the form ----------------------------------

def _state(app, user_id):
    with app.app_context():
        user = db.session.get(User, user_id)
        return user.email, user.role, user.password_hash, user.active, user.session_token


def test_an_admins_address_never_selects_nor_changes_that_account(
        app, client, make_user, organiser, outbox):
    admin = make_user(role=Role.ADMIN, email="admin.conseil@example.org")
    before = _state(app, admin.id)
    response = client.post("/membres/ajouter", data=add_form(email="Admin.Conseil@example.org"))
    assert response.status_code == 302
    [member] = _members(app)
    assert member.user_id is None and member.email == "admin.conseil@example.org"
    assert _state(app, admin.id) == before
    # Inviting that record is the second step of the attack: refused, the organiser is told
    html = client.post(f"/membres/{member.id}/invitation", follow_redirects=True).get_data(as_text=True)
    assert "l'adresse est déjà celle d'un compte du site" in words(html)
    assert _members(app)[0].user_id is None and _members(app)[0].invited_at is None
    assert _state(app, admin.id) == before
    assert outbox == []  # no link of any kind left for that mailbox


def test_a_composition_warning_the_addition_brings_is_told(app, client, organiser, make_member):
    """Parity in the habitants college (a gap of 2 at most): two men, then a third."""
    for _ in range(2):
        make_member(gender=Gender.MALE)
    response = client.post("/membres/ajouter", data=add_form(gender="male"), follow_redirects=True)
    text = words(response)
    assert "Composition du conseil : Parité" in text and "Il manque des femmes" in text
    assert "Karim Benali est ajouté·e" in text  # told, not refused


def test_left_members_are_not_offered_an_invitation_round(client, organiser, make_member):
    make_member(status=MemberStatus.RESIGNED)
    assert "sans compte de cette sélection" not in words(client.get("/membres?status=left"))
    make_member()
    assert "Inviter le membre sans compte de cette sélection" in words(client.get("/membres?status=all"))


def test_the_same_member_added_twice_at_the_same_instant_is_stored_once(app, make_user):
    """Two organisers (or a double click) add the same address at once: the additions run one
    after the other (an advisory lock on PostgreSQL), the second is refused as a duplicate."""
    from tests.concurrency import at_once
    from tests.conftest import PASSWORD

    clients = [app.test_client(), app.test_client()]
    for n, client in enumerate(clients):
        user = make_user(role=Role.ORGANISER, email=f"orga{n}@example.org")
        assert client.post("/connexion", data={"email": user.email, "password": PASSWORD}
                           ).status_code == 302
    race = at_once(app, [(client, "/membres/ajouter", add_form()) for client in clients])
    assert sorted(o.path for o in race.outcomes)[1] == "/membres/ajouter", race
    assert race.count(admission.DUPLICATE_MEMBER) == 1, race
    assert len(_members(app)) == 1
