"""``demo-data --council SLUG`` fills a second council with its own demo: its accounts (prefixed by
its slug), roster, meetings and observations, and leaves the first council's as they were."""

from __future__ import annotations

from sqlalchemy import func, select

from council.auth.models import User
from council.extensions import db
from council.tenancy import use_council

PASSWORD = "Vive le bocage normand 61"


def _counts(council_id):
    from council.meetings.models import Meeting
    from council.membership.models import Member
    from council.observations.models import Observation

    use_council(council_id)
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Member, Meeting, Observation))


def test_a_second_council_gets_its_own_demo_without_touching_the_first(app, runner):
    from council.councils.services import council_by_slug

    assert runner.invoke(args=["demo-data", "--password", PASSWORD]).exit_code == 0
    assert runner.invoke(args=["council", "create", "flers", "--name", "Conseil citoyen de Flers",
                               "--city", "Flers", "--host", "flers.test",
                               "--contact-email", "flers@example.org"]).exit_code == 0
    with app.app_context():
        first_id, flers_id = council_by_slug("conseil").id, council_by_slug("flers").id
        before = _counts(first_id)
        assert _counts(flers_id) == (0, 0, 0)
    result = runner.invoke(args=["demo-data", "--council", "flers", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "flers.membre@example.org" in result.output and "http://flers.test/connexion" in result.output
    assert runner.invoke(args=["demo-data", "--council", "flers"]).exit_code != 0  # not twice

    with app.app_context():
        assert _counts(first_id) == before
        assert _counts(flers_id) == before  # the same demo, its own rows
        use_council(flers_id)
        flers_member = db.session.scalar(select(User).where(User.email == "flers.membre@example.org"))
        first_member = db.session.scalar(select(User).where(User.email == "membre@example.org"))
        assert flers_member.role is not None and first_member.role is None
        use_council(first_id)
        db.session.expire_all()
        assert db.session.get(User, flers_member.id).role is None

    client = app.test_client()
    response = client.post("/connexion", base_url="http://flers.test",
                           data={"email": "flers.organisateur@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/membres", base_url="http://flers.test").status_code == 200
