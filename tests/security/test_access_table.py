"""The access table: every route of the app, with the status each kind of visitor gets.

A route added without its row here fails ``test_every_route_is_in_the_table``. Requests are sent
without form data (CSRF is off in client tests): this checks who gets in, not what they submit.
Statuses: 200 shown; LOGIN sent to the sign-in page (a 302 to /connexion?next=…); 302 redirected
anywhere else (done, or sent on: never to the sign-in page); 403 refused; 404 not found; 400 refused
as invalid; 410 gone.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from council.auth.models import Role

ROLES = ("anonymous", "member", "organiser", "admin")
LOGIN = "login"  # a 302 to the sign-in page

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
    ("GET", "/confirmer-acces", LOGIN, 200, 200, 200),
    ("POST", "/confirmer-acces", LOGIN, 200, 200, 200),
    # membership: applications, review, roster, profile
    ("GET", "/candidature", 200, 200, 200, 200),
    ("POST", "/candidature", 200, 200, 200, 200),
    ("GET", "/candidature/envoyee", 200, 200, 200, 200),
    ("GET", "/candidatures", LOGIN, 403, 200, 200),
    ("GET", "/candidatures/<int:application_id>", LOGIN, 403, 200, 200),
    ("POST", "/candidatures/<int:application_id>/accepter", LOGIN, 403, 302, 302),
    ("POST", "/candidatures/<int:application_id>/refuser", LOGIN, 403, 200, 200),
    ("POST", "/candidatures/<int:application_id>/suppleant", LOGIN, 403, 302, 302),
    ("GET", "/suppleants", LOGIN, 403, 200, 200),
    ("POST", "/suppleants/<int:application_id>/<any(monter, descendre):direction>", LOGIN, 403, 302, 302),
    ("GET", "/compte/activation/<token>", 410, 410, 410, 410),
    ("POST", "/compte/activation/<token>", 410, 410, 410, 410),
    ("GET", "/membres", LOGIN, 200, 200, 200),
    ("POST", "/membres", LOGIN, 200, 200, 200),  # the search (never in the address)
    ("GET", "/membres/composition", LOGIN, 403, 200, 200),
    ("POST", "/membres/export.csv", LOGIN, 403, 200, 200),
    ("GET", "/membres/impression", LOGIN, 403, 200, 200),
    ("GET", "/membres/import", LOGIN, 403, 200, 200),
    ("POST", "/membres/import", LOGIN, 403, 200, 200),  # no file: the form says so
    ("POST", "/membres/import/confirmer", LOGIN, 403, 400, 400),  # no file sent back
    ("GET", "/membres/<int:member_id>", LOGIN, 403, 200, 200),
    ("GET", "/membres/<int:member_id>/modifier", LOGIN, 403, 200, 200),
    ("POST", "/membres/<int:member_id>/modifier", LOGIN, 403, 200, 200),
    ("POST", "/membres/<int:member_id>/depart", LOGIN, 403, 200, 200),
    ("POST", "/membres/<int:member_id>/renouvellement", LOGIN, 403, 200, 200),
    ("POST", "/membres/<int:member_id>/lien-activation", LOGIN, 403, 302, 302),
    ("GET", "/membres/ajouter", LOGIN, 403, 200, 200),
    ("POST", "/membres/ajouter", LOGIN, 403, 200, 200),  # empty: the form again, errors beside fields
    ("POST", "/membres/<int:member_id>/invitation", LOGIN, 403, 302, 302),
    ("GET", "/membres/invitations", LOGIN, 403, 200, 200),
    ("POST", "/membres/invitations", LOGIN, 403, 200, 200),
    ("POST", "/membres/invitations/selection", LOGIN, 403, 200, 200),
    ("GET", "/membres/<int:member_id>/remplacement", LOGIN, 403, 302, 302),
    ("GET", "/profil", LOGIN, 200, 200, 200),
    ("POST", "/profil", LOGIN, 200, 200, 200),
    ("POST", "/profil/mot-de-passe", LOGIN, 200, 200, 200),
    ("POST", "/profil/adresse-email", LOGIN, 200, 200, 200),
    ("GET", "/compte/adresse-email/<token>", 400, 400, 400, 400),
    ("POST", "/compte/adresse-email/<token>", 400, 400, 400, 400),
    ("GET", "/profil/demission", LOGIN, 302, 302, 302),  # accounts without a roster record
    ("POST", "/profil/demission", LOGIN, 302, 302, 302),
    # meetings and calendars
    ("GET", "/reunions", 200, 200, 200, 200),
    ("GET", "/reunions.ics", 200, 200, 200, 200),
    ("GET", "/reunions/<int:meeting_id>", 200, 200, 200, 200),
    ("GET", "/reunions/<int:meeting_id>.ics", 200, 200, 200, 200),
    ("GET", "/reunions/nouvelle", LOGIN, 403, 200, 200),
    ("POST", "/reunions/nouvelle", LOGIN, 403, 200, 200),
    ("GET", "/reunions/<int:meeting_id>/modifier", LOGIN, 403, 200, 200),
    ("POST", "/reunions/<int:meeting_id>/modifier", LOGIN, 403, 200, 200),
    ("GET", "/reunions/<int:meeting_id>/annuler", LOGIN, 403, 200, 200),
    ("POST", "/reunions/<int:meeting_id>/annuler", LOGIN, 403, 200, 200),
    ("POST", "/reunions/<int:meeting_id>/invitations", LOGIN, 403, 302, 302),
    ("GET", "/reunions/<int:meeting_id>/presences", LOGIN, 403, 200, 200),
    ("POST", "/reunions/<int:meeting_id>/presences", LOGIN, 403, 302, 302),
    ("POST", "/reunions/<int:meeting_id>/reponse", LOGIN, 302, 302, 302),  # no roster record: said so
    ("GET", "/reunions/reponse/<token>", 400, 400, 400, 400),  # the answer link of an e-mail
    ("POST", "/reunions/reponse/<token>", 400, 400, 400, 400),
    ("GET", "/reunions/<int:meeting_id>/compte-rendu", LOGIN, 403, 200, 200),
    ("POST", "/reunions/<int:meeting_id>/compte-rendu", LOGIN, 403, 200, 200),
    ("GET", "/calendrier/<token>.ics", 404, 404, 404, 404),
    ("POST", "/profil/preferences", LOGIN, 302, 302, 302),
    ("GET", "/profil/calendrier", LOGIN, 200, 200, 200),
    ("POST", "/profil/calendrier/nouveau-lien", LOGIN, 302, 302, 302),
    ("GET", "/avis", 200, 200, 200, 200),
    ("GET", "/admin/comptes", LOGIN, 403, 403, 200),
    ("GET", "/admin/comptes/<int:user_id>", LOGIN, 403, 403, 200),
    ("GET", "/admin/journal", LOGIN, 403, 403, 200),
    ("GET", "/admin/effacement", LOGIN, 403, 403, 200),
    ("POST", "/admin/effacement", LOGIN, 403, 403, 200),
    ("GET", "/profil/mes-donnees.json", LOGIN, 200, 200, 200),
    ("POST", "/admin/comptes/<int:user_id>", LOGIN, 403, 403, 302),
    ("POST", "/admin/comptes/<int:user_id>/fiche", LOGIN, 403, 403, 200),
    # The platform (platform administrators only: tests/platform)
    ("GET", "/plateforme/conseils", LOGIN, 403, 403, 403),
    ("GET", "/plateforme/conseils/nouveau", LOGIN, 403, 403, 403),
    ("POST", "/plateforme/conseils/nouveau", LOGIN, 403, 403, 403),
    ("GET", "/plateforme/conseils/<int:council_id>/adresses", LOGIN, 403, 403, 403),
    ("POST", "/plateforme/conseils/<int:council_id>/adresses", LOGIN, 403, 403, 403),
    # Observations (the object: a « nouvelle » observation logged by another member, with a contact)
    ("GET", "/observations/nouvelle", 200, 200, 200, 200),
    ("POST", "/observations/nouvelle", 200, 200, 200, 200),
    ("GET", "/observations/merci", 200, 200, 200, 200),
    ("GET", "/observations/publiees", 200, 200, 200, 200),
    ("GET", "/observations", LOGIN, 200, 200, 200),
    ("POST", "/observations", LOGIN, 200, 200, 200),  # the search (never in the address)
    ("GET", "/observations/export.csv", LOGIN, 200, 200, 200),
    ("POST", "/observations/export.csv", LOGIN, 200, 200, 200),
    ("GET", "/observations/ajouter", LOGIN, 200, 200, 200),
    ("POST", "/observations/ajouter", LOGIN, 200, 200, 200),
    ("GET", "/observations/a-moderer", LOGIN, 403, 200, 200),
    ("GET", "/observations/<int:observation_id>", LOGIN, 200, 200, 200),
    ("GET", "/observations/<int:observation_id>/contact", LOGIN, 403, 200, 200),
    ("POST", "/observations/<int:observation_id>/contact/effacer", LOGIN, 403, 302, 302),
    ("POST", "/observations/<int:observation_id>/ordre-du-jour", LOGIN, 200, 200, 200),
    ("POST", "/observations/<int:observation_id>/nouveau-point", LOGIN, 200, 200, 200),
    ("POST", "/observations/<int:observation_id>/accepter", LOGIN, 403, 302, 302),
    ("POST", "/observations/<int:observation_id>/ecarter", LOGIN, 403, 302, 302),
    ("POST", "/observations/<int:observation_id>/transmettre", LOGIN, 302, 302, 302),
    ("POST", "/observations/<int:observation_id>/reponse", LOGIN, 302, 302, 302),
    ("POST", "/observations/<int:observation_id>/cloture", LOGIN, 200, 200, 200),
    ("POST", "/observations/<int:observation_id>/publication", LOGIN, 403, 200, 200),
    ("POST", "/observations/<int:observation_id>/depublication", LOGIN, 403, 302, 302),
    # Avis (the object: a draft)
    ("GET", "/avis/suivi", LOGIN, 200, 200, 200),
    ("GET", "/avis/rediger", LOGIN, 200, 200, 200),
    ("POST", "/avis/rediger", LOGIN, 200, 200, 200),
    ("GET", "/avis/<int:opinion_id>", LOGIN, 200, 200, 200),
    ("GET", "/avis/<int:opinion_id>/modifier", LOGIN, 200, 200, 200),
    ("POST", "/avis/<int:opinion_id>/modifier", LOGIN, 302, 302, 302),  # empty POST: values kept
    ("POST", "/avis/<int:opinion_id>/ordre-du-jour", LOGIN, 200, 200, 200),
    ("POST", "/avis/<int:opinion_id>/nouveau-point", LOGIN, 200, 200, 200),
    ("GET", "/avis/<int:opinion_id>/vote", LOGIN, 403, 302, 302),  # a draft: not on an agenda yet
    ("POST", "/avis/<int:opinion_id>/vote", LOGIN, 403, 302, 302),
    ("POST", "/avis/<int:opinion_id>/transmission", LOGIN, 403, 302, 302),
    ("POST", "/avis/<int:opinion_id>/reponse", LOGIN, 403, 302, 302),
    ("POST", "/avis/<int:opinion_id>/nouvelle-version", LOGIN, 302, 302, 302),
    ("GET", "/suivi-des-reponses", LOGIN, 403, 200, 200),
    # The organisers' dashboard
    ("GET", "/tableau-de-bord", LOGIN, 403, 200, 200),
    # The council's profile (admins; the password again) and the partners
    ("GET", "/admin/conseil", LOGIN, 403, 403, 200),
    ("POST", "/admin/conseil", LOGIN, 403, 403, 302),  # empty POST: the stored values, kept
    ("GET", "/partenaires", 200, 200, 200, 200),
    ("GET", "/partenaires/<int:partner_id>", 200, 200, 200, 200),
    ("GET", "/admin/partenaires", LOGIN, 403, 403, 200),
    ("GET", "/admin/partenaires/nouveau", LOGIN, 403, 403, 200),
    ("POST", "/admin/partenaires/nouveau", LOGIN, 403, 403, 200),
    ("GET", "/admin/partenaires/<int:partner_id>", LOGIN, 403, 403, 200),
    ("POST", "/admin/partenaires/<int:partner_id>", LOGIN, 403, 403, 302),
    ("POST", "/admin/partenaires/<int:partner_id>/<any(retirer, retablir):action>", LOGIN, 403, 403, 302),
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
    "<int:partner_id>": lambda objects: str(objects["partner_id"]),
    "<any(retirer, retablir):action>": lambda objects: "retirer",
    "<int:council_id>": lambda objects: str(objects["council_id"]),
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
    location = response.headers.get("Location")
    to_sign_in = location is not None and urlsplit(location).path == "/connexion"
    if expected == LOGIN:
        assert response.status_code == 302 and to_sign_in, (response.status_code, location)
    else:
        assert response.status_code == expected, location
        assert not to_sign_in, f"sent to the sign-in page: write LOGIN in the table, not {expected}"
    revalidated_feed = rule.endswith(".ics") and response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"] or revalidated_feed
