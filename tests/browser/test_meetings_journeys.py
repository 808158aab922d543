"""Meetings in a real browser, axe-checked on every page: the issue's "Done when" journey, the
form's French errors, and subscribing to the private calendar."""

from datetime import date, timedelta

import icalendar

from council.auth.models import Role
from council.extensions import db
from council.meetings.models import Meeting


def download_ics(page, link_name: str) -> icalendar.Event:
    with page.page.expect_download() as info:
        page.page.get_by_role("link", name=link_name).click()
    with open(info.value.path(), "rb") as handle:
        data = handle.read()
    return icalendar.Calendar.from_ical(data).walk("VEVENT")[0]


def fill_when(page, day: date, start: str, end: str):
    page.page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.page.get_by_label("Heure de début").fill(start)
    page.page.get_by_label("Heure de fin").fill(end)


def test_plenary_from_scheduling_to_published_minutes(page, app, make_user, make_member,
                                                      make_meeting):
    organiser = make_user(role=Role.ORGANISER)
    member = make_user(role=Role.MEMBER)
    members = {name: make_member(first_name=name.split()[0], last_name=name.split()[1])
               for name in ("Awa Diallo", "Karim Benali", "Lucie Marchand")}
    other_id = make_meeting(days=20, title="Groupe de travail jeunesse")
    day = date.today() + timedelta(days=10)

    # An organiser creates a plenary with three agenda items.
    page.sign_in(organiser.email)
    page.page.get_by_role("link", name="Réunions", exact=True).click()
    page.check()
    page.page.get_by_role("link", name="Programmer une réunion").click()
    page.check()
    page.page.get_by_label("Titre").fill("Assemblée plénière de printemps")
    page.page.get_by_label("Type de réunion").select_option(label="Assemblée plénière")
    fill_when(page, day, "18:30", "20:30")
    page.page.get_by_label("Lieu").fill("Maison du Citoyen")
    page.page.get_by_label("Adresse", exact=True).fill("Place du Marché, 61200 Argentan")
    for number, item in enumerate(["Accueil des nouveaux membres", "Jardin partagé",
                                   "Questions des habitants"], start=1):
        page.page.get_by_label(f"Point {number}", exact=True).fill(item)
    page.page.get_by_role("button", name="Programmer la réunion").click()
    page.check()
    assert "La réunion est programmée." in page.page.locator(".flashes").inner_text()
    meeting_url = page.page.url
    assert page.page.locator("ol.agenda li").all_inner_texts() == [
        "Accueil des nouveaux membres", "Jardin partagé", "Questions des habitants"]
    page.sign_out()

    # A member finds it and downloads its .ics.
    page.sign_in(member.email)
    page.page.get_by_role("link", name="Réunions", exact=True).click()
    page.check()
    page.page.get_by_role("link", name="Assemblée plénière de printemps").click()
    page.check()
    assert "18 h 30 – 20 h 30" in page.page.locator(".facts").inner_text()
    first = download_ics(page, "Télécharger cette réunion (.ics)")
    assert first.start.hour == 18 and first.start.date() == day and first["SEQUENCE"] == 0
    page.sign_out()

    # The organiser moves it by a day: same UID, SEQUENCE up.
    page.sign_in(organiser.email)
    page.page.goto(meeting_url)
    page.check()
    page.page.get_by_role("link", name="Modifier la réunion").click()
    page.check()
    page.page.get_by_label("Date", exact=True).fill((day + timedelta(days=1)).isoformat())
    page.page.get_by_role("button", name="Enregistrer les modifications").click()
    page.check()
    moved = download_ics(page, "Télécharger cette réunion (.ics)")
    assert str(moved["UID"]) == str(first["UID"])
    assert moved["SEQUENCE"] == first["SEQUENCE"] + 1
    assert moved.start == first.start + timedelta(days=1)

    # ... and cancels another meeting, which stays listed, marked cancelled.
    page.goto(f"/reunions/{other_id}")
    page.page.get_by_role("link", name="Annuler la réunion").click()
    page.check()
    page.page.get_by_label("Raison de l'annulation").fill("L'animatrice est absente ; report en juin.")
    page.page.get_by_role("button", name="Annuler la réunion").click()
    page.check()
    assert "Cette réunion est annulée." in page.page.locator(".notice").inner_text()
    page.page.get_by_role("link", name="Toutes les réunions", exact=True).click()
    page.check()
    assert "Annulée" in page.page.locator(".meeting-cancelled").inner_text()

    # Time passes: the plenary has taken place (the test moves it back in time).
    with app.app_context():
        meeting = db.session.scalar(db.select(Meeting).where(
            Meeting.title == "Assemblée plénière de printemps"))
        meeting.starts_at -= timedelta(days=12)
        meeting.ends_at -= timedelta(days=12)
        db.session.commit()

    # The organiser takes attendance after the meeting...
    page.page.goto(meeting_url)
    page.check()
    assert not page.page.get_by_role("link", name="Modifier la réunion").count()
    page.page.get_by_role("link", name="Feuille de présence").click()
    page.check()
    for name, status in [("Awa Diallo", "Présent·e"), ("Karim Benali", "Présent·e"),
                         ("Lucie Marchand", "Excusé·e")]:
        page.page.get_by_role("group", name=name).get_by_label(status).check()
    page.page.get_by_role("button", name="Enregistrer la feuille de présence").click()
    page.check()
    assert "Quorum atteint" in page.page.locator(".quorum").inner_text()
    assert page.page.get_by_role("group", name="Lucie Marchand").get_by_label("Excusé·e").is_checked()
    assert len(members) == 3

    # ... and publishes the minutes.
    page.page.get_by_role("link", name="Retour à la réunion").click()
    page.check()
    page.page.get_by_role("link", name="Rédiger le compte rendu").click()
    page.check()
    page.page.get_by_label("Markdown (titres, listes, gras, liens)").check()
    page.page.get_by_label("Compte rendu", exact=True).fill(
        "## Décisions\n\n- Le conseil soutient le **jardin partagé**.\n- Prochaine plénière en juin.")
    page.page.get_by_role("button", name="Publier le compte rendu").click()
    page.check()
    page.sign_out()

    # A visitor reads them.
    page.goto("/reunions")
    page.page.get_by_role("link", name="Assemblée plénière de printemps").click()
    page.check()
    minutes = page.page.locator("section.minutes").inner_text()
    assert "Le conseil soutient le jardin partagé." in minutes
    assert page.page.locator("section.minutes strong").inner_text() == "jardin partagé"


def test_meeting_form_errors_in_french_beside_the_fields(page, make_user):
    page.sign_in(make_user(role=Role.ORGANISER).email)
    page.goto("/reunions/nouvelle")
    page.page.get_by_label("Titre").fill("")
    page.page.get_by_label("Lieu").fill("Espace Xavier Rousseau")
    page.page.get_by_label("Point 1", exact=True).fill("Budget")
    fill_when(page, date(2031, 3, 30), "02:30", "01:00")  # the spring change
    page.page.get_by_role("button", name="Programmer la réunion").click()
    page.check()
    assert page.page.locator("#title-error").inner_text() == "Indiquez le titre de la réunion."
    assert "n'existe pas ce jour-là à Paris" in page.page.locator("#start_time-error").inner_text()
    assert page.page.get_by_label("Titre").get_attribute("aria-invalid") == "true"
    assert page.page.get_by_label("Lieu").input_value() == "Espace Xavier Rousseau"
    assert page.page.get_by_label("Point 1", exact=True).input_value() == "Budget"
    fill_when(page, date.today() + timedelta(days=3), "19:00", "18:00")
    page.page.get_by_label("Titre").fill("Bureau")
    page.page.get_by_role("button", name="Programmer la réunion").click()
    page.check()
    assert (page.page.locator("#end_time-error").inner_text()
            == "L'heure de fin doit être après l'heure de début.")


def test_member_subscribes_copies_and_regenerates_the_private_feed(page, make_user):
    page.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.sign_in(make_user(role=Role.MEMBER).email)
    page.goto("/reunions")
    page.page.get_by_role("link", name="Abonner mon agenda à toutes les réunions").click()
    page.check()
    page.page.get_by_role("button", name="Obtenir mon adresse d'abonnement").click()
    page.check()
    old_url = page.page.get_by_label("Adresse de votre calendrier personnel").input_value()
    assert "/calendrier/" in old_url and old_url.endswith(".ics")
    webcal = page.page.get_by_role("link", name="S'abonner dans mon application d'agenda")
    assert webcal.get_attribute("href") == "webcal://" + old_url.split("://", 1)[1]
    page.page.get_by_role("button", name="Copier l'adresse").click()
    page.page.get_by_text("Adresse copiée.").wait_for()
    assert page.page.evaluate("navigator.clipboard.readText()") == old_url
    assert page.page.request.get(old_url).status == 200
    page.page.get_by_role(
        "button", name="Créer une nouvelle adresse (l'ancienne ne fonctionnera plus)").click()
    page.check()
    new_url = page.page.get_by_label("Adresse de votre calendrier personnel").input_value()
    assert new_url != old_url
    assert page.page.request.get(old_url).status == 404
    assert page.page.request.get(new_url).status == 200


def test_demo_meetings_read_on_a_phone(phone_page, app, make_user):
    from council.meetings.demo import seed_meetings

    with app.app_context():
        assert seed_meetings() == 9
        db.session.commit()
    phone_page.goto("/reunions")
    assert phone_page.page.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone_page.page.locator(".meeting-cancelled").count() == 1
    phone_page.page.get_by_role("link", name="Assemblée plénière : cadre de vie").click()
    phone_page.check()
    assert phone_page.page.locator("section.minutes h3").count() >= 1
    assert phone_page.page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.sign_in(make_user(role=Role.ORGANISER).email)
    phone_page.goto("/reunions/1/presences")
    assert phone_page.page.locator(".badge-bad", has_text="absences non excusées").count() == 1
    assert phone_page.page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.goto("/reunions/nouvelle")
    assert phone_page.page.evaluate("document.documentElement.scrollWidth") <= 360
