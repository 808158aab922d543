"""Members log observations and take each step; organisers moderate; who sees a resident's contact."""

from datetime import date

import pytest
from sqlalchemy import select

from council.auth.models import Role
from council.extensions import db
from council.observations.lifecycle import ClosureReason, ObservationStatus
from council.observations.models import Observation
from tests.fixtures.text import page_text


def _get(app, observation_id) -> Observation:
    with app.app_context():
        observation = db.session.get(Observation, observation_id)
        observation.events, observation.axes  # noqa: B018 - load before the session closes
        return observation


def _member_form(ids, **overrides):
    data = {"kind": "idea", "neighbourhood": str(ids["saint_michel"]), "pillar": str(ids["cohesion"]),
            "description": "Un banc et une boîte à livres devant l'école.", "observed_on": "2026-02-03",
            "source": "anonymous"}
    data.update(overrides)
    return data


def test_a_member_logs_an_anonymous_observation(app, client, login_as, ids):
    user = login_as("member")
    response = client.post("/observations/ajouter", data=_member_form(ids, axes=[str(ids["jeunesse"])]))
    assert response.status_code == 302
    observation_id = int(response.location.rsplit("/", 1)[1])
    observation = _get(app, observation_id)
    assert observation.status is ObservationStatus.NEW and observation.logged_by_id == user.id
    assert observation.observed_on == date(2026, 2, 3) and observation.resident_contact is None
    [event] = observation.events
    assert (event.from_status, event.to_status, event.user_id) == (None, ObservationStatus.NEW, user.id)


@pytest.mark.parametrize(("overrides", "message"), [
    ({"resident_name": "Yvette Lanier"}, "Sans l'accord de l'habitant·e"),
    ({"source": "resident", "resident_name": "Yvette Lanier", "resident_contact": "06 12 34 56 78"},
     "Cochez cette case seulement si"),
    ({"source": "resident", "contact_consent": "y"}, "Indiquez le nom de l'habitant·e."),
    ({"pillar": ""}, "Choisissez un volet."),
    ({"observed_on": ""}, "Indiquez la date"),
])
def test_consent_and_required_fields_are_enforced(app, client, login_as, ids, overrides, message):
    login_as("member")
    response = client.post("/observations/ajouter", data=_member_form(ids, **overrides))
    assert response.status_code == 200
    assert message in page_text(response)
    with app.app_context():
        assert db.session.scalars(select(Observation)).all() == []


def test_a_named_observation_keeps_the_contact_with_the_consent(app, client, login_as, ids):
    login_as("member")
    response = client.post("/observations/ajouter", data=_member_form(
        ids, source="resident", resident_name="Yvette Lanier", resident_contact="yvette@example.org",
        contact_consent="y", old_enough="y"))
    observation = _get(app, int(response.location.rsplit("/", 1)[1]))
    assert observation.resident_contact == "yvette@example.org"
    assert observation.contact_consent_at is not None


def test_a_named_observation_needs_the_residents_age_like_the_online_form(app, client, login_as, ids):
    """« 15 ans ou plus » is asked before a name or contact is kept, as on /observations/nouvelle:
    without it nothing is stored and what was typed stays."""
    login_as("member")
    data = _member_form(ids, source="resident", resident_name="Yvette Lanier",
                        resident_contact="yvette@example.org", contact_consent="y")
    response = client.post("/observations/ajouter", data=data)
    assert response.status_code == 200
    text = page_text(response)
    assert "Le conseil garde le nom et le contact seulement des personnes de 15 ans ou plus" in text
    assert 'id="old_enough-error"' in text and 'value="Yvette Lanier"' in text
    with app.app_context():
        assert db.session.scalars(select(Observation)).all() == []
    form = page_text(client.get("/observations/ajouter"))
    assert "L'habitant·e m'a dit avoir 15 ans ou plus" in form


def test_an_anonymous_observation_needs_no_age(app, client, login_as, ids):
    login_as("member")
    assert client.post("/observations/ajouter", data=_member_form(ids)).status_code == 302


def test_the_contact_is_shown_to_organisers_and_the_logging_member_only(app, client, login_as, make_user,
                                                                        make_observation):
    author = make_user(role=Role.MEMBER)
    observation_id = make_observation(author.id, contact=True)
    path = f"/observations/{observation_id}/contact"
    login_as("member")
    assert client.get(path).status_code == 403
    detail = client.get(f"/observations/{observation_id}").get_data(as_text=True)
    assert "06 12 34 56 78" not in detail and "Lanier" not in detail and path not in detail
    client.post("/deconnexion")
    client.post("/connexion", data={"email": author.email, "password": "correct horse battery staple"})
    assert "06 12 34 56 78" in client.get(path).get_data(as_text=True)
    assert path in client.get(f"/observations/{observation_id}").get_data(as_text=True)
    client.post("/deconnexion")
    login_as("organiser")
    assert "Yvette Lanier" in client.get(path).get_data(as_text=True)


def test_online_observations_are_moderated_by_organisers(app, client, login_as, ids, make_observation):
    observation_id = make_observation(online=True, contact=True, pillar_id=None)
    login_as("member")
    assert client.get(f"/observations/{observation_id}").status_code == 403
    assert client.get(f"/observations/{observation_id}/contact").status_code == 403
    assert client.post(f"/observations/{observation_id}/accepter").status_code == 403
    assert f"/observations/{observation_id}\"" not in client.get("/observations").get_data(as_text=True)
    client.post("/deconnexion")
    organiser = login_as("organiser")
    queue = client.get("/observations/a-moderer").get_data(as_text=True)
    assert f"Observation n° {observation_id}" in queue
    response = client.post(f"/observations/{observation_id}/accepter", data={"accept-pillar": ""})
    assert "Choisissez un volet avant d'accepter." in page_text(response)
    client.post(f"/observations/{observation_id}/accepter",
                data={"accept-pillar": str(ids["cadre_de_vie"]), "accept-note": "Bien reçu."})
    observation = _get(app, observation_id)
    assert observation.status is ObservationStatus.NEW and observation.pillar_id == ids["cadre_de_vie"]
    last = observation.events[-1]
    assert (last.user_id, last.from_status, last.note) == (
        organiser.id, ObservationStatus.PENDING, "Bien reçu.")
    assert "Rien à modérer" in client.get("/observations/a-moderer").get_data(as_text=True)


def test_an_organiser_discards_spam(app, client, login_as, make_observation):
    observation_id = make_observation(online=True, description="Achetez des montres !")
    login_as("organiser")
    client.post(f"/observations/{observation_id}/ecarter", data={"discard-note": "Publicité."})
    observation = _get(app, observation_id)
    assert observation.status is ObservationStatus.DISCARDED and observation.closed_at is not None
    assert "Achetez" not in client.get("/observations").get_data(as_text=True)


def test_the_whole_life_with_a_history_row_per_step(app, client, login_as, ids, meeting, make_observation):
    user = login_as("member")
    observation_id = make_observation(user.id)
    response = client.post(f"/observations/{observation_id}/ordre-du-jour", data={"schedule-agenda_item": ""})
    assert "Choisissez le point de l'ordre du jour." in page_text(response)
    client.post(f"/observations/{observation_id}/ordre-du-jour", data={
        "schedule-agenda_item": str(meeting["items"][0]), "schedule-note": "À discuter en plénière."})
    observation = _get(app, observation_id)
    assert observation.status is ObservationStatus.ON_AGENDA
    assert observation.agenda_item_id == meeting["items"][0]
    client.post(f"/observations/{observation_id}/transmettre", data={
        "transmit-partner": str(ids["orne_habitat"]), "transmit-transmitted_on": "2026-10-10",
        "transmit-note": "Envoyé par courrier."})
    observation = _get(app, observation_id)
    assert observation.status is ObservationStatus.TRANSMITTED
    assert (observation.partner_id, observation.transmitted_on) == (ids["orne_habitat"], date(2026, 10, 10))
    response = client.post(f"/observations/{observation_id}/reponse", data={
        "record_answer-answer_text": "Réparé.", "record_answer-answered_on": "2026-10-01"},
        follow_redirects=True)
    assert "La réponse ne peut pas dater d'avant la transmission" in page_text(response)
    assert _get(app, observation_id).status is ObservationStatus.TRANSMITTED
    client.post(f"/observations/{observation_id}/reponse", data={
        "record_answer-answer_text": "Le lampadaire a été réparé le 20 octobre.",
        "record_answer-answered_on": "2026-10-21"})
    client.post(f"/observations/{observation_id}/cloture", data={"close-reason": "resolved",
                                                                  "close-note": "Vérifié sur place."})
    observation = _get(app, observation_id)
    assert observation.status is ObservationStatus.CLOSED
    assert observation.closure_reason is ClosureReason.RESOLVED and observation.closed_at is not None
    assert observation.answer_text == "Le lampadaire a été réparé le 20 octobre."
    steps = [(e.from_status, e.to_status) for e in observation.events]
    assert steps == [(None, ObservationStatus.NEW),
                     (ObservationStatus.NEW, ObservationStatus.ON_AGENDA),
                     (ObservationStatus.ON_AGENDA, ObservationStatus.TRANSMITTED),
                     (ObservationStatus.TRANSMITTED, ObservationStatus.ANSWERED),
                     (ObservationStatus.ANSWERED, ObservationStatus.CLOSED)]
    assert all(e.user_id == user.id and e.at is not None for e in observation.events)
    assert [e.note for e in observation.events] == [
        "", "À discuter en plénière.", "Envoyé par courrier.", "", "Vérifié sur place."]
    assert "Inscrite à l'ordre du jour" in observation.events[1].detail
    assert "point 1 : Observations des habitants" in observation.events[1].detail
    page = client.get(f"/observations/{observation_id}").get_data(as_text=True)
    assert "Historique" in page and "Transmise à Orne Habitat" in page and "Envoyé par courrier." in page


@pytest.mark.parametrize(("path", "data", "message"), [
    ("reponse", {"record_answer-answer_text": "x", "record_answer-answered_on": "2026-10-21"},
     "Impossible d'enregistrer la réponse à une observation « nouvelle »."),
    ("transmettre", {"transmit-partner": "1", "transmit-transmitted_on": "2026-10-10"},
     "Impossible de transmettre à un partenaire une observation « nouvelle »."),
])
def test_a_step_out_of_order_is_refused_in_french(app, client, login_as, path, data, message,
                                                  make_observation):
    user = login_as("member")
    observation_id = make_observation(user.id)
    response = client.post(f"/observations/{observation_id}/{path}", data=data, follow_redirects=True)
    assert message in page_text(response)
    assert _get(app, observation_id).status is ObservationStatus.NEW


def test_closing_as_a_duplicate_names_another_observation(app, client, login_as, make_observation):
    user = login_as("member")
    first, second = make_observation(user.id), make_observation(user.id)
    response = client.post(f"/observations/{second}/cloture",
                           data={"close-reason": "duplicate", "close-duplicate_of": "99999"},
                           follow_redirects=True)
    assert "n° 99999 n'existe pas" in page_text(response)
    response = client.post(f"/observations/{second}/cloture",
                           data={"close-reason": "duplicate", "close-duplicate_of": "99999999999999"})
    assert response.status_code == 200 and "n'existe pas" in page_text(response)
    client.post(f"/observations/{second}/cloture", data={"close-reason": "duplicate",
                                                         "close-duplicate_of": str(first)})
    observation = _get(app, second)
    assert (observation.closure_reason, observation.duplicate_of_id) == (ClosureReason.DUPLICATE, first)


def test_unknown_observation_is_a_404(client, login_as):
    login_as("member")
    assert client.get("/observations/424242").status_code == 404
    assert client.get("/observations/99999999999999999").status_code == 404


def test_agenda_points_offered_are_of_meetings_not_cancelled(app, client, login_as, meeting,
                                                             make_observation, make_sitting):
    from council.meetings.models import Meeting
    from council.meetings.services.meetings import cancel_meeting

    cancelled = make_sitting(days=3, agenda=("Point d'une réunion annulée",), members=0, present=0)
    old = make_sitting(days=-60, agenda=("Point d'une vieille réunion",), members=0, present=0)
    with app.app_context():
        cancel_meeting(db.session.get(Meeting, cancelled["meeting"]), "Salle indisponible.")
        db.session.commit()
    user = login_as("member")
    page = client.get(f"/observations/{make_observation(user.id)}").get_data(as_text=True)
    assert "point 1 : Observations des habitants" in page
    assert "réunion annulée" not in page and "vieille réunion" not in page
    assert old["items"]


def test_removing_the_agenda_point_keeps_the_observation(app, client, login_as, on_agenda, meeting,
                                                         make_observation):
    from council.meetings.models import AgendaItem

    user = login_as("member")
    observation_id = make_observation(user.id)
    on_agenda(observation_id)
    with app.app_context():
        db.session.delete(db.session.get(AgendaItem, meeting["items"][0]))
        db.session.commit()
    observation = _get(app, observation_id)
    assert observation.status is ObservationStatus.ON_AGENDA and observation.agenda_item_id is None
    assert client.get(f"/observations/{observation_id}").status_code == 200


def test_the_service_refuses_a_cancelled_meetings_agenda(app, make_user, make_observation, make_sitting):
    from council.auth.models import User
    from council.meetings.models import Meeting
    from council.meetings.services.meetings import cancel_meeting, get_agenda_item
    from council.observations.lifecycle import ObservationError
    from council.observations.services import steps

    user_id = make_user().id
    observation_id = make_observation(user_id)
    cancelled = make_sitting(days=3, agenda=("Point",), members=0, present=0)
    with app.app_context():
        cancel_meeting(db.session.get(Meeting, cancelled["meeting"]), "Salle indisponible.")
        with pytest.raises(ObservationError, match="Cette réunion est annulée"):
            steps.schedule(db.session.get(Observation, observation_id),
                              get_agenda_item(cancelled["items"][0]), db.session.get(User, user_id))


def test_the_history_names_who_acted_with_their_role_agreed(app, client, login_as, make_member,
                                                             make_observation):
    from council.membership.models import Gender

    organiser = login_as("organiser")
    make_member(user_id=organiser.id, first_name="Camille", last_name="Martin", gender=Gender.FEMALE)
    observation_id = make_observation(user_id=organiser.id)
    text = page_text(client.get(f"/observations/{observation_id}"))
    assert ", par Camille Martin, organisatrice</p>" in text
    assert " , par" not in text and "par organisateur·rice" not in text


def test_an_account_without_a_member_record_is_named_by_its_role(app, client, login_as,
                                                                  make_observation):
    organiser = login_as("organiser")
    observation_id = make_observation(user_id=organiser.id)
    assert ", par organisateur·rice</p>" in page_text(client.get(f"/observations/{observation_id}"))


def test_the_history_transmits_to_a_partner_with_its_article(app, client, login_as, ids, make_observation):
    """« Transmise à la Ville d'Argentan », not « Transmise à La Ville d'Argentan »."""
    from council.auth.models import User
    from council.observations.services import steps

    organiser = login_as("organiser")
    observation_id = make_observation(user_id=organiser.id)
    with app.app_context():
        observation = db.session.get(Observation, observation_id)
        user = db.session.get(User, organiser.id)
        from council.reference.models import Partner
        observation.observed_on = date(2026, 2, 1)
        observation.status = ObservationStatus.ON_AGENDA  # the step before a transmission
        steps.transmit(observation, db.session.get(Partner, ids["ville"]), date(2026, 2, 4), user)
        db.session.commit()
    assert "Transmise à la Ville d'Argentan le 04/02/2026." in page_text(
        client.get(f"/observations/{observation_id}"))
