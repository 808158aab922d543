"""An application collects less and keeps less: gender and home only of residents, and the birth
date, motivation and notice time gone once an organiser decides (real database, real views)."""

from datetime import date

import pytest
from sqlalchemy import select

from council import dates
from council.auth.models import User
from council.eligibility import College
from council.extensions import db
from council.membership.models import Application, ApplicationStatus, Gender, Member
from council.membership.services import applications
from council.membership.services.applications import ApplicationError
from tests.fixtures.applications import actor_form, resident_form
from tests.fixtures.text import page_text

MOTIVATION = "Je veux améliorer le quartier."


def _application(app, application_id) -> Application:
    with app.app_context():
        return db.session.get(Application, application_id)


def _assert_forgotten(application: Application) -> None:
    assert application.birth_date is None
    assert application.motivation is None and application.consented_at is None
    assert application.decided_at is not None  # the decision keeps its date
    assert application.min_age_checked_on == dates.today() and application.min_age_in_force == 16


def _decide(app, application_id, decision: str, reason: str = "Le conseil est complet."):
    """One decision through the service, committed as the view does."""
    with app.app_context():
        application = db.session.get(Application, application_id)
        organiser = db.session.scalar(select(User))
        if decision == "accept":
            applications.accept(application, organiser, dates.today())
        elif decision == "substitute":
            applications.put_on_substitutes(application, organiser, dates.today())
        else:
            applications.reject(application, organiser, reason, dates.today())
        db.session.commit()


@pytest.mark.parametrize("path", [["accept"], ["substitute"], ["reject"], ["substitute", "accept"],
                                  ["substitute", "reject"]])
def test_every_decision_path_drops_birth_date_motivation_and_notice_time(app, make_user,
                                                                         make_application, path):
    make_user(role="organiser")
    application_id = make_application(motivation=MOTIVATION)
    pending = _application(app, application_id)
    assert pending.birth_date == date(1990, 5, 17) and pending.motivation == MOTIVATION
    assert pending.consented_at is not None and pending.min_age_checked_on is None
    for decision in path:
        _decide(app, application_id, decision)
        _assert_forgotten(_application(app, application_id))


def test_a_member_gets_what_they_need_at_acceptance(app, make_user, make_application):
    make_user(role="organiser")
    application_id = make_application(motivation=MOTIVATION, gender=Gender.MALE)
    _decide(app, application_id, "accept")
    with app.app_context():
        member = db.session.scalar(select(Member))
        assert member.gender is Gender.MALE and member.address == "5 place du Marché, 61200 Argentan"
        assert member.neighbourhood.slug == "les-provinces"


def test_a_local_actor_member_has_neither_gender_nor_address(app, make_user, make_application):
    make_user(role="organiser")
    _decide(app, make_application(college=College.LOCAL_ACTOR), "accept")
    with app.app_context():
        member = db.session.scalar(select(Member))
        assert member.gender is None and member.address is None
        assert member.neighbourhood.slug == "les-provinces"  # where they work


def test_a_local_actors_gender_and_home_are_dropped_by_the_service(app, make_application):
    """Whatever reaches ``submit`` (the CLI, an import), a local actor's resident-only fields
    are not stored."""
    application = _application(app, make_application(
        college=College.LOCAL_ACTOR, gender=Gender.FEMALE, home="les-provinces",
        address="1 rue Haute"))
    assert application.gender is None and application.address is None
    assert application.home_neighbourhood_id is None


class TestRuleChangedSinceTheApplication:
    @pytest.fixture
    def app_config(self):
        return {"MINIMUM_AGE": 16}

    def test_a_refusal_when_the_minimum_age_was_not_met_keeps_no_statement(
            self, app, make_user, make_application):
        make_user(role="organiser")
        application_id = make_application(birth_date=date(dates.today().year - 17, 1, 1))
        app.config["MINIMUM_AGE"] = 18
        _decide(app, application_id, "reject")
        application = _application(app, application_id)
        assert application.birth_date is None and application.min_age_checked_on is None

    def test_only_an_eligible_application_goes_on_the_substitutes_list(
            self, app, make_user, make_application):
        make_user(role="organiser")
        application_id = make_application(birth_date=date(dates.today().year - 17, 1, 1))
        app.config["MINIMUM_AGE"] = 18
        with pytest.raises(ApplicationError, match="ne remplit plus les conditions"):
            _decide(app, application_id, "substitute")
        assert _application(app, application_id).birth_date is not None  # nothing changed

    def test_a_substitute_is_rechecked_from_the_statement(self, app, make_user, make_application):
        """Promoted after the minimum age went up, a substitute whose statement cannot prove the
        new age is refused (the organiser can still take them off the list)."""
        make_user(role="organiser")
        application_id = make_application(birth_date=date(dates.today().year - 17, 1, 1))
        _decide(app, application_id, "substitute")
        app.config["MINIMUM_AGE"] = 18
        with pytest.raises(ApplicationError, match="ne remplit plus les conditions"):
            _decide(app, application_id, "accept")
        app.config["MINIMUM_AGE"] = 16
        _decide(app, application_id, "accept")
        assert _application(app, application_id).status is ApplicationStatus.ACCEPTED


def test_the_review_page_shows_the_age_while_pending_and_the_statement_after(
        app, client, login_as, make_application):
    application_id = make_application(motivation=MOTIVATION)
    login_as("organiser")
    text = page_text(client.get(f"/candidatures/{application_id}"))
    assert "17 mai 1990" in text and MOTIVATION in text
    assert "La candidature remplit toujours les conditions" in text
    assert "la date de naissance, la motivation et l'heure de lecture de la notice sont effacées" in text
    client.post(f"/candidatures/{application_id}/suppleant")
    text = page_text(client.get(f"/candidatures/{application_id}"))
    day = dates.today().strftime("%d/%m/%Y")
    assert f"avait l'âge minimum (16 ans) le {day}" in text
    assert "1990" not in text and MOTIVATION not in text and "effacée à la décision" in text
    client.post(f"/candidatures/{application_id}/refuser", data={"reason": "Vous avez déménagé."})
    text = page_text(client.get(f"/candidatures/{application_id}"))
    assert f"avait l'âge minimum (16 ans) le {day}" in text
    assert "Conditions, vérifiées aujourd'hui" not in text  # decided: nothing to re-check


def test_a_local_actors_review_page_asks_nothing_of_home_or_gender(client, login_as, make_application):
    application_id = make_application(college=College.LOCAL_ACTOR)
    login_as("organiser")
    text = page_text(client.get(f"/candidatures/{application_id}"))
    assert "Atelier Marie" in text
    for absent in ("<dt>Genre</dt>", "<dt>Adresse</dt>", "Quartier d'habitation"):
        assert absent not in text


def test_the_substitutes_list_shows_gender_only_for_residents(client, login_as, make_application):
    resident, actor = make_application(gender=Gender.MALE), make_application(college=College.LOCAL_ACTOR)
    login_as("organiser")
    for application_id in (resident, actor):
        client.post(f"/candidatures/{application_id}/suppleant")
    html = client.get("/suppleants").get_data(as_text=True)
    assert html.count('<th scope="col">Genre</th>') == 1 and "homme" in html
    assert "non indiqué" not in html


def test_a_local_actors_posted_resident_answers_are_neither_checked_nor_stored(app, client):
    """Without JavaScript the habitants' questions stay on the page; whatever a local actor
    leaves in them, even nonsense, is ignored."""
    data = actor_form(gender="robot", home_neighbourhood="centre-ville", address="x" * 400)
    assert client.post("/candidature", data=data).status_code == 302
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.gender is None and application.address is None
        assert application.home_neighbourhood_id is None


def test_a_local_actor_need_not_give_a_home(app, client):
    data = actor_form(gender=None, home_neighbourhood=None, address=None)
    assert client.post("/candidature", data=data).status_code == 302


def test_a_resident_must_still_say_where_they_live(client):
    html = client.post("/candidature", data=resident_form(home_neighbourhood=None, address=None)
                       ).get_data(as_text=True)
    assert "Indiquez le quartier où vous habitez." in html and "Indiquez votre adresse." in html


@pytest.mark.parametrize("form", [resident_form, actor_form])
def test_the_form_keeps_what_was_typed_when_the_notice_box_is_not_ticked(app, client, form):
    data = form(notice_read=None, motivation="Pour que les jeunes soient écoutés.")
    html = page_text(client.post("/candidature", data=data))
    assert 'id="notice_read-error"' in html
    assert "Cochez cette case pour dire que vous avez lu comment vos données sont utilisées." in html
    assert f'value="{data["first_name"]}"' in html and f'value="{data["email"]}"' in html
    assert "Pour que les jeunes soient écoutés." in html
    assert f'value="{data["address"]}"' in html  # shown again, even if a local actor's is ignored
    with app.app_context():
        assert db.session.scalar(select(Application)) is None


def test_the_resident_only_questions_are_marked_for_the_script_without_inline_code(client):
    html = client.get("/candidature").get_data(as_text=True)
    parts = html.split('data-only-college="resident"')
    assert len(parts) == 4  # gender, where you live, "also an activity"
    assert 'name="gender"' in parts[1] and 'name="home_neighbourhood"' in parts[2]
    assert 'name="address"' in parts[2]
    assert "<script>" not in html and "onclick" not in html
    assert "Seulement pour le collège des habitants" in page_text(html)


def test_the_data_export_holds_the_statement_not_the_birth_date(app, make_user, make_application):
    from council.privacy.services import member_data

    make_user(role="organiser")
    application_id = make_application(motivation=MOTIVATION)
    _decide(app, application_id, "accept")
    with app.app_context():
        member = db.session.scalar(select(Member))
        document = member_data(member.user)
    [kept] = document["candidatures"]
    assert kept["date_de_naissance"] is None and kept["motivation"] is None
    assert kept["notice_lue_le"] is None
    assert kept["age_minimum_verifie_le"] == dates.today().isoformat()
    assert kept["age_minimum_alors_en_vigueur"] == 16
