"""Every membership page is well-formed enough for assistive technologies: unique ids, every
label pointing at a field, no inline script or style (the CSP forbids them)."""

from collections import Counter
from html.parser import HTMLParser

import pytest

from council.eligibility import College
from council.membership.models import MemberStatus
from tests.fixtures.applications import resident_form


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.label_targets, self.inline = Counter(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        if tag == "label" and "for" in attrs:
            self.label_targets.append(attrs["for"])
        if "style" in attrs or (tag == "script" and "src" not in attrs):
            self.inline.append(tag)
        if any(name.startswith("on") for name in attrs):
            self.inline.append(tag)


def check(html: str) -> None:
    page = Collector()
    page.feed(html)
    duplicates = [i for i, n in page.ids.items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert all(target in page.ids for target in page.label_targets)
    assert not page.inline


@pytest.fixture
def pages(app, client, login_as, make_member, make_application):
    """Every page of the area, with data on it."""
    application = make_application()
    substitute = make_application(college=College.LOCAL_ACTOR)
    member = make_member()
    gone = make_member(status=MemberStatus.RESIGNED)
    login_as("organiser")
    client.post(f"/candidatures/{substitute}/suppleant")
    client.post("/candidature", data=resident_form(home_neighbourhood="autre"))
    return [
        "/candidatures", f"/candidatures/{application}", f"/candidatures/{substitute}", "/suppleants",
        "/membres", f"/membres/{member}", f"/membres/{member}/modifier", f"/membres/{gone}/remplacement",
        "/membres/composition", "/membres/impression", "/profil",
    ]


def test_every_page_is_clean(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        check(response.get_data(as_text=True))


def test_the_forms_with_their_errors_are_clean(client, make_member):
    check(client.get("/candidature").get_data(as_text=True))
    check(client.post("/candidature", data={}).get_data(as_text=True))
    check(client.post("/candidature", data=resident_form(home_neighbourhood="autre")).get_data(as_text=True))
    check(client.get("/candidature/envoyee").get_data(as_text=True))
    check(client.get("/compte/activation/nope").get_data(as_text=True))
