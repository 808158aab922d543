"""Lists count their rows up to a cap (``COUNT_CAP``), so a page costs the same whatever the
size of the table: the bounded page, the list's « plus de … », the pager beyond the count."""

import pytest
from sqlalchemy import select

from bench.measure import count_statements
from council import database
from council.database import bounded_page
from council.extensions import db
from council.observations.models import Observation


@pytest.fixture
def seven(make_user, make_observation):
    author = make_user().id
    return [make_observation(author, description=f"Observation {i}") for i in range(7)]


@pytest.mark.parametrize(("page", "items", "total", "more", "has_next", "pages"), [
    (1, 2, 3, True, True, 2),     # counted up to 3, more exist: « sur plus de 2 »
    (2, 2, 3, True, True, 2),
    (3, 2, 3, True, True, 3),     # beyond the count: the pages known are those reached
    (4, 1, 3, True, False, 4),    # the last page: nothing follows
    (9, 0, 3, True, False, 9),
])
def test_a_bounded_page(app, seven, page, items, total, more, has_next, pages):
    with app.app_context():
        found = bounded_page(select(Observation).order_by(Observation.id), page, 2, cap=3)
        assert (len(found.items), found.total, found.more, found.has_next, found.pages) == \
            (items, total, more, has_next, pages)


def test_an_exact_count_below_the_cap(app, seven):
    with app.app_context():
        found = bounded_page(select(Observation).order_by(Observation.id), 1, 5, cap=100)
        assert (found.total, found.more, found.pages, found.has_next) == (7, False, 2, True)


def test_the_list_says_more_than_the_cap(app, client, login_as, seven, monkeypatch):
    login_as("member")
    assert "7 observations" in client.get("/observations").get_data(as_text=True)
    monkeypatch.setattr(database, "COUNT_CAP", 5)
    html = client.get("/observations").get_data(as_text=True)
    assert "Plus de 5 observations" in html and "7 observations" not in html


def test_the_pager_beyond_the_count(app, client, login_as, seven, monkeypatch):
    login_as("member")
    monkeypatch.setattr(database, "COUNT_CAP", 3)
    monkeypatch.setattr("council.observations.views.lists.PER_PAGE", 2)
    first = client.get("/observations").get_data(as_text=True)
    assert "Page 1 sur plus de 2" in first and 'rel="next"' in first
    fourth = client.get("/observations?page=4").get_data(as_text=True)
    assert "Page 4</li>" in fourth and 'rel="next"' not in fourth and 'rel="prev"' in fourth


def test_a_list_page_is_two_statements_whatever_the_rows(app, seven):
    def statements(page) -> int:
        with app.app_context(), count_statements(app) as counter:
            bounded_page(select(Observation).order_by(Observation.id), page, 2)
            db.session.rollback()
        return counter["n"]

    assert statements(1) == statements(3)
