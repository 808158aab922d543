"""The public application at /candidature, through the test client."""

import re
from datetime import date, timedelta

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from council.eligibility import Reason
from council.extensions import db
from council.membership.forms import BIRTH_DATE_FUTURE, BIRTH_DATE_TOO_OLD, birth_date_mistake
from council.membership.models import Application, ApplicationStatus, RefusalCount
from tests.fixtures.applications import actor_form, resident_form, years_ago
from tests.fixtures.text import page_text


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _refusals(app) -> dict[Reason, int]:
    with app.app_context():
        return dict(db.session.execute(select(RefusalCount.reason, RefusalCount.count)).all())


def test_the_form_explains_colleges_gender_and_the_notice(client):
    html = client.get("/candidature").get_data(as_text=True)
    assert "Collège des habitants" in html and "Collège des acteurs locaux" in html
    assert "parité entre femmes et hommes" in html
    assert 'href="/donnees-personnelles"' in html
    # the application does not rest on consent: the box says what it is
    text = page_text(html)
    assert "J'ai lu comment mes données sont utilisées" in text and 'name="notice_read"' in html
    assert "ne vaut pas consentement" in text
    assert "consens" not in text.replace("ne vaut pas consentement", "") and "j'accepte" not in text
    assert "Un autre quartier" in html and "Ne souhaite pas répondre" in html
    assert 'name="website"' in html  # the honeypot is there, hidden
    # typed as JJ/MM/AAAA: a type=date field's order follows the browser's language
    assert re.search(r'<input[^>]*id="birth_date"[^>]*type="text"', html) and 'autocomplete="bday"' in html
    assert "14/07/2008" in html


def test_an_eligible_resident_is_stored_acknowledged_and_confirmed(app, client, outbox):
    data = resident_form(email="Ines.Lefebvre@Example.org")
    response = client.post("/candidature", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/candidature/envoyee"
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.status is ApplicationStatus.PENDING
        assert application.email == "ines.lefebvre@example.org"
        assert application.home_neighbourhood.slug == "les-provinces"
        assert application.actor_category is None and application.consented_at is not None
        reference = application.reference
    assert len(reference) == 8 and reference.startswith("C-")
    page = client.get("/candidature/envoyee").get_data(as_text=True)
    assert reference in page and "e-mail de confirmation" in page
    assert "/candidature/envoyee" not in page or reference not in response.headers["Location"]
    [mail] = outbox
    assert mail.to == ["ines.lefebvre@example.org"]
    assert mail.subject == "Votre candidature au conseil citoyen"  # no personal data
    assert reference in mail.body and "Bonjour Inès" in mail.body


def test_a_local_actor_is_stored_with_their_activity(app, client):
    assert client.post("/candidature", data=actor_form()).status_code == 302
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.activity_neighbourhood.slug == "saint-michel-vallee-d-auge"
        assert application.structure_name == "Boulangerie du Marché"
        # not asked of a local actor: what the fixture posts is not kept
        assert application.home_neighbourhood is None
        assert application.gender is None and application.address is None


def test_an_ineligible_applicant_sees_every_reason_and_nothing_is_stored(app, client, outbox):
    data = resident_form(birth_date=years_ago(15).isoformat(), home_neighbourhood="autre",
                         first_name="Théo", last_name="Girard", email="theo.girard@example.org")
    response = client.post("/candidature", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Votre candidature ne peut pas être retenue" in html
    assert escape(Reason.TOO_YOUNG.message) in html and escape(Reason.NOT_RESIDENT.message) in html
    assert "L'âge minimum est de 16 ans." in html
    assert "n'ont pas été enregistrées" in html
    assert 'value="Théo"' in html  # typed values stay, so a mistake can be corrected
    assert _count(app, Application) == 0 and outbox == []
    assert _refusals(app) == {Reason.TOO_YOUNG: 1, Reason.NOT_RESIDENT: 1}
    client.post("/candidature", data=resident_form(home_neighbourhood="autre"))
    assert _refusals(app) == {Reason.TOO_YOUNG: 1, Reason.NOT_RESIDENT: 2}
    with app.app_context():  # the month is all that is kept with the count
        assert {row.month.day for row in db.session.scalars(select(RefusalCount))} == {1}


def test_a_refused_local_actor_is_told_residents_may_apply_without_being_asked_where_they_live(client):
    """A local actor is not asked where they live: the posted neighbourhood is not read, and
    the refusal says on what condition the habitants college fits."""
    data = actor_form(home_neighbourhood="les-provinces", activity_neighbourhood="autre")
    text = page_text(client.post("/candidature", data=data))
    assert Reason.ACTIVITY_OUTSIDE.message in text
    assert ("Si vous habitez le quartier Saint-Michel – Vallée d'Auge ou le quartier Les Provinces, "
            "<strong>vous pouvez candidater au collège des habitants</strong>") in text


def test_a_local_actor_refused_for_a_reason_both_colleges_share_gets_no_hint(client):
    text = page_text(client.post("/candidature", data=actor_form(incompatible_office="oui")))
    assert "vous pouvez candidater au collège des habitants" not in text


def test_an_incompatible_office_is_a_reason(client):
    html = client.post("/candidature", data=resident_form(incompatible_office="oui")).get_data(
        as_text=True)
    assert "Les élu·es, les représentant·es de l'État" in page_text(html)


def test_sixteen_today_is_eligible(app, client):
    assert client.post("/candidature", data=resident_form(
        birth_date=years_ago(16).isoformat())).status_code == 302


def test_an_empty_form_names_every_required_field_beside_it(app, client):
    html = client.post("/candidature", data={}).get_data(as_text=True)
    for message in ("Choisissez le collège auquel vous candidatez.", "Indiquez votre prénom.",
                    "Indiquez votre nom.", "Indiquez votre date de naissance.",
                    "Indiquez votre adresse e-mail.", "Indiquez le quartier où vous habitez.",
                    "Indiquez votre adresse.", "Répondez à cette question.",
                    "Cochez cette case pour dire que vous avez lu comment vos données sont utilisées."):
        assert message in html, message
    assert 'aria-describedby="first_name-error"' in html
    assert 'aria-invalid="true"' in html
    assert "Indiquez votre activité." not in html  # only asked of local actors
    assert _count(app, Application) == 0 and _refusals(app) == {}


def test_local_actors_must_say_what_and_where(client):
    html = client.post("/candidature", data=actor_form(
        actor_category=None, structure_name="  ", activity_neighbourhood=None)).get_data(as_text=True)
    assert "Indiquez votre activité." in html
    assert "Indiquez le nom de votre structure." in html
    assert "Indiquez le quartier de votre activité principale." in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "31/02/2008", "Date non valable"),
        ("birth_date", "hier", "Date non valable"),
        ("email", "pas-une-adresse", "Indiquez une adresse e-mail valide"),
        ("email", "a" * 250 + "@example.org", "trop longue"),
        ("phone", "appelez-moi", "Indiquez un numéro de téléphone"),
        ("first_name", "x" * 101, "100 caractères au plus."),
        ("first_name", "   ", "Indiquez votre prénom."),
        ("college", "prefet", "Choisissez l'une des options proposées."),
        ("home_neighbourhood", "centre-ville", "Choisissez l'une des options proposées."),
        ("gender", "robot", "Choisissez l'une des options proposées."),
        ("motivation", "m" * 2001, "2 000 caractères au plus."),
    ],
)
def test_bad_input_gets_a_french_message_and_keeps_what_was_typed(app, client, field, value, message):
    data = resident_form(last_name="Lefebvre-Dupont", **{field: value})
    response = client.post("/candidature", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page_text(html)
    assert f'aria-describedby="{field}-error"' in html or f'id="{field}-error"' in html
    assert 'value="Lefebvre-Dupont"' in html
    assert _count(app, Application) == 0


def test_a_typed_french_date_is_understood(app, client):
    birth = years_ago(30)
    assert client.post("/candidature", data=resident_form(
        birth_date=birth.strftime("%d/%m/%Y"))).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Application.birth_date)) == birth


@pytest.mark.parametrize("birth_date", ["1850-01-01", "31/12/1899", "9999-12-31",
                                        (years_ago(0) + timedelta(days=40)).isoformat()])
def test_an_impossible_birth_date_is_a_field_error_not_a_refusal(app, client, birth_date):
    response = client.post("/candidature", data=resident_form(birth_date=birth_date))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert escape(Reason.BIRTH_DATE_INVALID.message) not in html  # not the refusal box
    assert "Votre candidature ne peut pas être retenue" not in html
    assert escape(BIRTH_DATE_TOO_OLD) in html or escape(BIRTH_DATE_FUTURE) in html
    assert f'value="{birth_date}"' in html  # what was typed stays
    assert _refusals(app) == {} and _count(app, Application) == 0


@pytest.mark.parametrize(("birth_date", "mistake"), [
    (date(2026, 12, 3), BIRTH_DATE_FUTURE),
    (date(2026, 12, 2), None),            # born today: too young, a refusal, not a typing mistake
    (date(1899, 12, 31), BIRTH_DATE_TOO_OLD),
    (date(1900, 1, 1), BIRTH_DATE_TOO_OLD),  # 126 years old: older than anyone alive
    (date(1906, 12, 1), BIRTH_DATE_TOO_OLD),
    (date(1906, 12, 2), None),            # 120 today: plausible
    (date(1990, 5, 17), None),
])
def test_birth_date_mistakes_table(birth_date, mistake):
    assert birth_date_mistake(birth_date, date(2026, 12, 2)) == mistake


def test_an_email_already_pending_gets_a_clear_message_and_no_duplicate(app, client, outbox):
    assert client.post("/candidature", data=resident_form(email="eve@example.org")).status_code == 302
    response = client.post("/candidature", data=resident_form(email="EVE@example.org "))
    html = response.get_data(as_text=True)
    assert "Une candidature avec cette adresse e-mail est déjà en cours d'examen." in page_text(html)
    assert 'id="email-error"' in html
    assert _count(app, Application) == 1 and len(outbox) == 1


def test_an_email_of_an_active_member_gets_a_clear_message(app, client, make_member):
    make_member(email="deja@example.org")
    html = client.post("/candidature", data=resident_form(email="deja@example.org")).get_data(
        as_text=True)
    assert "déjà celle d'un membre du conseil" in page_text(html)
    assert _count(app, Application) == 0


def test_a_former_member_may_apply_again(app, client, make_member):
    from council.membership.models import MemberStatus

    make_member(email="revient@example.org", status=MemberStatus.RESIGNED)
    assert client.post("/candidature", data=resident_form(email="revient@example.org")).status_code == 302


def test_the_honeypot_stores_nothing_and_sends_nothing(app, client, outbox):
    response = client.post("/candidature", data=resident_form(website="http://spam.example"))
    assert response.status_code == 302
    assert _count(app, Application) == 0 and outbox == [] and _refusals(app) == {}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Votre référence" not in page


def test_the_confirmation_page_without_an_application_is_generic(client):
    html = client.get("/candidature/envoyee").get_data(as_text=True)
    assert "Merci" in html and "Votre référence" not in html


class TestRateLimit:
    @pytest.fixture
    def app_config(self):
        return {"APPLICATION_RATE_LIMIT": "2 per hour", "APPLICATION_REFUSED_RATE_LIMIT": "4 per hour"}

    def test_submissions_per_address_are_limited_with_a_french_page(self, app, client):
        assert client.post("/candidature", data=resident_form()).status_code == 302
        assert client.post("/candidature", data=resident_form()).status_code == 302
        response = client.post("/candidature", data=resident_form())
        assert response.status_code == 429
        text = page_text(response)
        assert "Trop de tentatives" in text
        assert "bouton « Retour »" in text and "centre social" in text  # what to do
        assert _count(app, Application) == 2
        assert client.get("/candidature").status_code == 200  # reading the form is never limited

    def test_refusals_count_against_their_own_looser_limit(self, app, client):
        """A helper at a community centre tries several residents' applications: refusals do
        not use up the stored applications' limit."""
        for _ in range(4):
            assert client.post("/candidature", data=resident_form(home_neighbourhood="autre")
                               ).status_code == 200
        assert client.post("/candidature", data=resident_form()).status_code == 429  # 5th refusal window
        assert _refusals(app) == {Reason.NOT_RESIDENT: 4}

    def test_refusals_leave_the_stored_limit_intact(self, app, client):
        for _ in range(3):
            client.post("/candidature", data=resident_form(home_neighbourhood="autre"))
        for _ in range(2):
            assert client.post("/candidature", data=resident_form()).status_code == 302
        assert _count(app, Application) == 2

    def test_typing_mistakes_do_not_count(self, client):
        for _ in range(4):
            assert client.post("/candidature", data=resident_form(email="oops")).status_code == 200
        assert client.post("/candidature", data=resident_form()).status_code == 302

    def test_another_address_is_not_limited(self, client):
        for _ in range(2):
            client.post("/candidature", data=resident_form())
        other = client.post("/candidature", data=resident_form(),
                            environ_base={"REMOTE_ADDR": "192.0.2.7"})
        assert other.status_code == 302


def test_no_personal_data_in_the_confirmation_address(app, client):
    response = client.post("/candidature", data=resident_form(email="secret@example.org"))
    assert "secret" not in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(Application.birth_date)) < date.today()


@pytest.mark.parametrize("category", [" ", "prefet", "\x00"])
def test_a_residents_ignored_actor_fields_are_never_read_as_choices(app, client, category):
    """Found by fuzzing: a resident's actor fields are not validated, so a value that was never
    offered (here, in the hidden part of the form) must not break the submission."""
    data = resident_form(actor_category=category, structure_name="Café", activity_neighbourhood="\x00")
    assert client.post("/candidature", data=data).status_code == 302
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.actor_category is None and application.structure_name is None
        assert application.activity_neighbourhood is None


def test_a_refused_resident_whose_activity_fits_is_pointed_to_the_actors_college(client):
    data = resident_form(home_neighbourhood="autre", actor_category="artisan",
                         activity_neighbourhood="les-provinces")
    html = client.post("/candidature", data=data).get_data(as_text=True)
    assert escape(Reason.NOT_RESIDENT.message) in html
    assert "Vous pouvez candidater au collège des acteurs locaux" in html


def test_a_gender_made_of_spaces_counts_as_no_answer(app, client):
    """Found by fuzzing: ``Optional`` let a blank choice through to the Gender enum."""
    assert client.post("/candidature", data=resident_form(gender="  ")).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Application)).gender is None


@pytest.mark.parametrize("field", ["college", "home_neighbourhood", "incompatible_office"])
def test_a_required_choice_made_of_spaces_is_refused_beside_it(app, client, field):
    html = client.post("/candidature", data=resident_form(**{field: " "})).get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert _count(app, Application) == 0


def test_an_eligible_resident_whose_activity_also_fits_is_told_so(app, client):
    data = resident_form(also_activity="oui", actor_category="association_member",
                         structure_name="Amicale des Provinces", activity_neighbourhood="les-provinces")
    response = client.post("/candidature", data=data)
    assert response.status_code == 302
    text = page_text(client.get(response.headers["Location"]))
    assert "Vos réponses correspondent aussi au collège des acteurs locaux" in text
    with app.app_context():  # stored in the college chosen, without the activity
        application = db.session.scalar(select(Application))
        assert application.college.value == "resident" and application.actor_category is None


def test_an_eligible_local_actors_posted_home_is_not_read(client):
    """Where a local actor lives is not asked: even posted, it suggests nothing."""
    response = client.post("/candidature", data=actor_form(home_neighbourhood="les-provinces"))
    text = page_text(client.get(response.headers["Location"]))
    assert "correspondent aussi" not in text


@pytest.mark.parametrize("data", [
    resident_form(),  # no activity declared
    resident_form(also_activity="non", actor_category="artisan", activity_neighbourhood="les-provinces"),
    resident_form(also_activity="oui", actor_category="other", activity_neighbourhood="les-provinces"),
    resident_form(also_activity="oui", actor_category="artisan", activity_neighbourhood="autre"),
])
def test_a_resident_whose_activity_does_not_fit_is_told_nothing_more(client, data):
    response = client.post("/candidature", data=data)
    assert response.status_code == 302
    assert "correspondent aussi" not in page_text(client.get(response.headers["Location"]))


def test_the_form_asks_residents_about_an_activity(client):
    html = client.get("/candidature").get_data(as_text=True)
    assert "Avez-vous aussi une activité dans le quartier ?" in html
    assert 'name="also_activity"' in html


def test_the_refusal_says_it_was_decided_by_the_site_and_how_to_ask_a_person(client):
    """The automatic eligibility refusal is a decision by code: the applicant is told so, and who
    to write to so that a person looks at it."""
    html = client.post("/candidature", data=resident_form(home_neighbourhood="autre")).get_data(
        as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Cette réponse a été donnée automatiquement par le site" in text
    assert "sans qu'une personne ait examiné votre candidature" in text
    assert "écrivez à ccargentan@laposte.net en l'expliquant : un·e organisateur·rice du conseil" in text
    assert 'href="/donnees-personnelles#decision-automatique"' in html
