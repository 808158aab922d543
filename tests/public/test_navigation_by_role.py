"""What the navigation and the home page offer, by who is browsing: members are not asked to
apply again; the published observations are one click away for everyone."""

from __future__ import annotations

import re

import pytest


def _nav(html: str) -> str:
    return re.search(r'<nav aria-label="Navigation principale">.*?</nav>', html, re.S).group(0)


def test_visitors_are_invited_to_apply_and_see_the_published_observations(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/candidature"' in _nav(html) and "Candidater au conseil citoyen" in html
    assert 'href="/observations/publiees"' in _nav(html)


@pytest.mark.parametrize("role", ["member", "organiser", "admin"])
def test_signed_in_people_are_not_asked_to_apply(client, login_as, role):
    login_as(role)
    html = client.get("/").get_data(as_text=True)
    assert 'href="/candidature"' not in html  # neither in the navigation nor on the page
    # their own list of observations, in the navigation, leads to the published ones
    assert 'href="/observations"' in _nav(html)
    assert 'href="/observations/publiees"' in client.get("/observations").get_data(as_text=True)
