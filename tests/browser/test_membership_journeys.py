"""Membership journeys in a real browser, with axe on every page: applying (eligible or not),
review, activation, the roster, departures and substitutes, exports, and the member's profile."""

import csv
import io
import re
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from council.auth.models import Role
from council.eligibility import College
from council.extensions import db
from council.membership.models import Application, Gender, Member, MemberStatus, RefusalCount
from tests.conftest import PASSWORD
from tests.fixtures.applications import years_ago

ACTIVATION = re.compile(r"https?://[^/\s]+(/compte/activation/\S+)")


def nav(page, label):
    page.page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name=label, exact=True).click()
    page.check()


def fill_identity(p, first, last, birth: date, email, home="Les Provinces"):
    """The questions every applicant answers; ``home=None``: a local actor, not asked it."""
    p.get_by_label("Prénom").fill(first)
    p.get_by_label("Nom", exact=True).fill(last)
    p.get_by_label("Date de naissance").fill(birth.isoformat())
    p.get_by_label("Adresse e-mail").fill(email)
    if home is not None:
        p.get_by_role("group", name=re.compile("Le quartier où vous habitez")).get_by_label(home).check()
        p.get_by_label("Adresse", exact=True).fill("12 rue de Bretagne, 61200 Argentan")
    p.get_by_label("Non, je n'exerce aucune de ces fonctions").check()
    p.get_by_label("J'ai lu comment mes données sont utilisées").check()


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_young_resident_applies_is_accepted_activates_and_appears_on_the_roster(
        page, app, make_user, outbox):
    """The issue's "Done when" journey."""
    make_user(role=Role.ORGANISER, email="organisatrice@example.org")
    p = page.page
    page.goto("/")
    nav(page, "Candidater")
    p.get_by_label("Collège des habitants").check()
    fill_identity(p, "Inès", "Lefebvre", years_ago(17, days=40), "ines.lefebvre@example.org")
    p.get_by_label("Femme").check()
    p.get_by_role("button", name="Envoyer ma candidature").click()
    page.check()
    assert p.locator("h1").inner_text() == "Merci, votre candidature est envoyée"
    reference = p.locator(".reference").inner_text()
    assert re.fullmatch(r"C-[A-Z2-9]{6}", reference)
    assert reference in outbox[0].body

    page.sign_in("organisatrice@example.org")
    nav(page, "Candidatures")
    p.get_by_role("link", name=reference).click()
    page.check()
    assert "La candidature remplit toujours les conditions" in p.locator("main").inner_text()
    p.get_by_role("button", name="Accepter").click()
    page.check()
    assert "Inès Lefebvre est désormais membre du conseil" in p.locator(".flashes").inner_text()
    page.sign_out()

    path = ACTIVATION.search(outbox[-1].body).group(1)
    page.goto(path)
    p.get_by_label("Nouveau mot de passe").fill("mon quartier, ma voix")
    p.get_by_label("Confirmez le mot de passe").fill("mon quartier, ma voix")
    p.get_by_role("button", name="Enregistrer mon mot de passe").click()
    page.check()
    assert "Votre mot de passe est enregistré. Vous êtes connecté·e." in p.locator(".flashes").inner_text()
    page.sign_out()

    page.sign_in("ines.lefebvre@example.org", "mon quartier, ma voix")
    nav(page, "Membres")
    row = p.get_by_role("row", name=re.compile("Inès Lefebvre"))
    assert row.inner_text().split("\t") == ["Inès", "Lefebvre", "habitants"]


def test_an_ineligible_applicant_sees_both_reasons_and_nothing_is_stored(page, app, outbox):
    """The other half of "Done when": 15 years old, from another neighbourhood."""
    p = page.page
    page.goto("/candidature")
    p.get_by_label("Collège des habitants").check()
    fill_identity(p, "Théo", "Girard", years_ago(15, days=10), "theo.girard@example.org",
                  home="Un autre quartier")
    p.get_by_role("button", name="Envoyer ma candidature").click()
    page.check()
    refusal = p.get_by_role("alert").inner_text()
    assert "Votre candidature ne peut pas être retenue" in refusal
    assert "Vous n'avez pas encore l'âge minimum" in refusal
    assert "Vous n'habitez pas dans l'un des quartiers prioritaires" in refusal
    assert p.get_by_label("Prénom").input_value() == "Théo"  # nothing lost in the page
    assert count(app, Application) == 0 and count(app, Member) == 0 and outbox == []
    with app.app_context():
        assert db.session.scalar(select(func.sum(RefusalCount.count))) == 2


def test_on_a_phone_a_local_actor_corrects_mistakes_and_applies(phone_page, app):
    page, p = phone_page, phone_page.page
    page.goto("/candidature")
    actor_questions = p.locator("#actor-fields")
    p.get_by_label("Collège des habitants").check()
    assert actor_questions.is_hidden()  # asked of residents only if they have an activity
    also = p.get_by_role("group", name="Avez-vous aussi une activité dans le quartier ?")
    also.get_by_label(re.compile("^Oui")).check()
    assert actor_questions.is_visible()
    also.get_by_label("Non").check()
    assert actor_questions.is_hidden()
    home = p.get_by_role("group", name=re.compile("Le quartier où vous habitez"))
    gender = p.get_by_role("group", name="Genre")
    assert home.is_visible() and gender.is_visible()
    p.get_by_label("Collège des acteurs locaux").check()
    assert actor_questions.is_visible() and also.is_hidden()
    # only residents are asked their gender (parity) and where they live
    assert home.is_hidden() and gender.is_hidden() and p.get_by_label("Adresse", exact=True).is_hidden()
    assert "Les questions réservées au collège des habitants sont masquées" in p.locator(
        "#college-questions-status").inner_text()
    p.get_by_role("button", name="Envoyer ma candidature").click()
    page.check()
    summary = p.locator(".error-summary")
    assert "Indiquez votre prénom." in summary.inner_text()
    assert "Indiquez votre activité." in summary.inner_text()
    summary.get_by_role("link", name=re.compile("^Prénom")).click()
    assert p.evaluate("document.activeElement.id") == "first_name"
    assert "Indiquez votre adresse." not in summary.inner_text()  # not asked of a local actor
    fill_identity(p, "Karim", "Benali", date(1979, 4, 2), "karim@example.org", home=None)
    p.get_by_label("Commerçant·e").check()
    p.get_by_label("Nom de votre association").fill("Boulangerie du Marché")
    p.get_by_role("group", name=re.compile("Le quartier de votre activité")).get_by_label(
        "Saint-Michel – Vallée d'Auge").check()
    p.get_by_role("button", name="Envoyer ma candidature").click()
    page.check()
    assert "Votre référence" in p.locator("main").inner_text()
    assert p.evaluate("document.documentElement.scrollWidth") <= 360
    with app.app_context():
        stored = db.session.scalar(select(Application))
        assert stored.college is College.LOCAL_ACTOR
        assert stored.address is None and stored.gender is None and stored.home_neighbourhood_id is None


def _member(app, **values):
    from council.reference.models import Neighbourhood

    with app.app_context():
        provinces = db.session.scalar(select(Neighbourhood).where(Neighbourhood.slug == "les-provinces"))
        member = Member(joined_on=date(2025, 1, 15), neighbourhood=provinces, **values)
        db.session.add(member)
        db.session.commit()
        return member.id


def test_an_organiser_reviews_keeps_substitutes_records_a_departure_and_promotes(
        page, app, make_user, make_application, outbox):  # noqa: F811  (the imported fixture)
    make_user(role=Role.ORGANISER, email="orga@example.org")
    leaving = _member(app, first_name="Hugo", last_name="Bernard", email="hugo@example.org",
                      college=College.RESIDENT, gender=Gender.MALE)
    _member(app, first_name="Zoé", last_name="Lefèvre", college=College.RESIDENT, gender=Gender.FEMALE)
    waiting = make_application(first_name="Sarah", last_name="Cohen")
    refused = make_application(first_name="Bruno", last_name="Faux")
    p = page.page
    page.sign_in("orga@example.org")
    nav(page, "Candidatures")
    p.get_by_role("row", name=re.compile("Sarah Cohen")).get_by_role("link").click()
    page.check()
    p.get_by_role("button", name="Inscrire sur la liste des suppléant·es").click()
    page.check()
    p.get_by_role("row", name=re.compile("Bruno Faux")).get_by_role("link").click()
    page.check()
    p.get_by_role("button", name="Refuser").click()  # without a reason first
    page.check()
    assert "Indiquez le motif du refus" in p.locator(".error-summary").inner_text()
    p.get_by_label(re.compile("Motif du refus")).fill("Vous habitez hors du quartier.")
    p.get_by_role("button", name="Refuser").click()
    page.check()
    assert "Vous habitez hors du quartier." in outbox[-1].body

    p.get_by_role("link", name="Liste des suppléant·es").click()
    page.check()
    assert "Sarah Cohen" in p.locator("main").inner_text()
    p.get_by_role("link", name="Sarah Cohen").click()
    page.check()
    kept = p.locator("main").inner_text()  # decided: the birth date gave way to the statement
    assert "avait l'âge minimum (16 ans) le" in kept and "1990" not in kept
    page.goto(f"/membres/{leaving}")
    p.get_by_label("Déménagement").check()
    p.get_by_label("Précisions (facultatif)").fill("Parti à Caen")
    p.get_by_role("button", name="Enregistrer le départ").click()
    page.check()
    assert p.locator("h1").inner_text() == "Remplacer Hugo Bernard"
    p.get_by_role("button", name="Promouvoir Sarah Cohen membre").click()
    page.check()
    assert "Sarah Cohen est désormais membre du conseil (suppléant·e promu·e)" in p.locator(
        ".flashes").inner_text()
    p.get_by_role("link", name="← Liste des membres").click()
    page.check()
    p.get_by_role("link", name="Composition du conseil").click()
    page.check()
    assert "Le conseil compte 2 membres actifs" in p.locator("main").inner_text()
    with app.app_context():
        assert db.session.get(Member, leaving).status is MemberStatus.MOVED_OUT
        assert db.session.get(Application, waiting).member.first_name == "Sarah"
        assert db.session.get(Application, refused).rejection_reason == "Vous habitez hors du quartier."


def test_an_organiser_searches_exports_and_prints_the_roster(page, app, make_user):
    make_user(role=Role.ORGANISER, email="orga@example.org")
    _member(app, first_name="Zoé", last_name="Lefèvre", email="zoe@example.org", college=College.RESIDENT)
    _member(app, first_name="Karim", last_name="Benali", email="karim@example.org",
            college=College.LOCAL_ACTOR, structure_name="Boulangerie du Marché")
    p = page.page
    page.sign_in("orga@example.org")
    nav(page, "Membres")
    p.get_by_label("Collège").select_option("local_actor")
    p.get_by_role("button", name="Filtrer").click()
    page.check()
    assert "Benali" in p.locator("table").inner_text() and "Lefèvre" not in p.locator("table").inner_text()
    p.get_by_label("Rechercher").fill("zoe@example.org")  # a search never lands in the address
    p.get_by_label("Collège").select_option("")
    p.get_by_role("button", name="Filtrer").click()
    page.check()
    assert "Lefèvre" in p.locator("table").inner_text() and "Benali" not in p.locator("table").inner_text()
    assert "zoe" not in p.url
    p.get_by_label("Rechercher").fill("")
    p.get_by_label("Collège").select_option("local_actor")
    p.get_by_role("button", name="Filtrer").click()
    page.check()
    with p.expect_download() as download_info:
        p.get_by_role("button", name="Exporter en CSV (tableur)").click()
    content = Path(download_info.value.path()).read_bytes()
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [(r["Nom"], r["Structure"], r["Date d'entrée"]) for r in rows] == [
        ("Benali", "Boulangerie du Marché", "15/01/2025")]
    p.get_by_role("link", name="Liste à imprimer pour la préfecture").click()
    page.check()
    assert "LEFÈVRE" in p.locator("main").inner_text()
    p.emulate_media(media="print")
    assert p.get_by_role("button", name="Imprimer").is_hidden()
    assert p.locator(".site-footer").is_hidden()


def test_a_member_updates_contact_details_changes_password_and_resigns(page, app, make_user):
    user = make_user(email="sofia@example.org")
    _member(app, first_name="Sofia", last_name="Rossi", email="sofia@example.org",
            college=College.RESIDENT, user_id=user.id)
    p = page.page
    page.sign_in("sofia@example.org")
    nav(page, "Mon profil")
    p.get_by_label("Téléphone").fill("pas un numéro")
    p.get_by_role("button", name="Enregistrer mes coordonnées").click()
    page.check()
    assert "Indiquez un numéro de téléphone" in p.locator(".error-summary").inner_text()
    p.get_by_label("Téléphone").fill("07 12 34 56 78")
    p.get_by_role("button", name="Enregistrer mes coordonnées").click()
    page.check()
    assert p.get_by_label("Téléphone").input_value() == "07 12 34 56 78"
    p.get_by_label("Mot de passe actuel").fill(PASSWORD)
    p.get_by_label("Nouveau mot de passe").fill("une autre phrase secrète")
    p.get_by_label("Confirmez le mot de passe").fill("une autre phrase secrète")
    p.get_by_role("button", name="Changer mon mot de passe").click()
    page.check()
    assert "Votre mot de passe est changé." in p.locator(".flashes").inner_text()
    p.get_by_role("link", name="Démissionner du conseil citoyen").click()
    page.check()
    p.get_by_label("Je confirme que je quitte le conseil citoyen.").check()
    p.get_by_role("button", name="Je démissionne").click()
    page.check()
    assert "Votre démission est enregistrée." in p.locator(".flashes").inner_text()
    assert p.get_by_role("link", name="Connexion").is_visible()


def test_an_application_too_large_to_send_stays_on_the_form_with_what_was_typed(page, app):
    app.config["MAX_CONTENT_LENGTH"] = 1500  # the motivation (2 000 characters at most) fills it
    p = page.page
    page.goto("/candidature")
    p.get_by_label("Prénom").fill("Inès")
    long_text = "Je veux améliorer le quartier. " * 60
    p.get_by_label("Pourquoi souhaitez-vous rejoindre").fill(long_text)
    p.get_by_role("button", name="Envoyer ma candidature").click()
    warning = p.locator("#size-error")
    assert warning.is_visible() and "trop longue" in warning.inner_text()
    assert p.evaluate("document.activeElement.id") == "size-error"
    assert p.get_by_label("Prénom").input_value() == "Inès"  # nothing was sent, nothing lost
    assert p.get_by_label("Pourquoi souhaitez-vous rejoindre").input_value() == long_text
    p.get_by_label("Pourquoi souhaitez-vous rejoindre").fill("Court.")
    p.get_by_role("button", name="Envoyer ma candidature").click()
    page.check()
    assert p.locator(".error-summary").is_visible()  # sent: the server's own field errors
    assert warning.count() == 1
