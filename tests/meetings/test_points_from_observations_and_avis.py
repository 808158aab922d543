"""« Inscrire à l'ordre du jour » from an observation's or an avis's page: a new point is added to
an upcoming meeting and the item put on it; the meeting's page lists them under the point, for
members only."""

from __future__ import annotations

import pytest

from council.extensions import db
from council.meetings.models import AgendaItem, Meeting, Visibility
from tests.fixtures.text import page_text


def _points(app, meeting_id):
    with app.app_context():
        return [item.title for item in db.session.get(Meeting, meeting_id).agenda_items]


def test_an_observation_goes_on_a_new_point_and_the_meeting_links_back(app, client, login_as,
                                                                        make_meeting, make_observation):
    member = login_as("member")
    observation = make_observation(user_id=member.id)
    meeting = make_meeting(days=5, agenda=("Accueil",))
    make_meeting(days=-2, title="Réunion passée")  # started: not offered
    page = client.get(f"/observations/{observation}").get_data(as_text=True)
    assert "Inscrire à l'ordre du jour d'une réunion à venir" in page
    offered = page.split("new_point-meeting")[1]
    assert f'<option value="{meeting}">' in page and "Réunion passée" not in offered
    assert f"Observation n° {observation} (dysfonctionnement, Saint-Michel" in page  # the title offered

    response = client.post(f"/observations/{observation}/nouveau-point", data={
        "new_point-meeting": str(meeting), "new_point-title": "Éclairage rue de Normandie"})
    assert response.status_code == 302
    assert _points(app, meeting) == ["Accueil", "Éclairage rue de Normandie"]
    page = page_text(client.get(f"/observations/{observation}").get_data(as_text=True))
    assert "inscrite à l'ordre du jour" in page and "Éclairage rue de Normandie" in page

    shown = client.get(f"/reunions/{meeting}").get_data(as_text=True)
    assert f'href="/observations/{observation}"' in shown and f"Observation n° {observation}" in shown
    client.post("/deconnexion")
    public = client.get(f"/reunions/{meeting}").get_data(as_text=True)
    assert "Éclairage rue de Normandie" in public and f"/observations/{observation}" not in public


def test_an_avis_goes_on_a_new_point(app, client, login_as, make_meeting, make_opinion):
    member = login_as("member")
    opinion = make_opinion(member.id)
    meeting = make_meeting(days=5, agenda=(), visibility=Visibility.MEMBERS)
    page = client.get(f"/avis/{opinion}").get_data(as_text=True)
    assert "Avis : Pérenniser le café des parents" in page
    response = client.post(f"/avis/{opinion}/nouveau-point", data={
        "new_point-meeting": str(meeting), "new_point-title": "Avis : Pérenniser le café des parents"})
    assert response.status_code == 302
    assert _points(app, meeting) == ["Avis : Pérenniser le café des parents"]
    assert "inscrit à l'ordre du jour" in page_text(client.get(f"/avis/{opinion}").get_data(as_text=True))
    shown = client.get(f"/reunions/{meeting}").get_data(as_text=True)
    assert f'href="/avis/{opinion}"' in shown


@pytest.mark.parametrize("problem", ["started", "cancelled", "no_meeting", "blank_title"])
def test_a_new_point_is_refused_in_french_and_nothing_is_written(app, client, login_as, make_meeting,
                                                                  make_observation, problem):
    member = login_as("member")
    observation = make_observation(user_id=member.id)
    meeting = {"started": lambda: make_meeting(days=-1),
               "cancelled": lambda: make_meeting(days=4, cancelled="Salle indisponible"),
               "no_meeting": lambda: None, "blank_title": lambda: make_meeting(days=4)}[problem]()
    response = client.post(f"/observations/{observation}/nouveau-point", data={
        "new_point-meeting": str(meeting or ""),
        "new_point-title": "" if problem == "blank_title" else "Point"})
    html = page_text(response.get_data(as_text=True))
    assert response.status_code == 200
    # a meeting started or cancelled is not offered: the form refuses it as not chosen
    expected = {"started": "Choisissez la réunion.", "cancelled": "Choisissez la réunion.",
                "no_meeting": "Choisissez la réunion.",
                "blank_title": "Indiquez l'intitulé du point."}[problem]
    assert expected in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(AgendaItem).where(
            AgendaItem.title == "Point")) == 0


def test_a_full_agenda_refuses_one_more_point(app, client, login_as, make_meeting, make_opinion):
    from council.meetings.rules import MAX_AGENDA_POINTS

    member = login_as("member")
    opinion = make_opinion(member.id)
    meeting = make_meeting(days=4, agenda=[f"Point {n}" for n in range(MAX_AGENDA_POINTS)])
    response = client.post(f"/avis/{opinion}/nouveau-point", data={
        "new_point-meeting": str(meeting), "new_point-title": "Un de trop"}, follow_redirects=True)
    assert f"{MAX_AGENDA_POINTS} au plus" in page_text(response.get_data(as_text=True))
    assert len(_points(app, meeting)) == MAX_AGENDA_POINTS


@pytest.mark.parametrize(("days", "cancelled", "message"), [
    (-1, None, "a commencé"), (4, "Salle indisponible", "annulée")])
def test_the_services_refuse_a_meeting_started_or_cancelled_meanwhile(app, make_user, make_meeting,
                                                                       make_observation, make_opinion,
                                                                       days, cancelled, message):
    """Chosen while it was open, then started or cancelled before the form came back."""
    from council.auth.models import User
    from council.observations.lifecycle import ObservationError
    from council.observations.models import Observation
    from council.observations.services.steps import schedule_on_new_point
    from council.opinions import services as opinions
    from council.opinions.models import Opinion

    member = make_user()
    observation_id, opinion_id = make_observation(user_id=member.id), make_opinion(member.id)
    meeting_id = make_meeting(days=days, cancelled=cancelled, agenda=())
    with app.app_context():
        user, meeting = db.session.get(User, member.id), db.session.get(Meeting, meeting_id)
        with pytest.raises(ObservationError, match=message):
            schedule_on_new_point(db.session.get(Observation, observation_id), meeting, "Point", user)
        db.session.rollback()
        with pytest.raises(opinions.OpinionError, match=message):
            opinions.schedule_on_new_point(db.session.get(Opinion, opinion_id), meeting, "Point", user)
        db.session.rollback()
        assert db.session.get(Meeting, meeting_id).agenda_items == []
