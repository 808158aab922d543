"""Observation and avis journeys in the browser, axe-checked on every page."""

from council.auth.models import Role
from council.extensions import db
from council.opinions import services as opinion_services
from council.opinions.models import Opinion
from council.opinions.voting import AdoptionRule, VoteCount
from tests.conftest import PASSWORD
from tests.participation_factories import make_observation, make_opinion


def _sign_in(page, email):
    page.goto("/connexion")
    page.page.get_by_label("Adresse e-mail").fill(email)
    page.page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.page.get_by_role("button", name="Se connecter").click()
    page.check()


def _sign_out(page):
    page.page.get_by_role("button", name="Se déconnecter").click()
    page.check()


def test_resident_sends_from_a_phone_with_a_mistake_then_an_organiser_accepts(phone_page, page, make_user):
    phone = phone_page.page
    phone_page.goto("/")
    phone.get_by_role("link", name="Faire une observation").click()
    phone_page.check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_label("Un problème à signaler (dysfonctionnement)").check()
    phone.get_by_label("Les Provinces").check()
    phone.get_by_label("Racontez-nous").fill("Les jeux du square sont cassés, un enfant s'est coupé.")
    phone.get_by_label("Où exactement ?").fill("Square des Provinces")
    phone.get_by_label("Votre téléphone ou votre e-mail (facultatif)").fill("06 45 18 92 37")
    phone.get_by_role("button", name="Envoyer mon observation").click()
    phone_page.check()
    summary = phone.locator(".error-summary").inner_text()
    assert "Cochez cette case pour que nous gardions votre contact" in summary
    assert phone.get_by_label("Racontez-nous").input_value().startswith("Les jeux du square")
    phone.get_by_label("J'accepte que le conseil citoyen garde mon nom et mon contact").check()
    phone.get_by_role("button", name="Envoyer mon observation").click()
    phone_page.check()
    assert phone.locator("h1").inner_text() == "Merci pour votre observation"

    organiser = make_user(role=Role.ORGANISER)
    _sign_in(page, organiser.email)
    page.page.get_by_role("link", name="Observations", exact=True).click()
    page.check()
    page.page.get_by_role("link", name="À modérer (1)").click()
    page.check()
    page.page.get_by_role("link", name="Observation n° 1").click()
    page.check()
    page.page.get_by_label("Volet du contrat de ville").select_option(
        label="Cadre de vie et rénovation urbaine")
    page.page.get_by_role("button", name="Accepter").click()
    page.check()
    assert "nouvelle" in page.page.locator("h1").inner_text()
    page.page.get_by_role("link", name="voir son nom et son contact").click()
    page.check()
    assert "06 45 18 92 37" in page.page.locator("main").inner_text()


def test_member_logs_an_observation_then_filters_the_list(page, make_user, app):
    member = make_user(role=Role.MEMBER)
    _sign_in(page, member.email)
    page.goto("/observations/ajouter")
    p = page.page
    p.get_by_label("Une idée pour le quartier").check()
    p.get_by_label("Saint-Michel – Vallée d'Auge").check()
    p.get_by_label("Cohésion sociale").check()
    p.get_by_label("Jeunesse").check()
    p.get_by_label("Description").fill("Une aide aux devoirs le mercredi à la Maison du Citoyen.")
    p.get_by_label("Un·e habitant·e qui accepte de laisser son nom et son contact").check()
    p.get_by_label("Nom de l'habitant·e").fill("Samir Haddad")
    p.get_by_label("Téléphone ou e-mail de l'habitant·e").fill("06 71 22 48 90")
    p.get_by_role("button", name="Enregistrer l'observation").click()
    page.check()
    assert "Cochez cette case seulement si" in p.locator(".error-summary").inner_text()
    p.get_by_label("L'habitant·e a donné son accord").check()
    p.get_by_role("button", name="Enregistrer l'observation").click()
    page.check()
    assert "Observation n° 1 enregistrée." in p.locator(".flashes").inner_text()
    p.get_by_role("link", name="Observations", exact=True).first.click()
    page.check()
    p.get_by_label("Rechercher").fill("devoirs")
    p.get_by_label("Type").select_option("idea")
    p.get_by_role("button", name="Filtrer").click()
    page.check()
    assert "1 observation" in p.get_by_role("status").inner_text()


def test_member_drafts_an_avis_linked_to_two_observations(page, make_user, app):
    member = make_user(role=Role.MEMBER)
    first, second = make_observation(app, member.id), make_observation(app, member.id)
    _sign_in(page, member.email)
    page.page.get_by_role("link", name="Avis", exact=True).click()
    page.check()
    page.page.get_by_role("link", name="Rédiger un avis").click()
    page.check()
    p = page.page
    p.get_by_label("Avis", exact=True).check()
    p.get_by_label("Titre").fill("Rénover les jeux du square des Provinces")
    p.get_by_label("Projet concerné").fill("Rénovation des espaces extérieurs")
    p.get_by_label("Un partenaire du contrat de ville").check()
    p.get_by_label("Cadre de vie et rénovation urbaine").check()
    p.get_by_label("Observations liées (facultatif)").fill(f"{first}, {second}")
    p.get_by_label("Texte").fill("Le conseil demande la rénovation des jeux avant l'été.")
    p.get_by_role("button", name="Enregistrer le brouillon").click()
    page.check()
    assert "Choisissez le partenaire" in p.locator(".error-summary").inner_text()
    p.get_by_label("Destinataire").select_option(label="Orne Habitat (bailleur social)")
    p.get_by_role("button", name="Enregistrer le brouillon").click()
    page.check()
    assert p.locator("h1").inner_text() == "Rénover les jeux du square des Provinces"
    assert p.get_by_role("link", name=f"Observation n° {first}").is_visible()
    assert p.get_by_role("link", name=f"Observation n° {second}").is_visible()


def test_visitor_reads_an_adopted_avis_that_prints_on_a4(page, make_user, app):
    organiser = make_user(role=Role.ORGANISER)
    opinion_id = make_opinion(app, organiser.id, title="Soutenir le café des parents")
    with app.app_context():
        opinion = db.session.get(Opinion, opinion_id)
        opinion.status = opinion.status.__class__("on_agenda")
        opinion_services.record_vote(opinion, organiser, present=12, required=8, text="Le conseil soutient.",
                                     dissent="Deux membres demandent un autre horaire.",
                                     rule=AdoptionRule.MORE_FOR_THAN_AGAINST, count=VoteCount(8, 2, 2))
        db.session.commit()
    page.goto("/avis")
    page.page.get_by_role("link", name="Soutenir le café des parents").click()
    page.check()
    main = page.page.locator("main").inner_text()
    assert "8 pour, 2 contre, 2 abstentions" in main and "Deux membres demandent" in main
    assert page.page.get_by_role("button", name="Imprimer").is_visible()
    page.page.emulate_media(media="print")
    assert not page.page.get_by_role("button", name="Imprimer").is_visible()
    assert not page.page.locator(".site-header nav").is_visible()
    columns = page.page.evaluate(
        "getComputedStyle(document.querySelector('.positions')).gridTemplateColumns.split(' ').length")
    assert columns == 2
