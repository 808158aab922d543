"""The members' search on the full-text indexes (FTS5 on SQLite, french_unaccent tsvector on
PostgreSQL): one table of queries that both engines answer alike, the index kept in step with
the observations, the index used, and no input that fails."""

from datetime import date

import pytest
from sqlalchemy import create_engine, delete, select, text, update
from sqlalchemy.pool import NullPool

from bench.measure import count_statements
from council.extensions import db
from council.observations.models import Observation
from council.observations.search import normalise, terms
from council.observations.services import queries
from council.observations.services.queries import Filters

TODAY = date(2026, 12, 1)

TEXTS = {
    "lamp": ("Le lampadaire devant le 12 rue de Normandie ne marche plus.", "12 rue de Normandie"),
    "lamps": ("Trois lampadaires éteints depuis lundi", "Place du Marché"),
    "bench": ("Un banc près de l'arrêt de bus", "Arrêt Les Provinces"),
    "lift": ("Ascenseur en panne au bâtiment C", "Résidence Jean-Rostand"),
    "school": ("Sortie de l'ÉCOLE dangereuse : voitures trop rapides", "École Jean Rostand"),
    "tags": ("Tags sur le mur du gymnase (« OR » et « NOT » peints)", "Gymnase"),
    "bins": ("Poubelles débordantes, 100% pleines le week-end", "Square Pasteur"),
}


@pytest.fixture
def crafted(make_user, make_observation):
    author = make_user().id
    return {name: make_observation(author, description=d, place=p) for name, (d, p) in TEXTS.items()}


def _found(app, q: str) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(
            queries.filtered(Filters(q=q), TODAY).with_only_columns(Observation.id)))


# Query → the observations found, the same on SQLite and on PostgreSQL.
SEARCHES = [
    ("lampadaire", {"lamp", "lamps"}),            # a word, and its plural
    ("lampad", {"lamp", "lamps"}),                # the start of the last word
    ("LAMPADAIRES", {"lamp", "lamps"}),           # a plural typed finds the singular
    ("lampadaires éteints", {"lamps"}),           # two words: both required
    ("ecole", {"school"}),                        # accents and case ignored
    ("ÉCOLE jean", {"school"}),
    ("arret bus", {"bench"}),
    ("arrêt de bus", {"bench"}),                  # « de » is a stop word
    ("l'arrêt", {"bench"}),                       # the apostrophe separates
    ("jean-rostand", {"lift", "school"}),         # the place is searched too
    ("ascenseur panne", {"lift"}),
    ("panne ascenseur", {"lift"}),                # any order
    ("bâtiment", {"lift"}),
    ("normandie 12", {"lamp"}),                   # a number
    ("100%", {"bins"}),                           # signs are separators
    ("100 %", {"bins"}),
    ('"OR"', {"tags"}),                           # an operator is a word
    ("NOT", {"tags"}),
    ("bus OR tram", set()),                       # OR is not « either »
    ("lampadaire NOT eteints", set()),            # nor NOT « but not »
    ("tags NOT gymnase", {"tags"}),               # (those three words are in its text)
    ("lamp*", {"lamp", "lamps"}),                 # a star is a separator
    ("description:panne", set()),                 # no column filter: « description » is a word
    ("panne:*", {"lift"}),
    ("NEAR(panne ascenseur)", set()),
    ("'; DROP TABLE observation; --", set()),
    ("a_b \\ ' \" ( ) [ ] { } ^ - + | & ! < > ~ @ # $", set()),
    ("poubelle", {"bins"}),
    ("xyzzy", set()),
]


@pytest.mark.parametrize(("q", "expected"), SEARCHES)
def test_the_search_table(app, crafted, q, expected):
    assert _found(app, q) == {crafted[name] for name in expected}


@pytest.mark.parametrize("q", ["", "   ", "de la", "?!", "*", '"', "\x00"])
def test_no_word_filters_nothing(app, crafted, q):
    assert _found(app, q) == set(crafted.values())


def test_the_index_follows_new_changed_and_deleted_observations(app, crafted, make_observation,
                                                                make_user):
    added = make_observation(make_user().id, description="Nid-de-poule énorme", place="Rue Lyautey")
    assert _found(app, "nid poule") == {added}
    with app.app_context():
        db.session.execute(update(Observation).where(Observation.id == added).values(
            description="Trottoir abîmé", search_text=normalise("Trottoir abîmé Rue Lyautey")))
        db.session.commit()
    assert _found(app, "nid poule") == set()
    assert _found(app, "trottoir abime") == {added}
    with app.app_context():
        db.session.execute(delete(Observation).where(Observation.id == added))
        db.session.commit()
    assert _found(app, "trottoir") == set()


def test_the_search_uses_the_full_text_index(app, crafted, owner_database_url):
    with app.app_context():
        # The search's own condition, as the list's query holds it: on a table this small,
        # PostgreSQL may rather read the status index first, so the plan is asked for this alone.
        query = select(Observation.id).where(queries.text_matches(terms("lampad")))
        assert str(queries.text_matches(terms("lampad")).compile(db.engine)) in str(
            queries.filtered(Filters(q="lampad"), TODAY).compile(db.engine))
        compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
        if db.engine.dialect.name == "postgresql":
            # Asked of the owner: the app's role adds the row-level security condition on
            # council_id, and on a table this small the planner then reads that index instead.
            owner = create_engine(owner_database_url, poolclass=NullPool)
            with owner.connect() as connection:
                connection.execute(text("SET LOCAL enable_seqscan = off"))
                plan = "\n".join(connection.scalars(text(f"EXPLAIN {compiled}")))
            owner.dispose()
            assert "ix_observation_search" in plan
        else:
            plan = " ".join(str(row[-1]) for row in db.session.execute(
                text(f"EXPLAIN QUERY PLAN {compiled}")))
            assert "VIRTUAL TABLE INDEX" in plan and "observation_fts" in plan
        assert "LIKE" not in str(compiled).upper()


def test_a_search_is_a_fixed_number_of_statements(app, client, login_as, crafted, make_observation,
                                                  make_user):
    login_as("member")

    def statements() -> int:
        with count_statements(app) as counter:
            assert client.post("/observations", data={"q": "lampadaire"}).status_code == 200
        return counter["n"]

    before = statements()
    author = make_user().id
    for _ in range(30):
        make_observation(author, description="Encore un lampadaire éteint")
    assert statements() == before


def test_terms_are_what_the_list_filters_by():
    assert terms("arrêt de bus") and not terms("de la")
