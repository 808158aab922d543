"""Review by organisers: the queue, accept / substitute / reject, the audit log, activation."""

import re

import pytest
from sqlalchemy import func, select

from council.audit.models import AuditEntry
from council.auth.models import Role, User
from council.eligibility import College
from council.extensions import db
from council.membership.models import Application, ApplicationStatus, Gender, Member, MemberStatus
from tests.fixtures.text import page_text

LINK = re.compile(r"http://conseil.test(/compte/activation/\S+)")


def _get(app, model, id_):
    with app.app_context():
        return db.session.get(model, id_)


def _audit(app):
    with app.app_context():
        return [(e.action, e.target_type, e.target_id, e.actor_id)
                for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


@pytest.mark.parametrize("path", ["/candidatures", "/candidatures/{a}", "/suppleants"])
def test_only_organisers_see_the_review(client, login_as, make_application, path):
    path = path.format(a=make_application())
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/connexion")
    login_as("member")
    assert client.get(path).status_code == 403
    client.post("/deconnexion")
    login_as("organiser")
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("action", ["accepter", "suppleant", "refuser"])
def test_members_cannot_decide(app, client, login_as, make_application, action):
    application_id = make_application()
    login_as("member")
    assert client.post(f"/candidatures/{application_id}/{action}", data={"reason": "Non."}).status_code == 403
    assert _get(app, Application, application_id).status is ApplicationStatus.PENDING


def test_unknown_application_is_a_404(client, login_as):
    login_as("organiser")
    assert client.get("/candidatures/999").status_code == 404
    assert client.post("/candidatures/999/accepter").status_code == 404


def test_the_queue_lists_pending_applications_oldest_first(client, login_as, make_application):
    first = make_application(last_name="Premier")
    make_application(last_name="Second")
    login_as("organiser")
    html = client.get("/candidatures").get_data(as_text=True)
    assert html.index("Premier") < html.index("Second")
    assert "remplies" in html
    detail = client.get(f"/candidatures/{first}").get_data(as_text=True)
    for shown in ("Premier", "17 mai 1990", "5 place du Marché", "Les Provinces", "femme",
                  "La candidature remplit toujours les conditions"):
        assert shown in detail


def test_the_queue_costs_the_same_statements_for_two_or_twenty_applications(
        app, client, login_as, make_application):
    """The eligibility re-check reads the council's neighbourhoods once per page, not once per
    application (the bench found 27 statements at 100x against 11 at 1x)."""
    from sqlalchemy import event

    login_as(Role.ORGANISER)

    def statements() -> int:
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *_args: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/candidatures").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    for _ in range(2):
        make_application()
    few = statements()
    for _ in range(18):
        make_application()
    assert statements() == few


def test_accepting_creates_the_member_and_an_account_and_mails_a_link(
        app, client, login_as, make_application, outbox):
    application_id = make_application(email="nouvelle@example.org", gender=Gender.FEMALE)
    organiser = login_as("organiser")
    response = client.post(f"/candidatures/{application_id}/accepter")
    assert response.status_code == 302
    application = _get(app, Application, application_id)
    assert application.status is ApplicationStatus.ACCEPTED and application.decided_by_id == organiser.id
    with app.app_context():
        member = db.session.scalar(select(Member))
        assert member.college is College.RESIDENT and member.status is MemberStatus.ACTIVE
        assert member.neighbourhood.slug == "les-provinces" and member.gender is Gender.FEMALE
        assert member.mandate_ends_on.year == member.joined_on.year + 2
        assert member.user.email == "nouvelle@example.org" and member.user.role is Role.MEMBER
        assert member.user.password_hash is None  # cannot sign in before choosing a password
        member_id = member.id
    assert response.headers["Location"] == f"/membres/{member_id}"
    assert _audit(app) == [("application.accept", "application", application_id, organiser.id)]
    [mail] = outbox
    assert mail.to == ["nouvelle@example.org"] and "Camille" not in mail.subject
    assert "valable 7 jours" in mail.body and LINK.search(mail.body)


def test_accepting_twice_is_refused_cleanly(app, client, login_as, make_application, outbox):
    application_id = make_application()
    login_as("organiser")
    client.post(f"/candidatures/{application_id}/accepter")
    response = client.post(f"/candidatures/{application_id}/accepter", follow_redirects=True)
    assert response.status_code == 200
    assert "Cette candidature a déjà été traitée : elle est acceptée." in response.get_data(as_text=True)
    for action in ("suppleant", "refuser"):
        html = client.post(f"/candidatures/{application_id}/{action}", data={"reason": "Trop tard."},
                           follow_redirects=True).get_data(as_text=True)
        assert "déjà été traitée" in html
    with app.app_context():
        assert db.session.scalar(select(func.count(Member.id))) == 1
        assert db.session.scalar(select(func.count(User.id))) == 2  # the organiser and the member
    assert len(outbox) == 1 and len(_audit(app)) == 1


def test_rejecting_needs_a_reason_which_is_mailed(app, client, login_as, make_application, outbox):
    application_id = make_application(email="refus@example.org")
    organiser = login_as("organiser")
    html = client.post(f"/candidatures/{application_id}/refuser", data={"reason": ""}).get_data(as_text=True)
    assert "Indiquez le motif du refus" in html and 'id="reason-error"' in html
    assert _get(app, Application, application_id).status is ApplicationStatus.PENDING
    reason = "Votre adresse n'est pas dans le quartier prioritaire d'après le plan."
    client.post(f"/candidatures/{application_id}/refuser", data={"reason": reason})
    application = _get(app, Application, application_id)
    assert application.status is ApplicationStatus.REJECTED and application.rejection_reason == reason
    [mail] = outbox
    assert mail.to == ["refus@example.org"] and reason in mail.body
    assert _audit(app) == [("application.reject", "application", application_id, organiser.id)]
    with app.app_context():  # the audit log keeps no personal data: not the reason, not the name
        assert db.session.scalar(select(AuditEntry.note)) is None


def test_substitutes_are_kept_in_order_and_can_be_reordered(app, client, login_as, make_application,
                                                            outbox):
    ids = [make_application(last_name=name) for name in ("Aubert", "Bernard", "Colin")]
    actor = make_application(college=College.LOCAL_ACTOR, last_name="Dupuis")
    login_as("organiser")
    for application_id in (ids[1], ids[0], actor, ids[2]):
        assert client.post(f"/candidatures/{application_id}/suppleant").status_code == 302
    assert len(outbox) == 4 and "liste des suppléant·es" in outbox[0].body
    html = client.get("/suppleants").get_data(as_text=True)
    assert html.index("Bernard") < html.index("Aubert") < html.index("Colin")
    client.post(f"/suppleants/{ids[0]}/monter")
    html = client.get("/suppleants").get_data(as_text=True)
    assert html.index("Aubert") < html.index("Bernard") < html.index("Colin")
    html = client.post(f"/suppleants/{actor}/monter", follow_redirects=True).get_data(as_text=True)
    assert "déjà en tête de liste" in html  # alone on the local actors' list
    assert client.post(f"/candidatures/{ids[0]}/suppleant", follow_redirects=True).status_code == 200
    assert _get(app, Application, ids[0]).substitute_position is not None
    assert client.post(f"/suppleants/{ids[0]}/nulle-part").status_code == 404


def test_a_substitute_is_promoted_or_taken_off_the_list(app, client, login_as, make_application, outbox):
    promoted, removed = make_application(), make_application()
    login_as("organiser")
    for application_id in (promoted, removed):
        client.post(f"/candidatures/{application_id}/suppleant")
    client.post(f"/candidatures/{promoted}/accepter")
    client.post(f"/candidatures/{removed}/refuser", data={"reason": "Vous avez déménagé."})
    assert _get(app, Application, promoted).status is ApplicationStatus.ACCEPTED
    assert _get(app, Application, removed).status is ApplicationStatus.REJECTED
    assert [a[0] for a in _audit(app)] == ["application.substitute", "application.substitute",
                                          "application.promote", "application.reject"]
    assert "Personne sur la liste" in client.get("/suppleants").get_data(as_text=True)


class TestRecheck:
    @pytest.fixture
    def app_config(self):
        return {"MINIMUM_AGE": 16}

    def test_an_application_no_longer_eligible_cannot_be_accepted(self, app, client, login_as,
                                                                  make_application):
        application_id = make_application()
        app.config["MINIMUM_AGE"] = 60  # the rule changed since the application arrived
        login_as("organiser")
        html = client.get(f"/candidatures/{application_id}").get_data(as_text=True)
        assert "ne remplit plus les conditions" in html and ">Accepter<" not in html
        html = client.post(f"/candidatures/{application_id}/accepter",
                           follow_redirects=True).get_data(as_text=True)
        assert "ne remplit plus les conditions" in html
        assert _get(app, Application, application_id).status is ApplicationStatus.PENDING


def _activation_path(outbox) -> str:
    return LINK.search(outbox[-1].body).group(1)


def test_the_activation_link_sets_a_password_once(app, client, login_as, make_application, outbox):
    application_id = make_application(email="active@example.org")
    login_as("organiser")
    client.post(f"/candidatures/{application_id}/accepter")
    client.post("/deconnexion")
    path = _activation_path(outbox)
    assert "Choisir mon mot de passe" in client.get(path).get_data(as_text=True)
    html = client.post(path, data={"password": "court", "confirm": "court"}).get_data(as_text=True)
    assert "doit faire au moins 17 caractères" in html and "il en fait 5" in html
    html = client.post(path, data={"password": "une phrase secrète", "confirm": "autre"}).get_data(
        as_text=True)
    assert "ne sont pas identiques" in html
    response = client.post(path, data={"password": "une phrase secrète", "confirm": "une phrase secrète"})
    assert response.headers["Location"] == "/profil"  # signed in: the member lands on their page
    assert client.get("/profil").status_code == 200
    client.post("/deconnexion")
    assert client.post("/connexion", data={"email": "active@example.org",
                                           "password": "une phrase secrète"}).status_code == 302
    client.post("/deconnexion")
    again = client.get(path)
    assert again.status_code == 410 and "déjà servi" in again.get_data(as_text=True)
    assert client.post(path, data={"password": "x" * 12, "confirm": "x" * 12}).status_code == 410
    assert ("user.activate", "user") in [a[:2] for a in _audit(app)]


@pytest.mark.parametrize("token", ["abc", "x" * 600, "eyJ1IjoxfQ.AAAA.BBBB"])
def test_a_broken_activation_link_gets_a_french_page(client, token):
    response = client.get(f"/compte/activation/{token}")
    assert response.status_code == 410
    assert "Ce lien n'est plus valable" in response.get_data(as_text=True)


def test_an_expired_activation_link_says_so(app, client, make_user):
    import time

    from council.membership.tokens import make_activation_token

    user = make_user(password=None)
    token = make_activation_token(user, app.config["SECRET_KEY"], issued_at=time.time() - 8 * 86400)
    response = client.get(f"/compte/activation/{token}")
    assert response.status_code == 410 and "a expiré" in response.get_data(as_text=True)
    fresh = make_activation_token(user, app.config["SECRET_KEY"], issued_at=time.time() - 6 * 86400)
    assert client.get(f"/compte/activation/{fresh}").status_code == 200


def test_a_former_member_who_comes_back_joins_without_their_old_account(
        app, client, login_as, make_member, make_application, make_user, outbox):
    """Acceptance never re-enables or re-links an account: an admin links it, by id, if it is
    really theirs (an application proves nothing about who owns an address)."""
    user = make_user(email="retour@example.org", active=False)
    old = make_member(email="retour@example.org", user_id=user.id, status=MemberStatus.RESIGNED)
    application_id = make_application(email="retour@example.org")
    login_as("organiser")
    html = client.post(f"/candidatures/{application_id}/accepter", follow_redirects=True
                       ).get_data(as_text=True)
    assert "déjà celle d'un compte du site" in page_text(html) and "Administration › Comptes" in html
    with app.app_context():
        assert db.session.get(Member, old).user_id == user.id  # the history keeps its link
        new = db.session.scalar(select(Member).where(Member.status == MemberStatus.ACTIVE))
        assert new.user_id is None and new.email == "retour@example.org"
        assert db.session.get(User, user.id).active is False
    assert outbox[-1].to == ["retour@example.org"] and "/compte/activation/" not in outbox[-1].body
    assert "l'équipe du conseil reviendra vers vous" in outbox[-1].body
