"""The demo data: observations in every state, avis about the source page's projects."""

from sqlalchemy import select

from council.extensions import db
from council.observations.lifecycle import ObservationStatus
from council.observations.models import Observation
from council.opinions.lifecycle import OpinionKind, OpinionStatus
from council.opinions.models import Opinion


def test_demo_covers_every_state_and_the_source_projects(app, runner, client):
    result = runner.invoke(args=["demo-data", "--password", "Vive le bocage normand 61"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        statuses = set(db.session.scalars(select(Observation.status)))
        assert statuses == set(ObservationStatus)
        opinions = list(db.session.scalars(select(Opinion)))
        projects = " ".join(o.subject_project for o in opinions)
        for project in ["Dedans Dehors", "Les mots de la gourmandise", "boxe anglaise", "Café des parents",
                        "stéréotypes sexistes", "collège Jean Rostand"]:
            assert project in projects, project
        assert {o.kind for o in opinions} == set(OpinionKind)
        assert {OpinionStatus.DRAFT, OpinionStatus.ON_AGENDA, OpinionStatus.ADOPTED,
                OpinionStatus.TRANSMITTED, OpinionStatus.ANSWERED} <= {o.status for o in opinions}
        assert any(o.previous_version_id for o in opinions)
        assert all(o.partner is not None or o.kind is OpinionKind.INTERPELLATION for o in opinions)
        contacts = [o.resident_contact for o in db.session.scalars(select(Observation)) if o.resident_contact]
        assert contacts and all("@example.org" in c or c.startswith("06") for c in contacts)
    public = client.get("/avis").get_data(as_text=True)
    assert "Dedans Dehors" in public and "Exposition contre les violences" not in public
    assert "rue de Bretagne" in client.get("/observations/publiees").get_data(as_text=True)


def test_demo_avis_concern_the_current_contract_period():
    """The 2024-2030 contrats de ville: no demo avis speaks of a year of the previous contract."""
    import re

    from council.opinions.demo import AVIS

    years = {int(year) for title, *_rest, text, _links in AVIS
             for year in re.findall(r"\b(20\d\d)\b", title + text)}
    assert years and all(2024 <= year <= 2030 for year in years), years
