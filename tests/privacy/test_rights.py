"""Rights: a member downloads their data; an admin erases a person everywhere, after a preview."""

import json

from sqlalchemy import func, select

from council.audit.models import AuditEntry
from council.auth.models import Role, User
from council.extensions import db
from council.membership.models import Application, Member, MemberStatus
from tests.fixtures.text import page_text


def test_member_downloads_all_their_data(app, client, login_as, make_application, make_member):
    user = login_as("member")
    application_id = make_application(email=user.email)
    member_id = make_member(user_id=user.id, first_name="Léa", email=user.email)
    with app.app_context():  # the application that made them a member, linked by id
        db.session.get(Application, application_id).member_id = member_id
        db.session.commit()
    response = client.get("/profil/mes-donnees.json")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    document = json.loads(response.get_data(as_text=True))
    assert document["compte"]["adresse_email"] == user.email
    assert not {"password_hash", "session_token", "mot_de_passe"} & set(document["compte"])
    assert document["membre"]["numero"] == member_id and document["membre"]["prenom"] == "Léa"
    assert len(document["candidatures"]) == 1
    assert "date_de_naissance" in document["candidatures"][0]  # French keys, for the person reading


def test_every_exported_column_has_a_french_key():
    """A column added to an exported table without its French key fails here, not in a file a
    member reads."""
    from council.auth.models import User
    from council.membership.models import Application, Member
    from council.privacy.export_keys import FRENCH_KEYS

    exported = {column.key for model in (User, Member, Application) for column in model.__table__.columns}
    assert exported - {"password_hash", "session_token"} - set(FRENCH_KEYS) == set()


def test_anonymous_visitors_get_no_data(client):
    response = client.get("/profil/mes-donnees.json")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_erasure_shows_what_will_go_then_erases_on_confirmation(app, client, login_as, make_user,
                                                                make_application, make_member):
    person = make_user(email="sarah.benali@example.org")
    make_application(email=person.email)
    member_id = make_member(user_id=person.id, email=person.email,
                            first_name="Sarah", last_name="Benali")
    login_as("admin")
    preview = client.post("/admin/effacement", data={"email": person.email}).get_data(as_text=True)
    assert "Candidatures : 1" in preview and "Fiches de membre : 1" in preview
    assert "Comptes : 1" in preview
    with app.app_context():  # nothing erased yet
        assert db.session.get(Member, member_id).last_name == "Benali"
    response = client.post("/admin/effacement", data={"email": person.email, "confirm": "oui"})
    assert response.status_code == 302
    with app.app_context():
        member = db.session.get(Member, member_id)
        assert member.last_name == f"n° {member_id}" and member.status is MemberStatus.REMOVED
        assert db.session.scalar(select(func.count()).select_from(Application)) == 0
        account = db.session.get(User, person.id)
        assert not account.active and account.password_hash is None
        assert "benali" not in account.email
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.erase"))
        assert "benali" not in (entry.note or "").lower()


def test_erasure_of_an_unknown_address_says_so(client, login_as):
    login_as("admin")
    response = client.post("/admin/effacement", data={"email": "personne@example.org",
                                                      "confirm": "oui"}, follow_redirects=True)
    assert "Aucune donnée" in response.get_data(as_text=True)


def test_erasure_form_keeps_what_was_typed(client, login_as):
    login_as("admin")
    html = client.post("/admin/effacement", data={"email": "pas une adresse"}).get_data(as_text=True)
    assert "pas une adresse" in html and "n'est pas valide" in page_text(html)


def test_only_admins_erase(client, login_as):
    login_as("organiser")
    assert client.get("/admin/effacement").status_code == 403


def test_erasure_forgets_a_resident_contact_on_observations(app, client, login_as, make_user,
                                                            make_observation):
    from council.observations.models import Observation

    member = make_user()
    observation_id = make_observation(member.id, contact=True,
                                      resident_contact="yvette.lanier@example.org")
    login_as("admin")
    preview = client.post("/admin/effacement", data={"email": "Yvette.Lanier@example.org"})
    assert "Contacts d'habitant sur des observations : 1" in preview.get_data(as_text=True)
    client.post("/admin/effacement", data={"email": "yvette.lanier@example.org", "confirm": "oui"})
    with app.app_context():
        observation = db.session.get(Observation, observation_id)
        assert observation.resident_contact is None and observation.resident_name is None


def test_data_download_lists_what_the_member_wrote(app, client, login_as, make_observation, make_opinion):

    user = login_as("member")
    make_observation(user.id)
    make_opinion(user.id)
    document = client.get("/profil/mes-donnees.json").get_json()
    assert len(document["observations_notees"]) == 1 and len(document["avis_rediges"]) == 1


def test_the_export_holds_named_votes_delegations_and_history_notes(
        app, client, login_as, make_user, make_sitting, make_opinion, make_observation, make_meeting):
    """Everything linked to the member: their named votes, the meetings they were delegated to,
    and the notes they wrote in observation histories."""
    from council.meetings.models import Meeting, MeetingKind
    from council.observations.models import Observation, ObservationEvent
    from council.opinions import services as opinions
    from council.opinions.models import Opinion
    from council.opinions.voting import VoteChoice

    user = login_as("member")
    sitting = make_sitting(members=10, present=7)
    member_id, *others = sitting["present"]
    organiser = make_user(role=Role.ORGANISER)
    opinion_id = make_opinion(organiser.id)
    observation_id = make_observation(user.id)
    make_meeting(days=20, kind=MeetingKind.STEERING_COMMITTEE, title="Comité de pilotage",
                 delegate_ids=[member_id])
    with app.app_context():
        db.session.get(Member, member_id).user_id = user.id
        db.session.add(ObservationEvent(observation_id=observation_id, user_id=user.id,
                                        to_status=db.session.get(Observation, observation_id).status,
                                        note="Vu avec le gardien."))
        opinions.schedule(db.session.get(Opinion, opinion_id),
                          db.session.get(Meeting, sitting["meeting"]).agenda_items[1],
                          db.session.get(User, organiser.id))
        opinions.record_vote(db.session.get(Opinion, opinion_id), db.session.get(User, organiser.id),
                             text="Texte.", dissent="Une voix contre.",
                             ballots={member_id: VoteChoice.AGAINST, others[0]: VoteChoice.FOR,
                                      others[1]: VoteChoice.FOR})
        db.session.commit()
    document = json.loads(client.get("/profil/mes-donnees.json").get_data(as_text=True))
    [vote] = document["votes_nominatifs"]
    assert vote["avis"] == opinion_id and vote["choix"] == "contre"
    assert [d["reunion"] for d in document["delegations"]] == ["Comité de pilotage"]
    notes = document["notes_dans_l_historique_des_observations"]
    assert [(n["observation"], n["note"]) for n in notes] == [(observation_id, "Vu avec le gardien.")]
    assert len(document["presences"]) == 1
