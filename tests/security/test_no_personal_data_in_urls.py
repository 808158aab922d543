"""« Jamais dans l'adresse des pages »: no address the app builds holds a person's name or e-mail.

Addresses end up where pages do not: the server's and the proxy's access logs, the browser's
history, the Referer header sent to other sites. A person with a distinctive name and e-mail is
seeded everywhere a person can be (a member with an account, an application, a resident's
contact on an observation); then, as that member, an organiser and an admin, every page reachable
by links is visited, every search form is submitted as a browser would (with the name, then the
e-mail), the erasure search is run, and the mails about the person's account are sent. Every
``href``, ``src`` and ``action``, every address asked for, every ``Location`` header and every
address in a mail is checked: neither the name nor the e-mail, plain, percent-encoded or inside
a base64 token, may be in any of them.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
import zlib
from collections import deque
from html.parser import HTMLParser
from urllib.parse import unquote_plus, urlencode, urlsplit

import pytest

from council.auth.models import Role
from council.eligibility import College
from tests.conftest import PASSWORD

FIRST, LAST = "Zéphyrine", "Quintavalle-Brûlé"
EMAIL = "zephyrine.quintavalle@exemple-unique.org"
NEEDLES = ("zephyrine", "quintavalle", "brule", "exemple-unique")
PAGES_PER_ROLE = 120
SKIP = re.compile(r"deconnexion|\.ics$|\.csv$|\.json$")
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+")


class _Links(HTMLParser):
    """Every address in a page (href, src, action, formaction) and its forms with their fields."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "action", "formaction"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(),
                               "action": attrs.get("action") or "", "fields": {}})
        elif (tag in ("input", "select", "textarea") and self.forms and attrs.get("name")
              and (attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs)):
            self.forms[-1]["fields"].setdefault(attrs["name"], attrs.get("value") or "")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _decoded_forms(url: str) -> list[str]:
    """The address as written, percent-decoded (twice: a double encoding), and each of its
    base64-looking parts decoded (itsdangerous tokens carry their payload readable)."""
    forms = [url, unquote_plus(url), unquote_plus(unquote_plus(url))]
    for part in re.findall(r"[A-Za-z0-9_\-]{12,}", url):
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue
        for data in (raw, _inflate(raw)):
            forms.append(data.decode("utf-8", "ignore"))
    return forms


def _inflate(raw: bytes) -> bytes:
    try:
        return zlib.decompress(raw)
    except zlib.error:
        return b""


def _leaks(url: str) -> list[str]:
    folded = [_fold(form) for form in _decoded_forms(url)]
    return [needle for needle in NEEDLES if any(needle in form for form in folded)]


class Walk:
    """What one visitor's walk saw: every address, and where each was found."""

    def __init__(self, client):
        self.client = client
        self.seen: dict[str, str] = {}  # address → where it was found

    def note(self, url: str | None, where: str) -> None:
        if url:
            self.seen.setdefault(url, where)

    def response(self, response, asked: str) -> _Links:
        """Note the address asked for, the redirect, and every address in the page."""
        self.note(asked, "asked for")
        self.note(response.headers.get("Location"), f"Location of {asked}")
        links = _Links()
        if response.mimetype == "text/html":
            links.feed(response.get_data(as_text=True))
        for url in links.urls:
            self.note(url, f"page {asked}")
        return links

    def crawl(self, starts: list[str]) -> list[dict]:
        """Visit same-site pages breadth-first from ``starts``; → the forms found."""
        queue, visited, forms = deque(starts), set(starts), []
        while queue and len(visited) <= PAGES_PER_ROLE:
            path = queue.popleft()
            links = self.response(self.client.get(path), path)
            forms.extend({**form, "page": path} for form in links.forms)
            for url in links.urls:
                target = urlsplit(url)
                local = target.path + (f"?{target.query}" if target.query else "")
                if (not target.netloc and target.path.startswith("/") and local not in visited
                        and not SKIP.search(target.path) and not target.path.startswith("/static")):
                    visited.add(local)
                    queue.append(local)
        return forms

    def search(self, forms: list[dict]) -> None:
        """Submit every search form (a ``q`` field) as a browser would, with the name and then
        the e-mail, and note where it goes and what the result page links to."""
        done = set()
        for form in forms:
            if "q" not in form["fields"]:
                continue
            action = form["action"] or form["page"].split("?")[0]
            for typed in (f"{FIRST} {LAST}", EMAIL):
                key = (form["method"], action, typed)
                if key in done:
                    continue
                done.add(key)
                fields = {**form["fields"], "q": typed}
                if form["method"] == "get":
                    url = f"{action}?{urlencode(fields)}"
                    self.response(self.client.get(url), url)
                else:
                    self.response(self.client.post(action, data=fields), action)

    def leaks(self) -> list[str]:
        return [f"{url}  (found: {where}; holds {', '.join(found)})"
                for url, where in self.seen.items() if (found := _leaks(url))]


@pytest.fixture
def person(app, make_user, make_member, make_application, make_observation):
    """The seeded person, in every place a person can be; → the ids to start from."""
    user = make_user(role=Role.MEMBER, email=EMAIL)
    member_id = make_member(user_id=user.id, email=EMAIL, first_name=FIRST, last_name=LAST,
                            phone="06 98 76 54 32")
    application_id = make_application(first_name=FIRST, last_name=LAST,
                                      email="zephyrine.quintavalle+2@exemple-unique.org")
    make_application(college=College.LOCAL_ACTOR)
    organiser = make_user(role=Role.ORGANISER)
    observation_id = make_observation(user_id=organiser.id, resident_name=f"{FIRST} {LAST}",
                                      resident_contact=EMAIL, consent=True,
                                      description=f"{FIRST} {LAST} signale un trou dans la chaussée.")
    return {"user": user.id, "member": member_id, "application": application_id,
            "observation": observation_id, "organiser": organiser}


def _starts(person) -> list[str]:
    return ["/", "/membres", f"/membres/{person['member']}", f"/membres/{person['member']}/modifier",
            "/profil", "/candidatures", f"/candidatures/{person['application']}", "/suppleants",
            "/observations", f"/observations/{person['observation']}", "/admin/comptes",
            f"/admin/comptes/{person['user']}", "/admin/journal", "/admin/effacement"]


def _sign_in(client, email: str) -> None:
    assert client.post("/connexion", data={"email": email, "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("role", ["the person", "organiser", "admin"])
def test_no_address_built_for_a_person_holds_their_name_or_email(app, client, make_user, person,
                                                                 role):
    if role == "the person":
        _sign_in(client, EMAIL)
    else:
        _sign_in(client, make_user(role=Role(role)).email)
        client.post("/confirmer-acces", data={"password": PASSWORD})  # the pages asking for it
    walk = Walk(client)
    forms = walk.crawl(_starts(person))
    walk.search(forms)
    if role == "admin":
        for confirm in ("", "oui"):
            walk.response(client.post("/admin/effacement", data={"email": EMAIL, "confirm": confirm}),
                          "/admin/effacement")
    assert len(walk.seen) > 40  # the walk did reach the pages
    assert walk.leaks() == []


def test_no_address_in_the_mails_about_a_person_holds_their_name_or_email(app, client, person,
                                                                           outbox):
    """The reset link, the e-mail change links and notices, the password change notice."""
    client.post("/mot-de-passe-oublie", data={"email": EMAIL}).close()  # it leaves at close
    _sign_in(client, EMAIL)
    client.post("/profil/adresse-email", data={"new_email": "zephyrine.q@exemple-unique.org",
                                               "email_password": PASSWORD})
    client.post("/profil/mot-de-passe", data={"current": PASSWORD, "password": "une autre phrase à moi",
                                              "confirm": "une autre phrase à moi"}).close()
    assert len(outbox) == 4
    walk = Walk(client)
    for mail in outbox:
        for url in URL_IN_TEXT.findall(mail.body):
            walk.note(url, f"mail « {mail.subject} »")
    assert walk.seen
    assert walk.leaks() == []


def test_the_check_finds_an_address_that_holds_them():
    """The checks themselves: plain, percent-encoded, in a query, in a signed token."""
    from itsdangerous import URLSafeTimedSerializer

    token = URLSafeTimedSerializer("k").dumps([1, EMAIL])
    for url in (f"/membres?q={LAST}", "/membres?q=Quintavalle-Br%C3%BBl%C3%A9",
                "/membres?q=zephyrine.quintavalle%40exemple-unique.org", f"/lien/{token}"):
        assert _leaks(url), url
    assert _leaks("/membres?college=resident&page=2") == []
