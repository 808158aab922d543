"""Bringing an existing council's members in (issue 14), in a real browser with axe on every page:
an organiser adds a co-opted member who lives outside the neighbourhoods (the warning, then the
council's reason), invites every member of the roster without an account, and the new member
activates from the e-mail and lands signed in on their own page."""

import re

from council.auth.models import Role
from tests.fixtures.applications import years_ago

ACTIVATION = re.compile(r"https?://[^/\s]+(/compte/activation/\S+)")


def group(p, name):
    return p.get_by_role("group", name=re.compile(name))


def test_an_organiser_adds_a_member_by_hand_invites_the_roster_and_the_member_activates(
        page, app, make_user, make_member, outbox):
    make_user(role=Role.ORGANISER, email="organisatrice@example.org")
    make_member(email="deja.la@example.org", first_name="Lucie", last_name="Aubert")
    p = page.page
    page.sign_in("organisatrice@example.org")
    page.goto("/membres")
    p.get_by_role("link", name="Ajouter un membre").click()
    page.check()

    group(p, "Mode d'entrée").get_by_label("Cooptation").check()
    p.get_by_label("Prénom").fill("Karim")
    p.get_by_label("Nom", exact=True).fill("Benali")
    p.get_by_label("Adresse e-mail").fill("karim.benali@example.org")
    p.get_by_label("Date de naissance").fill(years_ago(40).strftime("%d/%m/%Y"))
    group(p, "Collège").get_by_label("Collège des habitants").check()
    group(p, "Quartier").get_by_label("Un autre quartier").check()
    group(p, "La personne est-elle élue").get_by_label("Non").check()
    p.get_by_role("button", name="Ajouter le membre").click()
    page.check()
    assert "Erreur" in p.title()
    assert "N'habite pas un quartier prioritaire" in p.locator(".notice").inner_text()
    assert p.get_by_label("Prénom").input_value() == "Karim"  # what was typed stays
    p.get_by_label("Raison retenue par le conseil").fill(
        "Coopté pour son engagement auprès des jeunes des Provinces.")
    p.get_by_role("button", name="Ajouter le membre").click()
    page.check()
    assert "Karim Benali est ajouté·e à la liste des membres (cooptation)" in p.locator(
        ".flashes").inner_text()
    facts = p.locator("dl.facts").inner_text()
    assert "Cooptation" in facts and "engagement auprès des jeunes" in facts

    p.get_by_role("link", name="← Liste des membres").click()
    page.check()
    p.get_by_role("button", name="Inviter les 2 membres sans compte de cette sélection").click()
    page.check()
    p.get_by_role("button", name="Confirmer : inviter 2 membres").click()
    page.check()
    assert "2 invitations envoyées." in p.locator("main").inner_text()
    page.sign_out()

    mail = next(m for m in outbox if m.to == ["karim.benali@example.org"])
    page.goto(ACTIVATION.search(mail.body).group(1))
    p.get_by_label("Nouveau mot de passe").fill("mon quartier, ma voix")
    p.get_by_label("Confirmez le mot de passe").fill("mon quartier, ma voix")
    p.get_by_role("button", name="Enregistrer mon mot de passe").click()
    page.check()
    assert "Vous êtes connecté·e." in p.locator(".flashes").inner_text()
    assert p.url.endswith("/profil")
    assert p.get_by_role("button", name="Se déconnecter").is_visible()


def test_the_member_forms_ask_gender_and_address_of_residents_only(page, app, make_user, make_member):
    """On the add-by-hand and edit forms, gender and address show with the habitants college and
    hide with the local actors' (said aloud), axe clean in both states; nothing is kept of them
    for a local actor."""
    from sqlalchemy import select

    from council.eligibility import College
    from council.extensions import db
    from council.membership.models import Member

    make_user(role=Role.ORGANISER, email="organisatrice@example.org")
    member_id = make_member(first_name="Zoé", last_name="Lefèvre")  # a resident, gender and address
    p = page.page
    page.sign_in("organisatrice@example.org")
    page.goto("/membres/ajouter")
    gender, address = group(p, "^Genre"), p.get_by_label("Adresse", exact=True)
    assert gender.is_visible() and address.is_visible()  # no college chosen yet
    group(p, "^Collège").get_by_label("Collège des acteurs locaux").check()
    assert gender.is_hidden() and address.is_hidden()
    assert "sont masquées" in p.locator("#college-questions-status").inner_text()
    page.check()
    group(p, "^Collège").get_by_label("Collège des habitants").check()
    assert gender.is_visible() and address.is_visible()
    assert "sont affichées" in p.locator("#college-questions-status").inner_text()
    page.check()

    page.goto(f"/membres/{member_id}/modifier")
    gender, address = group(p, "^Genre"), p.get_by_label("Adresse", exact=True)
    assert gender.is_visible() and address.input_value() == "1 rue de Provence, 61200 Argentan"
    group(p, "^Collège").get_by_label("Collège des acteurs locaux").check()
    assert gender.is_hidden() and address.is_hidden()
    page.check()
    group(p, "Activité").get_by_label("Artisan").check()
    p.get_by_role("button", name="Enregistrer").click()
    page.check()
    assert "La fiche est enregistrée." in p.locator(".flashes").inner_text()
    with app.app_context():
        member = db.session.scalar(select(Member).where(Member.id == member_id))
        assert member.college is College.LOCAL_ACTOR
        assert member.gender is None and member.address is None  # hidden, posted, not kept
