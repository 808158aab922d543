"""The crawl: as each role, follow every same-site link from the home page (GET only, bounded)
and check every HTML page at phone width: no server error, axe WCAG 2.1 A/AA clean, no horizontal
overflow at 360 px, French ``lang``, a ``<title>`` and exactly one ``<h1>``; then validate every
page's HTML with the Nu HTML checker (vnu-jar from npm) in one Java call."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from council.auth.models import Role
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES_PER_ROLE = 70
SAME_SHAPE = 1  # pages visited per URL shape (/reunions/1, /reunions/2 … count as one shape)
SKIP = re.compile(r"(\.ics|\.csv|\.xlsx|\.ods|\.pdf|\.json|/flux|/export|/telecharger|deconnexion)", re.I)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
START = ("/", "/partenaires")  # the public directory, whatever the navigation links to


@pytest.fixture
def demo(app, make_user, make_member, make_application, make_sitting, make_meeting,
         make_observation, make_opinion):
    """A few of each object, as on the demo site; → the e-mail of each role."""
    from council.eligibility import College

    organiser = make_user(role=Role.ORGANISER)
    admin = make_user(role=Role.ADMIN)
    member = make_user(role=Role.MEMBER)
    make_member(user_id=member.id, email=member.email)
    make_application()
    make_application(college=College.LOCAL_ACTOR)
    make_sitting(days=-3, members=6, present=4)
    make_meeting(days=10)
    make_meeting(days=20, cancelled="Salle indisponible")
    make_observation(user_id=organiser.id)
    make_observation(online=True, contact=True)
    make_opinion(organiser.id)
    return {"anonymous": None, "member": member.email, "organiser": organiser.email,
            "admin": admin.email}


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _crawl(page, base_url: str, role: str, out: Path) -> list[str]:
    """Visit pages breadth-first from /; return the problems found (and write each page's HTML)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems: list[str] = []
    queue, seen, shapes = list(START), set(START), {}
    visited = 0
    while queue and visited < PAGES_PER_ROLE:
        path = queue.pop(0)
        response = page.request.get(base_url + path, max_redirects=0)
        if response.status >= 500:
            problems.append(f"{role} {path}: HTTP {response.status}")
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if 300 <= response.status < 400:
            continue  # a redirect's target is reached by its own link
        visited += 1
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        name = re.sub(r"[^a-z0-9]+", "-", f"{role}{path}".lower()).strip("-") or "home"
        (out / f"{name}.html").write_text(response.text(), encoding="utf-8")
        facts = page.evaluate("""() => ({
            width: document.documentElement.scrollWidth,
            lang: document.documentElement.getAttribute('lang'),
            title: document.title.trim(),
            h1: document.querySelectorAll('h1').length,
            links: [...document.querySelectorAll('a[href]')].map(a => a.href)})""")
        if facts["width"] > 360:
            problems.append(f"{role} {path}: {facts['width']} px wide at 360 px")
        if facts["lang"] != "fr":
            problems.append(f"{role} {path}: lang={facts['lang']!r}")
        if not facts["title"]:
            problems.append(f"{role} {path}: empty <title>")
        if facts["h1"] != 1:
            problems.append(f"{role} {path}: {facts['h1']} <h1>")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{role} {path}: axe {violation['id']} on {targets}")
        for href in facts["links"]:
            url = urldefrag(href).url
            if not url.startswith(base_url):
                continue
            parts = urlsplit(url)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or SKIP.search(target) or parts.path.startswith("/static/"):
                continue
            seen.add(target)
            shape = _shape(parts.path)
            if shapes.get(shape, 0) >= SAME_SHAPE:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append(target)
    assert visited > 3, f"{role}: only {visited} pages reached"
    return problems


def test_every_page_as_every_role(browser, live_server, demo, tmp_path):
    problems: list[str] = []
    for role, email in demo.items():
        context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris",
                                      viewport={"width": 360, "height": 740})
        page = context.new_page()
        try:
            if email:
                page.goto(live_server + "/connexion")
                page.get_by_label("Adresse e-mail").fill(email)
                page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
                page.get_by_role("button", name="Se connecter").click()
                page.wait_for_load_state("load")
                assert "Vous êtes connecté·e." in page.locator(".flashes").inner_text()
            out = tmp_path / role
            out.mkdir()
            problems += _crawl(page, live_server, role, out)
            if role in ("organiser", "admin"):  # reached from the navigation, checked like any page
                assert (out / f"{role}-tableau-de-bord.html").exists(), f"{role}: dashboard not crawled"
        finally:
            context.close()
    problems += _validate_html(sorted(tmp_path.rglob("*.html")))
    assert not problems, "\n".join(problems)


def _validate_html(files: list[Path]) -> list[str]:
    """Every page through the Nu HTML checker, in one Java call; its errors, one a line."""
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML checker (apt-get install default-jre-headless)"
    assert VNU.exists(), f"{VNU} is missing: run `make node-deps` (npm ci)"
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    return [line for line in result.stderr.splitlines() if line.strip()]
