"""Avis pages through the client: drafting, the public list and page, freezing, transmission, answer."""

import re

import pytest

from council.auth.models import Role, User
from council.extensions import db
from council.opinions import services
from council.opinions.lifecycle import OpinionStatus
from council.opinions.models import Opinion
from council.opinions.voting import VoteCount
from tests.fixtures.text import page_text


def _draft_form(ids, **overrides):
    data = {"kind": "opinion", "title": "Pérenniser Dedans Dehors",
            "subject_project": "Dedans Dehors (Les Arts Improvisés)", "carrier_type": "local_actor",
            "carrier_name": "Les Arts Improvisés", "pillars": [str(ids["cohesion"])],
            "axes": [str(ids["jeunesse"])], "text": "Le conseil citoyen soutient le projet.",
            "partner": str(ids["ville"])}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def meeting(make_sitting):
    """A plenary held yesterday, 15 active members, 10 present (quorum: 8)."""
    return make_sitting(members=15, present=10)


@pytest.fixture
def adopted(app, make_user, scheduled, make_opinion):
    """An avis adopted 7 pour, 2 contre, 1 abstention, with a dissent."""
    organiser = make_user(role=Role.ORGANISER)
    opinion_id = make_opinion(organiser.id, title="Soutenir le café des parents")
    scheduled(opinion_id)
    with app.app_context():
        services.record_vote(db.session.get(Opinion, opinion_id), db.session.get(User, organiser.id),
                             text="Le conseil demande que le café continue.",
                             dissent="Deux membres souhaitent un autre horaire.", count=VoteCount(7, 2, 1))
        db.session.commit()
    return opinion_id


def test_a_member_drafts_an_avis_linked_to_two_observations(app, client, login_as, ids, make_observation):
    user = login_as("member")
    first, second = make_observation(user.id), make_observation(user.id)
    response = client.post("/avis/rediger", data=_draft_form(ids, observations=f"{first}, n° {second}"))
    assert response.status_code == 302
    with app.app_context():
        opinion = db.session.get(Opinion, int(response.location.rsplit("/", 1)[1]))
        assert opinion.status is OpinionStatus.DRAFT and opinion.created_by_id == user.id
        assert [o.id for o in opinion.observations] == [first, second]
        assert {t.slug for t in opinion.themes} == {"cohesion-sociale", "jeunesse"}
    page = client.get(response.location).get_data(as_text=True)
    assert "Pérenniser Dedans Dehors" in page and f"Observation n° {first}" in page
    assert "brouillon" in page and "Modifier le brouillon" in page


@pytest.mark.parametrize(("overrides", "message"), [
    ({"partner": ""}, "Choisissez le partenaire à qui l'avis"),
    ({"kind": "interpellation"}, "Une interpellation s'adresse au préfet"),
    ({"pillars": None}, "Cochez au moins un volet."),
    ({"observations": "4242"}, "Ces numéros ne sont pas dans la liste des observations : n° 4242."),
    ({"title": ""}, "Donnez un titre."),
    ({"carrier_type": "nobody"}, "Indiquez qui porte le projet."),
])
def test_draft_mistakes_are_named_beside_their_fields(app, client, login_as, ids, overrides, message):
    login_as("member")
    response = client.post("/avis/rediger", data=_draft_form(ids, **overrides))
    html = page_text(response)
    assert response.status_code == 200 and message in html
    assert "Le conseil citoyen soutient le projet." in html  # typed values kept
    with app.app_context():
        assert db.session.query(Opinion).count() == 0


def test_an_interpellation_goes_to_the_prefect(app, client, login_as, ids):
    login_as("member")
    response = client.post("/avis/rediger", data=_draft_form(ids, kind="interpellation", partner=""))
    page = client.get(response.location).get_data(as_text=True)
    assert "Le préfet de l'Orne" in page_text(page)


def test_drafts_are_for_members_only(app, client, login_as, make_user, make_opinion):
    opinion_id = make_opinion(make_user().id)
    assert client.get(f"/avis/{opinion_id}").status_code == 302
    assert "Pérenniser" not in client.get("/avis").get_data(as_text=True)
    login_as("member")
    assert client.get(f"/avis/{opinion_id}").status_code == 200


def test_a_draft_is_edited_and_keeps_its_links(app, client, login_as, ids, make_opinion):
    user = login_as("member")
    opinion_id = make_opinion(user.id)
    form = client.get(f"/avis/{opinion_id}/modifier").get_data(as_text=True)
    assert 'value="Pérenniser le café des parents"' in form
    client.post(f"/avis/{opinion_id}/modifier", data=_draft_form(ids, title="Un titre meilleur"))
    with app.app_context():
        assert db.session.get(Opinion, opinion_id).title == "Un titre meilleur"


def test_the_adopted_avis_is_public_with_vote_dissent_and_addressee(client, adopted):
    listing = client.get("/avis").get_data(as_text=True)
    assert "Soutenir le café des parents" in listing and f'href="/avis/{adopted}"' in listing
    page = client.get(f"/avis/{adopted}").get_data(as_text=True)
    for fact in ["Position majoritaire", "Le conseil demande que le café continue.",
                 "Positions divergentes", "Deux membres souhaitent un autre horaire.",
                 "7 pour, 2 contre, 1 abstention", "10 membres présents, quorum de 8",
                 "La Ville d'Argentan", "Adopté le", "js/print.js"]:
        assert fact in page_text(page), fact
    assert "Modifier" not in page and "Étapes suivantes" not in page


def test_an_adopted_avis_can_no_longer_be_edited(app, client, login_as, ids, adopted):
    login_as("member")
    assert "Modifier le brouillon" not in client.get(f"/avis/{adopted}").get_data(as_text=True)
    response = client.get(f"/avis/{adopted}/modifier")
    assert response.status_code == 409 and "ne peut plus être modifié" in response.get_data(as_text=True)
    response = client.post(f"/avis/{adopted}/modifier", data=_draft_form(ids, text="Réécrit"))
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Opinion, adopted).text == "Le conseil demande que le café continue."


def test_a_new_version_replaces_the_old_on_the_public_list_once_adopted(app, client, login_as, adopted,
                                                                       scheduled):
    organiser = login_as("organiser")
    response = client.post(f"/avis/{adopted}/nouvelle-version")
    new_id = int(response.location.split("/")[-2])
    assert response.location == f"/avis/{new_id}/modifier"
    assert f'href="/avis/{adopted}"' in client.get("/avis").get_data(as_text=True)  # draft: old one stays
    scheduled(new_id)
    with app.app_context():
        services.record_vote(db.session.get(Opinion, new_id), db.session.get(User, organiser.id),
                             text="Texte corrigé.", dissent="", count=VoteCount(9, 0, 0))
        db.session.commit()
    listing = client.get("/avis").get_data(as_text=True)
    assert f'href="/avis/{new_id}"' in listing and f'href="/avis/{adopted}"' not in listing
    assert "voir la version 2" in client.get(f"/avis/{adopted}").get_data(as_text=True)
    assert "corrige la" in client.get(f"/avis/{new_id}").get_data(as_text=True)


def test_organisers_transmit_then_record_the_answer(app, client, login_as, adopted):
    login_as("organiser")
    response = client.post(f"/avis/{adopted}/transmission", data={"transmit-transmitted_on": "2999-01-01"})
    assert response.status_code == 200 and "Cette date est dans le futur." in response.get_data(as_text=True)
    client.post(f"/avis/{adopted}/transmission", data={"transmit-transmitted_on": _today()})
    waiting = client.get("/suivi-des-reponses").get_data(as_text=True)
    assert "Soutenir le café des parents" in waiting and "0 jour" in waiting
    client.post(f"/avis/{adopted}/reponse", data={"answer-answer_text": "La Ville finance une année de plus.",
                                                  "answer-answered_on": _today()})
    page = client.get(f"/avis/{adopted}").get_data(as_text=True)
    assert "Réponse de la Ville d'Argentan" in page_text(page) and "finance une année de plus" in page
    assert "Soutenir le café" not in client.get("/suivi-des-reponses").get_data(as_text=True)


def test_members_cannot_transmit(client, login_as, adopted):
    login_as("member")
    assert client.post(f"/avis/{adopted}/transmission",
                       data={"transmit-transmitted_on": _today()}).status_code == 403


def test_rejected_avis_stay_private(app, client, make_user, scheduled, make_opinion):
    organiser = make_user(role=Role.ORGANISER)
    opinion_id = make_opinion(organiser.id, title="Un avis rejeté")
    scheduled(opinion_id)
    with app.app_context():
        services.record_vote(db.session.get(Opinion, opinion_id), db.session.get(User, organiser.id),
                             text="x", dissent="", count=VoteCount(2, 6, 1))
        db.session.commit()
    assert "Un avis rejeté" not in client.get("/avis").get_data(as_text=True)
    assert client.get(f"/avis/{opinion_id}").status_code == 302


def test_the_public_list_pages_with_constant_queries(app, client, make_user, scheduled, make_opinion):
    from bench.measure import count_statements

    organiser = make_user(role=Role.ORGANISER)

    def adopt(n):
        for _ in range(n):
            opinion_id = make_opinion(organiser.id)
            scheduled(opinion_id)
            with app.app_context():
                services.record_vote(db.session.get(Opinion, opinion_id), db.session.get(User, organiser.id),
                                     text="x", dissent="", count=VoteCount(9, 0, 0))
                db.session.commit()

    adopt(2)
    with count_statements(app) as few:
        client.get("/avis")
    adopt(22)
    with count_statements(app) as many:
        html = client.get("/avis").get_data(as_text=True)
    assert many["n"] == few["n"] and "Page 1 sur 2" in html
    assert client.get("/avis?page=99999999999999").status_code == 200
    assert client.get("/avis/99999999999999").status_code == 404


def _today() -> str:
    from council.dates import today

    return today().isoformat()


def test_observation_numbers_are_read_from_free_text():
    from council.opinions.forms import observation_numbers

    assert observation_numbers("12, 15 et n° 20, 12") == [12, 15, 20]
    assert observation_numbers("") == [] and observation_numbers("aucune") == []
    assert observation_numbers("99999999999999999999") == [999999999999]


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": False}])
def test_odd_input_never_breaks_the_draft_form(app, client, login_as, ids, app_config):
    from hypothesis import HealthCheck, given, settings

    from tests.fuzzing import assert_form_survives, nasty_text

    login_as("member")

    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(title=nasty_text(), subject=nasty_text(), text=nasty_text(), linked=nasty_text(40),
           carrier=nasty_text(30))
    def check(title, subject, text, linked, carrier):
        data = _draft_form(ids, title=title, subject_project=subject, text=text, observations=linked,
                           carrier_name=carrier)
        response = client.post("/avis/rediger", data=data)
        assert response.status_code in (200, 302)
        assert_form_survives(response, {"title": title, "subject_project": subject})

    check()


def test_the_public_avis_is_dated_by_the_meeting_not_by_the_typing(app, client, login_as, make_user,
                                                                    make_opinion, make_sitting):
    """Voted at the meeting six days ago, typed in today: « Adopté le <meeting's day> lors de la
    réunion … »; the day it was typed in shows in the history, for members only."""
    from council.dates import format_day, today
    from council.meetings.models import Meeting
    from council.meetings.services.meetings import get_agenda_item

    sitting = make_sitting(days=-6, members=10, present=7)
    organiser = make_user(role=Role.ORGANISER)
    opinion_id = make_opinion(organiser.id, title="Dater par la réunion")
    with app.app_context():
        user = db.session.get(User, organiser.id)
        opinion = db.session.get(Opinion, opinion_id)
        services.schedule(opinion, get_agenda_item(sitting["items"][1]), user)
        services.record_vote(opinion, user, text="Texte.", count=VoteCount(6, 0, 1))
        db.session.commit()
        meeting = db.session.get(Meeting, sitting["meeting"])
        held, title = format_day(meeting.starts_at), meeting.title
    typed = format_day(today())
    page = re.sub(r"<[^>]+>", "", page_text(client.get(f"/avis/{opinion_id}")))
    assert f"Adopté le {held} lors de la réunion « {title} »" in page
    assert typed not in page
    listing = page_text(client.get("/avis"))
    assert f"adopté le {held}" in listing and typed not in listing
    login_as("member")
    assert "Vote enregistré le " + typed in page_text(client.get(f"/avis/{opinion_id}"))


def test_an_interpellation_reads_as_french(app, client, make_user, login_as, scheduled, make_opinion):
    """« adressée au préfet », « Transmission au préfet », « Cette interpellation … adoptée »."""
    from council.opinions.lifecycle import OpinionKind

    organiser = make_user(role=Role.ORGANISER)
    opinion_id = make_opinion(organiser.id, kind=OpinionKind.INTERPELLATION, partner_id=None,
                              title="Éclairer la rue de Normandie")
    scheduled(opinion_id)
    with app.app_context():
        services.record_vote(db.session.get(Opinion, opinion_id), db.session.get(User, organiser.id),
                             text="Le conseil interpelle le préfet.", dissent="", count=VoteCount(8, 0, 0))
        db.session.commit()
    login_as("organiser")
    response = client.post(f"/avis/{opinion_id}/transmission",
                           data={"transmit-transmitted_on": _today()}, follow_redirects=True)
    detail = page_text(response)
    assert "Transmission au préfet de l'Orne enregistrée." in detail
    assert "au préfet de l'Orne</dd>" in detail
    assert "à Le préfet" not in detail and "de Le préfet" not in detail
    listing = page_text(client.get("/avis"))
    assert "Interpellation du préfet adoptée le" in listing and "adressée au préfet de l'Orne" in listing
    assert "transmise le" in listing
    frozen = page_text(client.get(f"/avis/{opinion_id}/modifier"))
    assert "<h1>Cette interpellation du préfet ne peut plus être modifiée</h1>" in frozen
    assert "a été adoptée" in frozen


def test_links_to_a_meeting_name_its_day(app, client, login_as, make_user, make_opinion, scheduled,
                                        meeting):
    """Plenaries share one title: a link to one of them says which day it is (for screen readers,
    whose list of links shows only the link text)."""
    from council.dates import format_day
    from council.meetings.models import Meeting

    opinion_id = make_opinion(make_user().id, title="Un avis à l'ordre du jour")
    scheduled(opinion_id)
    with app.app_context():
        day = format_day(db.session.get(Meeting, meeting["meeting"]).starts_at)
    login_as("member")
    html = client.get(f"/avis/{opinion_id}").get_data(as_text=True)
    assert f'<span class="visually-hidden"> du {day}</span></a>' in html
