"""Observation and avis journeys in the browser, axe-checked on every page."""

from council.auth.models import Role
from council.extensions import db
from council.opinions import services as opinion_services
from council.opinions.models import Opinion
from council.opinions.voting import VoteCount


def test_done_when_an_observation_from_a_phone_to_the_partners_answer(phone_page, page, make_user, app,
                                                                      make_sitting):
    """A resident sends an observation from a phone → an organiser accepts it → a member puts it on
    a meeting's agenda and transmits it to Orne Habitat → the answer is recorded, the observation closed."""
    meeting = make_sitting(days=-2, agenda=("Accueil", "Observations des habitants"))
    phone = phone_page.page
    phone_page.goto("/")
    phone.get_by_role("link", name="Faire une observation").click()
    phone_page.check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.get_by_label("Un problème à signaler (dysfonctionnement)").check()
    phone.get_by_label("Les Provinces").check()
    phone.get_by_label("Racontez-nous").fill("L'ascenseur du bâtiment C est encore en panne.")
    phone.get_by_label("Où exactement ?").fill("Résidence des Provinces, bâtiment C")
    phone.get_by_label("Votre téléphone ou votre e-mail (facultatif)").fill("06 45 18 92 37")
    phone.get_by_role("button", name="Envoyer mon observation").click()
    phone_page.check()
    summary = phone.locator(".error-summary").inner_text()
    assert "Cochez cette case pour que nous gardions votre contact" in summary
    assert "15 ans ou plus" in summary  # the age question comes before a contact is kept
    assert phone.get_by_label("Racontez-nous").input_value().startswith("L'ascenseur du bâtiment C")
    phone.get_by_label("J'ai 15 ans ou plus").check()
    phone.get_by_label("J'accepte que le conseil citoyen garde mon nom et mon contact").check()
    phone.get_by_role("button", name="Envoyer mon observation").click()
    phone_page.check()
    assert phone.locator("h1").inner_text() == "Merci pour votre observation"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    organiser, member = make_user(role=Role.ORGANISER), make_user(role=Role.MEMBER)
    p = page.page
    page.sign_in(organiser.email)
    p.get_by_role("link", name="Observations", exact=True).click()
    page.check()
    p.get_by_role("link", name="À modérer (1)").click()
    page.check()
    p.get_by_role("link", name="Observation n° 1").click()
    page.check()
    p.get_by_label("Volet du contrat de ville").select_option(label="Cadre de vie et rénovation urbaine")
    p.get_by_role("button", name="Accepter").click()
    page.check()
    assert "nouvelle" in p.locator("h1").inner_text()
    page.sign_out()

    page.sign_in(member.email)
    page.goto("/observations")  # the search: the start of a word, without its accents
    for typed, found in (("batiment ascens", 1), ("ascenseur OR tram", 0)):
        p.get_by_label("Rechercher").fill(typed)
        p.get_by_role("button", name="Filtrer").click()
        page.check()
        assert p.get_by_label("Rechercher").input_value() == typed
        assert p.get_by_role("link", name="n° 1", exact=True).count() == found
    page.goto("/observations/1")
    assert not p.get_by_role("link", name="voir son nom et son contact").count()  # not the member's
    p.get_by_label("Point de l'ordre du jour").select_option(index=2)
    p.locator("#schedule-note").fill("À présenter en plénière.")
    p.get_by_role("button", name="Inscrire à l'ordre du jour").click()
    page.check()
    assert "inscrite à l'ordre du jour" in p.locator("h1").inner_text()
    assert "Observations des habitants" in p.locator(".facts").inner_text()
    p.get_by_label("Partenaire", exact=True).select_option(label="Orne Habitat (bailleur social)")
    p.get_by_role("button", name="Transmettre à un partenaire").click()
    page.check()
    assert "transmise à un partenaire" in p.locator("h1").inner_text()
    p.get_by_label("Réponse du partenaire").fill("Le moteur sera remplacé la semaine prochaine.")
    p.get_by_role("button", name="Enregistrer la réponse").click()
    page.check()
    p.get_by_label("Résolue").check()
    p.locator("#close-note").fill("Ascenseur réparé, vérifié sur place.")
    p.get_by_role("button", name="Clore").click()
    page.check()
    assert "close" in p.locator("h1").inner_text()
    history = p.locator(".history").inner_text()
    for step in ("Nouvelle", "Inscrite à l'ordre du jour", "Transmise à un partenaire", "Réponse reçue",
                 "Close", "Transmise à Orne Habitat", "Ascenseur réparé, vérifié sur place."):
        assert step in history, step
    assert meeting["items"]


def test_member_logs_an_observation_then_filters_the_list(page, make_user, app):
    member = make_user(role=Role.MEMBER)
    page.sign_in(member.email)
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
    summary = p.locator(".error-summary").inner_text()
    assert "Cochez cette case seulement si" in summary and "15 ans ou plus" in summary
    p.get_by_label("L'habitant·e m'a dit avoir 15 ans ou plus").check()
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
    assert "devoirs" not in p.url  # the text searched is POSTed, never in the address


def test_done_when_an_avis_from_draft_to_the_public_site(page, make_user, app, make_observation,
                                                         make_sitting):
    """A member drafts an avis linked to two observations → it is voted at a meeting with quorum,
    adopted with a dissent → it appears on /avis for a visitor and can no longer be edited."""
    member, organiser = make_user(role=Role.MEMBER), make_user(role=Role.ORGANISER)
    first, second = make_observation(member.id), make_observation(member.id)
    make_sitting(days=-1, agenda=("Accueil", "Avis sur la rénovation des jeux"), members=10, present=7)
    p = page.page
    page.sign_in(member.email)
    p.get_by_role("link", name="Avis", exact=True).click()
    page.check()
    p.get_by_role("link", name="Rédiger un avis").click()
    page.check()
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
    p.get_by_label("Point de l'ordre du jour").select_option(index=2)
    p.get_by_role("button", name="Inscrire à l'ordre du jour").click()
    page.check()
    opinion_url = p.url
    page.sign_out()

    page.sign_in(organiser.email)
    page.goto(opinion_url.replace(page.base_url, ""))
    p.get_by_role("link", name="Enregistrer le vote").click()
    page.check()
    assert "le quorum est atteint" in p.locator("#quorum").inner_text()
    p.get_by_label("Voix pour", exact=True).fill("5")
    p.get_by_label("Voix contre", exact=True).fill("1")
    p.get_by_label("Abstentions", exact=True).fill("1")
    p.get_by_role("button", name="Enregistrer le vote").click()
    page.check()
    assert "positions divergentes" in p.get_by_role("alert").inner_text()
    p.get_by_label("Positions divergentes").fill("Un membre préfère attendre la fin des travaux de voirie.")
    p.get_by_role("button", name="Enregistrer le vote").click()
    page.check()
    flashes = p.locator(".flashes").inner_text()
    assert "Vote enregistré : avis adopté (5 pour, 1 contre, 1 abstention)" in flashes
    page.sign_out()

    page.goto("/avis")
    p.get_by_role("link", name="Rénover les jeux du square des Provinces").click()
    page.check()
    text = p.locator("main").inner_text()
    for fact in ("Position majoritaire", "Le conseil demande la rénovation des jeux avant l'été.",
                 "Positions divergentes", "Un membre préfère attendre la fin des travaux de voirie.",
                 "5 pour, 1 contre, 1 abstention", "Orne Habitat", "Assemblée plénière"):
        assert fact in text, fact
    page.sign_in(member.email)
    page.goto(opinion_url.replace(page.base_url, ""))
    assert not p.get_by_role("link", name="Modifier le brouillon").count()
    page.goto(opinion_url.replace(page.base_url, "") + "/modifier")
    assert p.locator("h1").inner_text() == "Cet avis ne peut plus être modifié"


def test_visitor_reads_an_adopted_avis_that_prints_on_a4(page, make_user, app, make_opinion, make_sitting):
    organiser = make_user(role=Role.ORGANISER)
    opinion_id = make_opinion(organiser.id, title="Soutenir le café des parents")
    meeting = make_sitting(agenda=("Avis",), members=15, present=12)
    with app.app_context():
        from council.meetings.services.meetings import get_agenda_item

        opinion = db.session.get(Opinion, opinion_id)
        opinion_services.schedule(opinion, get_agenda_item(meeting["items"][0]), organiser)
        opinion_services.record_vote(opinion, organiser, text="Le conseil soutient.",
                                     dissent="Deux membres demandent un autre horaire.",
                                     count=VoteCount(8, 2, 2))
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


def test_organiser_without_quorum_then_each_members_vote(page, make_user, app, make_opinion, make_sitting):
    """No vote without quorum; once the register is complete, each present member's vote."""
    from council.meetings.models import AttendanceStatus, Meeting
    from council.meetings.services.attendance import record_attendance
    from council.membership.models import Member

    organiser = make_user(role=Role.ORGANISER)
    meeting = make_sitting(days=-1, agenda=("Avis",), members=6, present=2)
    opinion_id = make_opinion(organiser.id, title="Un banc devant l'école")
    with app.app_context():
        from council.auth.models import User
        from council.meetings.services.meetings import get_agenda_item

        opinion_services.schedule(db.session.get(Opinion, opinion_id), get_agenda_item(meeting["items"][0]),
                                  db.session.get(User, organiser.id))
        db.session.commit()
    p = page.page
    page.sign_in(organiser.email)
    page.goto(f"/avis/{opinion_id}/vote")
    assert "le quorum n'est pas atteint" in p.locator("#quorum").inner_text()
    p.get_by_label("Voix pour", exact=True).fill("2")
    p.get_by_label("Voix contre", exact=True).fill("0")
    p.get_by_label("Abstentions", exact=True).fill("0")
    p.get_by_role("button", name="Enregistrer le vote").click()
    page.check()
    alert = p.get_by_role("alert").inner_text()
    assert "Le quorum n'est pas atteint : 2 membres présents pour 4 requis." in alert
    assert p.get_by_label("Voix pour", exact=True).input_value() == "2"
    with app.app_context():
        members = db.session.query(Member).order_by(Member.id).all()
        record_attendance(db.session.get(Meeting, meeting["meeting"]),
                          {m.id: AttendanceStatus.PRESENT for m in members}, None)
        db.session.commit()
        names = [m.full_name for m in members]
    page.goto(f"/avis/{opinion_id}/vote")
    p.get_by_label("Le vote de chaque membre présent").check()
    for index, name in enumerate(names):
        group = p.get_by_role("group", name=name)
        group.get_by_label("Contre" if index == 0 else "Pour").check()
    p.get_by_label("Positions divergentes").fill("Une voix contre : l'emplacement gêne les livraisons.")
    p.get_by_role("button", name="Enregistrer le vote").click()
    page.check()
    assert "avis adopté (5 pour, 1 contre, 0 abstention)" in p.locator(".flashes").inner_text()


def test_organiser_publishes_an_answered_observation_and_watches_waiting_answers(
        page, make_user, app, make_observation, make_sitting):
    """Publication without personal data; the list of what waits for a partner's answer."""
    from datetime import timedelta

    from council import dates
    from council.meetings.services.meetings import get_agenda_item
    from council.observations.models import Observation
    from council.observations.services import steps as observation_services
    from council.reference.models import Partner

    organiser = make_user(role=Role.ORGANISER)
    meeting = make_sitting(days=-80, agenda=("Observations",), members=0, present=0)
    answered, waiting = (make_observation(organiser.id, contact=True, observed_on=dates.today()
                                          - timedelta(days=90)) for _ in range(2))
    with app.app_context():
        from council.auth.models import User

        user = db.session.get(User, organiser.id)
        orne = db.session.query(Partner).filter_by(slug="orne-habitat").one()
        for observation_id, days in ((answered, 75), (waiting, 70)):
            observation = db.session.get(Observation, observation_id)
            observation_services.schedule(observation, get_agenda_item(meeting["items"][0]), user)
            sent = dates.today() - timedelta(days=days)
            observation_services.transmit(observation, orne, sent, user)
        observation_services.record_answer(db.session.get(Observation, answered), "Lampadaire réparé.",
                                           dates.today(), user)
        db.session.commit()
    p = page.page
    page.sign_in(organiser.email)
    page.goto("/suivi-des-reponses")
    row = p.get_by_role("row").filter(has_text=f"n° {waiting}")
    assert "70 jours" in row.inner_text() and "en retard" in row.inner_text()
    page.goto(f"/observations/{answered}")
    p.get_by_label("Texte publié").fill("Lampadaire en panne. Prévenir Yvette Lanier au 06 12 34 56 78.")
    p.get_by_role("button", name="Publier").click()
    page.check()
    assert "retirez toute donnée personnelle" in p.locator(".error-summary").inner_text()
    p.get_by_label("Texte publié").fill("Le lampadaire devant le 12 rue de Normandie ne marchait plus.")
    p.get_by_role("button", name="Publier").click()
    page.check()
    p.get_by_role("link", name="voir la page publique").click()
    page.check()
    main = p.locator("main").inner_text()
    assert "rue de Normandie ne marchait plus" in main and "Lampadaire réparé." in main
    assert "Lanier" not in main and "06 12" not in main


def test_organiser_reads_then_erases_a_residents_contact(page, make_user, app, make_observation):
    organiser = make_user(role=Role.ORGANISER)
    observation_id = make_observation(organiser.id, contact=True)
    p = page.page
    page.sign_in(organiser.email)
    page.goto(f"/observations/{observation_id}")
    p.get_by_role("link", name="voir son nom et son contact").click()
    page.check()
    assert "Yvette Lanier" in p.locator("main").inner_text()
    p.get_by_role("button", name="Effacer son nom et son contact").click()
    page.check()
    assert "Contact effacé" in p.locator(".facts").inner_text()
    assert not p.get_by_role("link", name="voir son nom et son contact").count()
    assert "retrait de son accord" in p.locator(".history").inner_text()


def test_an_observation_too_large_to_send_stays_on_the_form_with_what_was_typed(page, app):
    """Over MAX_CONTENT_LENGTH the server could only answer 413 and the text would be lost: the
    browser checks the size first and the resident keeps what they wrote."""
    app.config["MAX_CONTENT_LENGTH"] = 1500
    p = page.page
    page.goto("/observations/nouvelle")
    long_text = "Le lampadaire de la rue est éteint depuis des semaines. " * 40
    p.get_by_label("Racontez-nous").fill(long_text)
    p.get_by_role("button", name="Envoyer mon observation").click()
    warning = p.locator("#size-error")
    assert warning.is_visible() and "trop longue" in warning.inner_text()
    assert p.evaluate("document.activeElement.id") == "size-error"
    assert p.get_by_label("Racontez-nous").input_value() == long_text
