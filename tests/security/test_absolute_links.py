"""Absolute links come from SITE_HOST only; production refuses any other Host (issue 10, finding 2).

A reset link built from the request's Host mailed a working link to ``https://evil.example/…``;
feeds reflected the Host too. Every absolute URL now comes from ``council.links``, and a
production app answers a forged ``Host`` or ``X-Forwarded-Host`` with the French 400.
"""

from __future__ import annotations

import re
from pathlib import Path

import icalendar
import pytest

from council.auth.models import Role
from council.extensions import db
from tests.conftest import PASSWORD, PROCESSORS
from tests.fixtures.mail import calendar_of

ROOT = Path(__file__).resolve().parents[2]
# What builds a URL from the request's host; only council/links.py may use it.
HOST_FROM_REQUEST = re.compile(r"_external\s*=\s*True|request\.host\b|url_root|host_url|base_url")
EVIL = "evil.example"


def test_only_the_links_helper_reads_the_request_host():
    """The next ``url_for(..., _external=True)`` in a view or template fails here."""
    sources = [*(ROOT / "council").rglob("*.py"), *(ROOT / "templates").rglob("*.html"),
               *(ROOT / "templates").rglob("*.txt")]
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources if path != ROOT / "council" / "links.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HOST_FROM_REQUEST.search(line)
    ]
    assert not offenders, "build absolute URLs with council.links.absolute_url:\n" + "\n".join(offenders)


def _reset_link(outbox) -> str:
    [message] = outbox
    return re.search(r"https?://\S+", message.body).group(0)


class TestProduction:
    @pytest.fixture
    def app_config(self):
        return {"PRODUCTION": True, "PROXY_FIX": True, **PROCESSORS}

    def test_a_forged_host_gets_the_french_400_and_no_mail(self, client, make_user, outbox):
        user = make_user()
        response = client.post("/mot-de-passe-oublie", data={"email": user.email},
                               base_url=f"https://{EVIL}")
        assert response.status_code == 400
        html = response.get_data(as_text=True)
        assert "Requête invalide" in html and EVIL not in html
        assert outbox == []

    def test_a_forged_forwarded_host_behind_the_proxy_gets_400(self, client, make_user, outbox):
        user = make_user()
        response = client.post("/mot-de-passe-oublie", data={"email": user.email},
                               base_url="https://conseil.test", headers={"X-Forwarded-Host": EVIL})
        assert response.status_code == 400
        assert outbox == []
        assert client.get("/reunions.ics", base_url="https://conseil.test",
                          headers={"X-Forwarded-Host": EVIL}).status_code == 400

    def test_the_reset_link_uses_site_host_over_https(self, client, make_user, outbox):
        user = make_user()
        response = client.post("/mot-de-passe-oublie", data={"email": user.email},
                               base_url="http://conseil.test",
                               headers={"X-Forwarded-Proto": "http"})
        assert response.status_code == 200
        response.close()  # the reset mail leaves once the response is closed
        assert _reset_link(outbox).startswith("https://conseil.test/mot-de-passe/nouveau/")

    def test_only_the_site_host_is_trusted_by_default(self, app):
        assert app.config["TRUSTED_HOSTS"] == ["conseil.test"]
        assert app.test_client().get("/", base_url="https://conseil.test").status_code == 200


@pytest.mark.parametrize("extra", [["www.conseil.test"], "www.conseil.test, conseil.example"])
def test_extra_trusted_hosts_are_added_to_site_host(extra, database_url, tmp_path, monkeypatch):
    from council import create_app

    monkeypatch.setenv("COUNCIL_INSTANCE_PATH", str(tmp_path))
    app = create_app({"PRODUCTION": True, "SECRET_KEY": "x" * 64, "SITE_HOST": "conseil.test:8443",
                      **PROCESSORS, "SQLALCHEMY_DATABASE_URI": database_url, "TRUSTED_HOSTS": extra})
    assert app.config["TRUSTED_HOSTS"][:2] == ["conseil.test", "www.conseil.test"]
    client = app.test_client()
    assert client.get("/accessibilite", base_url="https://www.conseil.test").status_code == 200
    assert client.get("/accessibilite", base_url=f"https://{EVIL}").status_code == 400


def test_development_accepts_any_host_but_links_still_use_site_host(client, make_user, outbox):
    """Outside production every Host is served (tests, `make run`), yet no link follows it."""
    user = make_user()
    client.post("/mot-de-passe-oublie", data={"email": user.email}, base_url=f"http://{EVIL}").close()
    assert _reset_link(outbox).startswith("http://conseil.test/mot-de-passe/nouveau/")


def _sign_in(client, user) -> None:
    """Sign in on the forged host (the test client keeps cookies per host)."""
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD},
                           base_url=f"http://{EVIL}")
    assert response.status_code == 302


def test_feeds_and_calendar_pages_carry_site_host_links_whatever_the_host(client, make_user,
                                                                          make_meeting):
    meeting_id = make_meeting(days=8, title="Plénière")
    for url in ("/reunions.ics", f"/reunions/{meeting_id}.ics"):
        body = client.get(url, base_url=f"http://{EVIL}").get_data(as_text=True)
        assert EVIL not in body
        event = next(iter(icalendar.Calendar.from_ical(body).walk("VEVENT")))
        assert str(event["URL"]) == f"http://conseil.test/reunions/{meeting_id}"
    html = client.get("/reunions", base_url=f"http://{EVIL}").get_data(as_text=True)
    assert "http://conseil.test/reunions.ics" in html and EVIL not in html
    html = client.get(f"/reunions/{meeting_id}", base_url=f"http://{EVIL}").get_data(as_text=True)
    assert "webcal://conseil.test/reunions.ics" in html and EVIL not in html
    _sign_in(client, make_user(role=Role.MEMBER))
    client.post("/profil/calendrier/nouveau-lien", base_url=f"http://{EVIL}")
    html = client.get("/profil/calendrier", base_url=f"http://{EVIL}").get_data(as_text=True)
    assert "http://conseil.test/calendrier/" in html and EVIL not in html


def test_meeting_notices_link_to_site_host(app, client, make_user, make_member, outbox):
    from council.meetings.models import Meeting
    from tests.meetings.test_views import form_data

    make_member(email="awa@example.org")
    _sign_in(client, make_user(role=Role.ORGANISER))
    client.post("/reunions/nouvelle", data=form_data(notify="y"), base_url=f"http://{EVIL}")
    with app.app_context():
        meeting_id = db.session.scalar(db.select(Meeting.id))
    [notice] = outbox
    assert f"http://conseil.test/reunions/{meeting_id}" in notice.body
    assert EVIL not in notice.body and EVIL.encode() not in calendar_of(notice)
    assert EVIL not in notice.built.as_string()


def test_absolute_url_works_without_a_request(app):
    """CLI commands and mail sent after a response build the same links."""
    from council.links import absolute_url

    with app.app_context():
        assert absolute_url("meetings.show", meeting_id=3) == "http://conseil.test/reunions/3"
