"""The home page's public lists come from a per-council cache in each process, read again as
soon as the council's neighbourhoods, partners or the national themes change — whichever worker
changed them — and never shown on another council's host (council.councils.public_cache)."""

from __future__ import annotations

from sqlalchemy import event, select

from council import create_app
from council.councils.services import create_council, ensure_council
from council.extensions import db
from council.reference.models import Neighbourhood, Partner, Theme


def home(client, host="conseil.test") -> str:
    response = client.get("/", base_url=f"http://{host}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def statements(app, client) -> int:
    """Statements for one home page, but the transaction's prologue (SQLite's BEGIN,
    PostgreSQL's app.council_id)."""
    seen = []
    with app.app_context():
        engine = db.engine

    def listener(_conn, _cursor, statement, *_args):
        if not statement.startswith(("BEGIN", "SELECT set_config")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        home(client)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def test_the_home_page_reads_its_lists_once_then_only_resolves_its_host(app, client):
    first = statements(app, client)
    again = statements(app, client)
    assert again == 1  # the host's council, nothing else
    assert first > again


def test_a_change_made_by_another_worker_shows_at_the_next_request(app, client, database_url):
    assert "Saint-Michel" in home(client)
    other = create_app({**app.config})  # another process's app: its own engine, same database
    with other.app_context():
        row = db.session.scalar(select(Neighbourhood).where(
            Neighbourhood.slug == "saint-michel-vallee-d-auge"))
        row.name = "Quartier Renommé"
        db.session.add(Partner(slug="nouveau", name="Partenaire tout neuf", position=99))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    page = home(client)
    assert "Quartier Renommé" in page and "Partenaire tout neuf" in page
    with app.app_context():
        theme = db.session.scalars(select(Theme).order_by(Theme.id)).first()
        theme.name = "Volet national renommé"
        db.session.commit()
    assert "Volet national renommé" in home(client)


def test_a_council_never_sees_another_councils_lists(app, client):
    with app.app_context():
        ensure_council()
        create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"])
        db.session.add(Partner(slug="flers-seul", name="Partenaire de Flers seulement",
                               position=50))
        db.session.commit()
    for _ in range(2):  # both caches filled, then read from
        assert "Partenaire de Flers seulement" not in home(client)
        assert "Partenaire de Flers seulement" in home(client, "flers.test")


def renders(app, client, **kwargs) -> tuple[int, str]:
    """Templates rendered for one home page, and the page."""
    from flask import template_rendered

    seen = []

    def record(_sender, template, context, **_extra):
        seen.append(template.name)

    template_rendered.connect(record, app)
    try:
        page = home(client, **kwargs)
    finally:
        template_rendered.disconnect(record, app)
    return len(seen), page


def test_a_visitor_reads_the_page_rendered_once_per_version_of_the_council(app, client, login_as):
    rendered, first = renders(app, client)
    assert rendered == 1
    assert renders(app, client) == (0, first)  # the same page, not rendered again
    with app.app_context():  # the profile changes (an admin's edit moves the row's version)
        council = ensure_council()
        council.name = "Conseil citoyen renommé"
        db.session.commit()
    rendered, page = renders(app, client)
    assert rendered == 1 and "Conseil citoyen renommé" in page
    # signed in, the page is the person's own (no « Candidater »), rendered for them each time
    login_as("member")  # (its cookie is the test client's default host's)
    rendered, mine = renders(app, client, host="localhost")
    assert rendered == 1 and "Candidater au conseil citoyen" not in mine
    assert "Candidater au conseil citoyen" in page


def test_a_message_waiting_for_a_visitor_is_shown_not_the_kept_page(app, client):
    renders(app, client, host="localhost")  # kept
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Votre message est bien arrivé.")]
    rendered, page = renders(app, client, host="localhost")
    assert rendered == 1 and "Votre message est bien arrivé." in page
    rendered, page = renders(app, client, host="localhost")  # shown once, then the kept page
    assert rendered == 0 and "Votre message est bien arrivé." not in page


def test_a_council_never_sees_another_councils_kept_page(app, client):
    with app.app_context():
        ensure_council()
        create_council("flers", "Conseil citoyen de Flers", "Flers", ["flers.test"])
        db.session.commit()
    for _ in range(2):
        assert "Conseil citoyen de Flers" not in home(client)
        assert "Conseil citoyen de Flers" in home(client, "flers.test")
