"""/partenaires: the public directory of the contrat de ville's partners and what was sent to
them (public parts only), and the admin's pages to add, edit, retire and bring back a partner."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from council.database import utcnow
from council.extensions import db
from tests.fixtures.text import page_text


@pytest.fixture
def sent(app, make_user, make_opinion, make_observation, ids):
    """To Orne Habitat: an adopted and answered avis, a draft, a published observation with its
    resident's contact, and an unpublished one."""
    from council.observations.lifecycle import ObservationStatus
    from council.observations.models import Observation
    from council.opinions.lifecycle import OpinionStatus
    from council.opinions.models import Opinion

    author = make_user().id
    adopted = make_opinion(author, title="Rénover l'ascenseur du bâtiment C", partner_id=ids["orne_habitat"])
    draft = make_opinion(author, title="Brouillon secret", partner_id=ids["orne_habitat"])
    published = make_observation(author, contact=True, description="Description interne")
    hidden = make_observation(author, description="Observation non publiée")
    with app.app_context():
        opinion = db.session.get(Opinion, adopted)
        opinion.status, opinion.voted_at = OpinionStatus.ANSWERED, utcnow()
        opinion.transmitted_on, opinion.answered_on = date(2026, 9, 1), date(2026, 10, 1)
        opinion.answer_text = "Travaux prévus au printemps."
        for observation_id, publish in ((published, True), (hidden, False)):
            observation = db.session.get(Observation, observation_id)
            observation.status = ObservationStatus.ANSWERED
            observation.partner_id = ids["orne_habitat"]
            observation.transmitted_on = date(2026, 9, 2)
            if publish:
                observation.published_at = utcnow()
                observation.public_summary = "L'éclairage du parking est en panne."
                observation.public_answer = "Réparé le 3 octobre."
        db.session.commit()
    return {"adopted": adopted, "draft": draft, "published": published, "hidden": hidden}


def test_the_directory_lists_partners_with_their_kind_and_what_was_sent(client, sent):
    html = page_text(client.get("/partenaires"))
    assert "Orne Habitat (bailleur social)" in html and "Bailleur social" in html
    assert "Reçu du conseil : 1 avis, 1 observation" in html
    assert "L'État" in html and "État et services de l'État" in html


def test_a_partner_page_shows_public_avis_and_observations_only(client, sent, ids):
    html = page_text(client.get(f"/partenaires/{ids['orne_habitat']}"))
    assert "Rénover l'ascenseur du bâtiment C" in html and "réponse reçue le" in html
    assert f'href="/avis/{sent["adopted"]}"' in html
    assert "L'éclairage du parking est en panne." in html and "Réparé le 3 octobre." in html
    for private in ("Brouillon secret", "Observation non publiée", "Description interne",
                    "Yvette Lanier", "06 12 34 56 78", "12 rue de Normandie"):
        assert private not in html, private


def test_an_unknown_partner_is_a_404(client):
    assert client.get("/partenaires/999999").status_code == 404
    assert client.get("/partenaires/99999999999").status_code == 404


def _partner_form(**changes) -> dict:
    return {"name": "Flers Agglo", "kind": "local_authority",
            "description": "Finance les actions du contrat de ville.",
            "website": "https://www.flers-agglo.example", "public_email": "contact@flers-agglo.example",
            "public_phone": "02 33 12 34 56", **changes}


def test_an_admin_adds_a_partner_and_it_is_public(app, client, login_as):
    from council.audit.models import AuditEntry
    from council.reference.models import Partner, PartnerKind

    login_as("admin")
    response = client.post("/admin/partenaires/nouveau", data=_partner_form())
    assert response.status_code == 302
    html = page_text(client.get(response.location))
    assert "Flers Agglo" in html and "Finance les actions" in html
    assert 'href="https://www.flers-agglo.example"' in html and "02 33 12 34 56" in html
    with app.app_context():
        partner = db.session.scalar(select(Partner).where(Partner.name == "Flers Agglo"))
        assert partner.kind is PartnerKind.LOCAL_AUTHORITY and partner.slug == "flers-agglo"
        assert db.session.scalar(select(AuditEntry.action).where(
            AuditEntry.target_type == "partner", AuditEntry.target_id == partner.id)) == "partner.create"


def test_two_admins_adding_the_same_partner_at_once_get_two_partners_and_no_error(app, make_user):
    """Both requests pick the partner's slug from the same name: on PostgreSQL they must not both
    take it (the second used to end in a unique-constraint 500)."""
    from council.auth.models import Role
    from council.reference.models import Partner
    from tests.concurrency import at_once, is_postgresql
    from tests.conftest import PASSWORD

    clients = [app.test_client(), app.test_client()]
    for number, client in enumerate(clients):
        admin = make_user(role=Role.ADMIN, email=f"admin.{number}@example.org")
        assert client.post("/connexion", data={"email": admin.email, "password": PASSWORD}
                           ).status_code == 302
    race = at_once(app, [(client, "/admin/partenaires/nouveau", _partner_form()) for client in clients],
                   meet_after="partner")
    if is_postgresql(app):
        assert race.met, "the requests did not meet after reading: the race was not run"
    assert [o.status for o in race.outcomes] == [200, 200], race
    with app.app_context():
        slugs = db.session.scalars(select(Partner.slug).where(Partner.name == "Flers Agglo")).all()
    assert sorted(slugs) == ["flers-agglo", "flers-agglo-2"]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"name": ""}, "name", "Indiquez le nom du partenaire."),
    ({"kind": "ministry"}, "kind", "Choisissez le type de partenaire."),
    ({"kind": ""}, "kind", "Choisissez le type de partenaire."),
    ({"website": "javascript:alert(1)"}, "website", "commence par https://"),
    ({"website": "www.exemple.fr"}, "website", "commence par https://"),
    ({"public_email": "pas-une-adresse"}, "public_email", "adresse"),
    ({"public_phone": "appelez-nous"}, "public_phone", "numéro de téléphone"),
    ({"name": "x" * 201}, "name", "200 caractères au plus."),
])
def test_a_wrong_partner_field_is_refused_beside_it_with_what_was_typed(client, login_as, changes,
                                                                         field, message):
    login_as("admin")
    response = client.post("/admin/partenaires/nouveau", data=_partner_form(**changes))
    html = page_text(response)
    assert response.status_code == 200
    assert f'id="{field}-error"' in html and message in html
    assert "Finance les actions du contrat de ville." in html  # the rest stays as typed


def test_an_admin_edits_a_partner_and_old_avis_follow_the_new_name(app, client, login_as, sent, ids):
    login_as("admin")
    response = client.post(f"/admin/partenaires/{ids['orne_habitat']}",
                           data=_partner_form(name="Orne Habitat", kind="landlord"))
    assert response.status_code == 302
    page = page_text(client.get(f"/avis/{sent['adopted']}"))
    assert "Orne Habitat" in page and "Orne Habitat (bailleur social)" not in page


def test_a_retired_partner_keeps_its_history_but_is_no_longer_offered(app, client, login_as, sent,
                                                                      ids):
    from council.audit.models import AuditEntry

    login_as("admin")
    draft_to_it = sent["draft"]
    assert client.post(f"/admin/partenaires/{ids['orne_habitat']}/retirer").status_code == 302
    directory = page_text(client.get("/partenaires"))
    current, retired = directory.split("Anciens partenaires")
    assert "Orne Habitat" not in current and "Orne Habitat" in retired
    page = page_text(client.get(f"/partenaires/{ids['orne_habitat']}"))
    assert "ne fait plus partie des partenaires depuis le" in page
    assert "Rénover l'ascenseur du bâtiment C" in page  # its history stays
    assert "Orne Habitat" in page_text(client.get(f"/avis/{sent['adopted']}"))
    # new avis and observations no longer offer it; the draft already addressed to it keeps it
    assert "Orne Habitat" not in page_text(client.get("/avis/rediger"))
    assert "Orne Habitat" in page_text(client.get(f"/avis/{draft_to_it}/modifier"))
    assert client.post(f"/admin/partenaires/{ids['orne_habitat']}/retirer").status_code == 302
    assert "déjà retiré" in page_text(client.get("/admin/partenaires"))
    assert client.post(f"/admin/partenaires/{ids['orne_habitat']}/retablir").status_code == 302
    assert "Orne Habitat" in page_text(client.get("/avis/rediger"))
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.target_type == "partner").order_by(AuditEntry.id)).all()
        assert actions == ["partner.retire", "partner.restore"]


def test_the_transmit_form_offers_only_current_partners_the_filters_all(app, ids):
    """An observation is transmitted to a current partner; the list filters still find what was
    sent to a retired one."""
    from council.observations.forms import FilterForm, TransmitForm
    from council.reference.models import Partner

    with app.app_context():
        db.session.get(Partner, ids["ville"]).retired_at = utcnow()
        db.session.commit()
    with app.test_request_context():
        offered = {value for value, _label in TransmitForm().partner.choices}
        filtered = {value for value, _label in FilterForm().partner.choices}
    assert ids["orne_habitat"] in offered and ids["ville"] not in offered
    assert ids["ville"] in filtered


def test_members_and_organisers_cannot_manage_partners(client, login_as, ids):
    login_as("organiser")
    assert client.get("/admin/partenaires").status_code == 403
    assert client.post("/admin/partenaires/nouveau", data=_partner_form()).status_code == 403
    assert client.post(f"/admin/partenaires/{ids['ville']}/retirer").status_code == 403
