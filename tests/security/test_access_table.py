"""The access table: every route of the app, with the status each kind of visitor gets.

A route added without its row here fails ``test_every_route_is_in_the_table``. Requests are sent
without form data (CSRF is off in client tests): this checks who gets in, not what they submit.
Statuses: 200 shown, 302 redirected (anonymous: to the sign-in page), 403 refused, 404 not found,
400 refused as invalid.
"""

from __future__ import annotations

import pytest

from council.auth.models import Role

ROLES = ("anonymous", "member", "organiser", "admin")

#  method, rule,                               anonymous, member, organiser, admin
ACCESS = [
    ("GET", "/", 200, 200, 200, 200),
    ("GET", "/donnees-personnelles", 200, 200, 200, 200),
    ("GET", "/accessibilite", 200, 200, 200, 200),
    ("GET", "/connexion", 200, 302, 302, 302),
    ("POST", "/connexion", 200, 302, 302, 302),
    ("GET", "/deconnexion", 200, 200, 200, 200),
    ("POST", "/deconnexion", 302, 302, 302, 302),
    ("GET", "/mot-de-passe-oublie", 200, 200, 200, 200),
    ("POST", "/mot-de-passe-oublie", 200, 200, 200, 200),
    ("GET", "/mot-de-passe/nouveau/<token>", 400, 400, 400, 400),
    ("POST", "/mot-de-passe/nouveau/<token>", 400, 400, 400, 400),
    ("GET", "/confirmer-acces", 302, 200, 200, 200),
    ("POST", "/confirmer-acces", 302, 200, 200, 200),
    # membership: applications, review, roster, profile
    ("GET", "/candidature", 200, 200, 200, 200),
    ("POST", "/candidature", 200, 200, 200, 200),
    ("GET", "/candidature/envoyee", 200, 200, 200, 200),
    ("GET", "/candidatures", 302, 403, 200, 200),
    ("GET", "/candidatures/<int:application_id>", 302, 403, 200, 200),
    ("POST", "/candidatures/<int:application_id>/accepter", 302, 403, 302, 302),
    ("POST", "/candidatures/<int:application_id>/refuser", 302, 403, 200, 200),
    ("POST", "/candidatures/<int:application_id>/suppleant", 302, 403, 302, 302),
    ("GET", "/suppleants", 302, 403, 200, 200),
    ("POST", "/suppleants/<int:application_id>/<any(monter, descendre):direction>", 302, 403, 302, 302),
    ("GET", "/compte/activation/<token>", 410, 410, 410, 410),
    ("POST", "/compte/activation/<token>", 410, 410, 410, 410),
    ("GET", "/membres", 302, 200, 200, 200),
    ("GET", "/membres/composition", 302, 403, 200, 200),
    ("POST", "/membres/export.csv", 302, 403, 200, 200),
    ("GET", "/membres/impression", 302, 403, 200, 200),
    ("GET", "/membres/<int:member_id>", 302, 403, 200, 200),
    ("GET", "/membres/<int:member_id>/modifier", 302, 403, 200, 200),
    ("POST", "/membres/<int:member_id>/modifier", 302, 403, 200, 200),
    ("POST", "/membres/<int:member_id>/depart", 302, 403, 200, 200),
    ("POST", "/membres/<int:member_id>/lien-activation", 302, 403, 302, 302),
    ("GET", "/membres/<int:member_id>/remplacement", 302, 403, 302, 302),
    ("GET", "/profil", 302, 200, 200, 200),
    ("POST", "/profil", 302, 200, 200, 200),
    ("POST", "/profil/mot-de-passe", 302, 200, 200, 200),
    ("POST", "/profil/adresse-email", 302, 200, 200, 200),
    ("GET", "/compte/adresse-email/<token>", 400, 400, 400, 400),
    ("POST", "/compte/adresse-email/<token>", 400, 400, 400, 400),
    ("GET", "/profil/demission", 302, 302, 302, 302),  # accounts without a roster record
    ("POST", "/profil/demission", 302, 302, 302, 302),
    # meetings and calendars
    ("GET", "/reunions", 200, 200, 200, 200),
    ("GET", "/reunions.ics", 200, 200, 200, 200),
    ("GET", "/reunions/<int:meeting_id>", 200, 200, 200, 200),
    ("GET", "/reunions/<int:meeting_id>.ics", 200, 200, 200, 200),
    ("GET", "/reunions/nouvelle", 302, 403, 200, 200),
    ("POST", "/reunions/nouvelle", 302, 403, 200, 200),
    ("GET", "/reunions/<int:meeting_id>/modifier", 302, 403, 200, 200),
    ("POST", "/reunions/<int:meeting_id>/modifier", 302, 403, 200, 200),
    ("GET", "/reunions/<int:meeting_id>/annuler", 302, 403, 200, 200),
    ("POST", "/reunions/<int:meeting_id>/annuler", 302, 403, 200, 200),
    ("GET", "/reunions/<int:meeting_id>/presences", 302, 403, 200, 200),
    ("POST", "/reunions/<int:meeting_id>/presences", 302, 403, 302, 302),
    ("GET", "/reunions/<int:meeting_id>/compte-rendu", 302, 403, 200, 200),
    ("POST", "/reunions/<int:meeting_id>/compte-rendu", 302, 403, 200, 200),
    ("GET", "/calendrier/<token>.ics", 404, 404, 404, 404),
    ("GET", "/profil/calendrier", 302, 200, 200, 200),
    ("POST", "/profil/calendrier/nouveau-lien", 302, 302, 302, 302),
    ("GET", "/avis", 200, 200, 200, 200),
    ("GET", "/admin/comptes", 302, 403, 403, 200),
    ("GET", "/admin/comptes/<int:user_id>", 302, 403, 403, 200),
    ("GET", "/admin/journal", 302, 403, 403, 200),
    ("GET", "/admin/effacement", 302, 403, 403, 200),
    ("POST", "/admin/effacement", 302, 403, 403, 200),
    ("GET", "/profil/mes-donnees.json", 302, 200, 200, 200),
    ("POST", "/admin/comptes/<int:user_id>", 302, 403, 403, 302),
    ("POST", "/admin/comptes/<int:user_id>/fiche", 302, 403, 403, 200),
    # Observations (the object: a « nouvelle » observation logged by another member, with a contact)
    ("GET", "/observations/nouvelle", 200, 200, 200, 200),
    ("POST", "/observations/nouvelle", 200, 200, 200, 200),
    ("GET", "/observations/merci", 200, 200, 200, 200),
    ("GET", "/observations/publiees", 200, 200, 200, 200),
    ("GET", "/observations", 302, 200, 200, 200),
    ("GET", "/observations/export.csv", 302, 200, 200, 200),
    ("GET", "/observations/ajouter", 302, 200, 200, 200),
    ("POST", "/observations/ajouter", 302, 200, 200, 200),
    ("GET", "/observations/a-moderer", 302, 403, 200, 200),
    ("GET", "/observations/<int:observation_id>", 302, 200, 200, 200),
    ("GET", "/observations/<int:observation_id>/contact", 302, 403, 200, 200),
    ("POST", "/observations/<int:observation_id>/contact/effacer", 302, 403, 302, 302),
    ("POST", "/observations/<int:observation_id>/ordre-du-jour", 302, 200, 200, 200),
    ("POST", "/observations/<int:observation_id>/accepter", 302, 403, 302, 302),
    ("POST", "/observations/<int:observation_id>/ecarter", 302, 403, 302, 302),
    ("POST", "/observations/<int:observation_id>/transmettre", 302, 302, 302, 302),
    ("POST", "/observations/<int:observation_id>/reponse", 302, 302, 302, 302),
    ("POST", "/observations/<int:observation_id>/cloture", 302, 200, 200, 200),
    ("POST", "/observations/<int:observation_id>/publication", 302, 403, 200, 200),
    ("POST", "/observations/<int:observation_id>/depublication", 302, 403, 302, 302),
    # Avis (the object: a draft)
    ("GET", "/avis/suivi", 302, 200, 200, 200),
    ("GET", "/avis/rediger", 302, 200, 200, 200),
    ("POST", "/avis/rediger", 302, 200, 200, 200),
    ("GET", "/avis/<int:opinion_id>", 302, 200, 200, 200),
    ("GET", "/avis/<int:opinion_id>/modifier", 302, 200, 200, 200),
    ("POST", "/avis/<int:opinion_id>/modifier", 302, 302, 302, 302),  # empty POST: values kept
    ("POST", "/avis/<int:opinion_id>/ordre-du-jour", 302, 200, 200, 200),
    ("GET", "/avis/<int:opinion_id>/vote", 302, 403, 302, 302),  # a draft: not on an agenda yet
    ("POST", "/avis/<int:opinion_id>/vote", 302, 403, 302, 302),
    ("POST", "/avis/<int:opinion_id>/transmission", 302, 403, 302, 302),
    ("POST", "/avis/<int:opinion_id>/reponse", 302, 403, 302, 302),
    ("POST", "/avis/<int:opinion_id>/nouvelle-version", 302, 302, 302, 302),
    ("GET", "/suivi-des-reponses", 302, 403, 200, 200),
]

# How each URL parameter is filled: from the objects ``route_objects`` (security/conftest.py) creates.
PARAMETERS = {
    "<token>": lambda objects: "not-a-valid-token",
    "<int:user_id>": lambda objects: str(objects["user_id"]),
    "<int:application_id>": lambda objects: str(objects["application_id"]),
    "<int:member_id>": lambda objects: str(objects["member_id"]),
    "<int:meeting_id>": lambda objects: str(objects["meeting_id"]),
    "<any(monter, descendre):direction>": lambda objects: "monter",
    "<int:observation_id>": lambda objects: str(objects["observation_id"]),
    "<int:opinion_id>": lambda objects: str(objects["opinion_id"]),
}
# Attendance is taken once the meeting has started: these pages are checked on yesterday's meeting.
HELD_MEETING_ROUTES = {"/reunions/<int:meeting_id>/presences"}


def _path(rule: str, objects: dict) -> str:
    if rule in HELD_MEETING_ROUTES:
        objects = {**objects, "meeting_id": objects["held_meeting_id"]}
    for placeholder, value in PARAMETERS.items():
        rule = rule.replace(placeholder, value(objects))
    assert "<" not in rule, f"no way to fill the parameters of {rule}: add it to PARAMETERS"
    return rule


def _app_routes(app) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_is_in_the_table(app):
    table = {(method, rule) for method, rule, *_ in ACCESS}
    missing = _app_routes(app) - table
    assert not missing, f"routes without a row in ACCESS: {sorted(missing)}"
    stale = table - _app_routes(app)
    assert not stale, f"rows for routes that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize(
    ("method", "rule", "role", "expected"),
    [(method, rule, role, statuses[index])
     for method, rule, *statuses in ACCESS
     for index, role in enumerate(ROLES)],
    ids=lambda value: str(value),
)
def test_access(app, client, make_user, route_objects, method, rule, role, expected):
    if role != "anonymous":
        user = make_user(role=Role(role))
        from tests.conftest import PASSWORD

        assert client.post("/connexion", data={"email": user.email, "password": PASSWORD}).status_code == 302
    response = client.open(_path(rule, route_objects), method=method)
    assert response.status_code == expected, response.headers.get("Location")
    revalidated_feed = rule.endswith(".ics") and response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"] or revalidated_feed
    if role == "anonymous" and expected == 302 and method == "GET":
        assert response.headers["Location"].startswith("/connexion")
