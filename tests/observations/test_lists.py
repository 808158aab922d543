"""The members' list (filters, search, pages), the CSV export, publishing, overdue and retention."""

import csv
import io
import re
from datetime import timedelta

import pytest

from bench.measure import count_statements
from council import dates
from council.database import utcnow
from council.extensions import db
from council.observations.lifecycle import ObservationKind, ObservationStatus
from council.observations.models import Observation
from tests.fixtures.search import list_page
from tests.fixtures.text import page_text


def _set(app, observation_id, **values):
    with app.app_context():
        observation = db.session.get(Observation, observation_id)
        for key, value in values.items():
            setattr(observation, key, value)
        db.session.commit()


@pytest.fixture
def sample(app, make_user, ids, make_observation):
    """Four observations: two kinds, two neighbourhoods, one transmitted long ago, one closed."""
    author = make_user().id
    today = dates.today()
    made = {
        "lamp": make_observation(author),
        "bench": make_observation(author, kind=ObservationKind.IDEA, neighbourhood_id=ids["provinces"],
                                  pillar_id=ids["cohesion"], description="Un banc près de l'arrêt de bus",
                                  place="Arrêt Les Provinces"),
        "old": make_observation(author, description="Ascenseur en panne au bâtiment C"),
        "closed": make_observation(author, description="Tags sur le mur du gymnase"),
    }
    _set(app, made["old"], status=ObservationStatus.TRANSMITTED, partner_id=ids["orne_habitat"],
         transmitted_on=today - timedelta(days=75))
    _set(app, made["closed"], status=ObservationStatus.CLOSED)
    return made


def _listed(client, query="") -> str:
    return list_page(client, "/observations", query).get_data(as_text=True)


def _shown(html, sample) -> set[str]:
    return {name for name, oid in sample.items() if f'href="/observations/{oid}"' in html}


@pytest.mark.parametrize(("query", "expected"), [
    ("", {"lamp", "bench", "old", "closed"}),
    ("?status=closed", {"closed"}),
    ("?status=pending", set()),  # not a choice: moderation has its own page
    ("?kind=idea", {"bench"}),
    ("?neighbourhood={provinces}", {"bench"}),
    ("?pillar={cohesion}", {"bench"}),
    ("?partner={orne_habitat}", {"old"}),
    ("?overdue=y", {"old"}),
    ("?q=ascenseur", {"old"}),
    ("?q=ARRÊT", {"bench"}),
    ("?q=100%25", set()),
    ("?q=%00&status=nonsense&neighbourhood=abc&page=-3", {"lamp", "bench", "old", "closed"}),
])
def test_filters_and_search(client, login_as, ids, sample, query, expected):
    login_as("member")
    assert _shown(_listed(client, query.format(**ids)), sample) == expected


def test_overdue_follows_the_setting(app, client, login_as, sample):
    login_as("member")
    assert "en retard" in _listed(client)
    app.config["OBSERVATION_ANSWER_DELAY_DAYS"] = 90
    assert _shown(_listed(client, "?overdue=y"), sample) == set()
    assert "en retard" not in _listed(client)


def test_pages_of_25_with_a_constant_number_of_queries(app, client, login_as, make_user, make_observation):
    login_as("member")
    author = make_user().id
    for _ in range(3):
        make_observation(author)
    with count_statements(app) as few:
        client.get("/observations")
    for _ in range(30):
        make_observation(author)
    with count_statements(app) as many:
        html = _listed(client)
    assert many["n"] == few["n"] <= 12
    assert "Page 1 sur 2" in html and html.count('<tr>') == 26
    assert "Page 2 sur 2" in _listed(client, "?page=2")
    assert "33 observations" in html


def test_csv_export_of_the_filtered_list(app, client, login_as, ids, sample):
    _set(app, sample["lamp"], resident_name="Yvette Lanier", resident_contact="06 12 34 56 78",
         contact_consent_at=utcnow())
    login_as("member")
    response = client.get(f"/observations/export.csv?neighbourhood={ids['saint_michel']}")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # declared once
    assert response.headers["Content-Disposition"].startswith('attachment; filename="observations-')
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["N°", "Date", "Type"]
    assert sorted(int(r[0]) for r in rows[1:]) == sorted([sample["lamp"], sample["old"], sample["closed"]])
    overdue = {int(r[0]): r[-1] for r in rows[1:]}
    assert overdue[sample["old"]] == "oui" and overdue[sample["lamp"]] == ""
    assert "05/10/2026" in body.decode("utf-8-sig")
    assert b"Lanier" not in body and b"06 12 34 56 78" not in body


def test_the_searched_text_travels_in_the_body_only(client, login_as, sample):
    """The text searched may be a resident's name: the page POSTs it (to list, to export, to
    turn pages) and never reads it from an address (access logs keep addresses)."""
    login_as("member")
    assert _shown(client.get("/observations?q=ascenseur").get_data(as_text=True), sample) == set(sample)
    html = client.post("/observations", data={"q": "ascenseur"}).get_data(as_text=True)
    assert _shown(html, sample) == {"old"}
    assert "ascenseur" not in "".join(re.findall(r'(?:href|action|src)="([^"]*)"', html))
    assert '<input type="hidden" name="q" value="ascenseur">' in html  # the export form
    exported = client.post("/observations/export.csv", data={"q": "ascenseur"}).get_data()
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    assert [int(r[0]) for r in rows[1:]] == [sample["old"]]


def test_publishing_without_personal_data(app, client, login_as, make_user, sample):
    login_as("organiser")
    oid = sample["old"]
    _set(app, oid, resident_name="Yvette Lanier", answer_text="Réparation prévue.")
    response = client.post(f"/observations/{oid}/publication", data={
        "publish-public_summary": "Ascenseur en panne. Contact : Yvette Lanier, 06 12 34 56 78"})
    html = response.get_data(as_text=True)
    assert "un numéro de téléphone et le nom de l'habitant·e" in page_text(html)
    assert "Ascenseur en panne. Contact" in html  # what was typed is kept
    client.post(f"/observations/{oid}/publication", data={
        "publish-public_summary": "Ascenseur en panne au bâtiment C depuis deux semaines.",
        "publish-public_answer": "Orne Habitat remplace le moteur en novembre."})
    public = client.get("/observations/publiees").get_data(as_text=True)
    assert "Ascenseur en panne au bâtiment C depuis deux semaines." in public
    assert "Orne Habitat remplace le moteur" in public and "Lanier" not in public
    assert "Un banc" not in public  # unpublished ones stay private
    client.post(f"/observations/{oid}/depublication")
    assert "Ascenseur" not in client.get("/observations/publiees").get_data(as_text=True)


def test_members_cannot_publish(client, login_as, sample):
    login_as("member")
    assert client.post(f"/observations/{sample['lamp']}/publication",
                       data={"publish-public_summary": "x"}).status_code == 403


def test_the_purge_command_erases_contacts_after_the_retention_period(app, make_user, runner,
                                                                      make_observation):
    author = make_user().id
    kept, erased, open_one = (make_observation(author, contact=True) for _ in range(3))
    now = utcnow()
    _set(app, kept, status=ObservationStatus.CLOSED, closed_at=now - timedelta(days=10))
    _set(app, erased, status=ObservationStatus.CLOSED, closed_at=now - timedelta(days=100))
    result = runner.invoke(args=["purge"])  # the privacy area's command (RETENTION_OBSERVATION_CONTACT_DAYS)
    assert result.exit_code == 0, result.output
    with app.app_context():
        contacts = {oid: db.session.get(Observation, oid).resident_contact
                    for oid in (kept, erased, open_one)}
        assert contacts == {kept: "06 12 34 56 78", erased: None, open_one: "06 12 34 56 78"}


def test_an_organiser_erases_a_contact_when_consent_is_withdrawn(app, client, login_as, make_user,
                                                                 make_observation):
    observation_id = make_observation(make_user().id, contact=True)
    login_as("member")
    assert client.post(f"/observations/{observation_id}/contact/effacer").status_code == 403
    client.post("/deconnexion")
    login_as("organiser")
    assert "Effacer son nom et son contact" in client.get(
        f"/observations/{observation_id}/contact").get_data(as_text=True)
    client.post(f"/observations/{observation_id}/contact/effacer")
    with app.app_context():
        observation = db.session.get(Observation, observation_id)
        assert observation.resident_name is None and observation.resident_contact is None
        assert "retrait de son accord" in observation.events[-1].detail
    page = client.get(f"/observations/{observation_id}").get_data(as_text=True)
    assert "Mise à jour" in page
    response = client.post(f"/observations/{observation_id}/contact/effacer", follow_redirects=True)
    assert "ne garde aucun contact" in response.get_data(as_text=True)


def test_waiting_for_answers_page_for_organisers(app, client, login_as, sample):
    login_as("organiser")
    html = client.get("/suivi-des-reponses").get_data(as_text=True)
    assert "Ascenseur en panne" in html and "75 jours" in html and "en retard" in html
