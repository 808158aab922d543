"""Every page costs the same SQL statements whatever the number of councils on the install
(issue 15): the same count with 1 and with 3 councils of demo size, and the same on another
council's host. Counted, never timed. The bench (`make bench`) measures the same at 100 councils.
"""

from __future__ import annotations

from sqlalchemy import event

from bench import dataset
from bench.measure import host_client
from bench.run import page_paths, signed_in
from council.extensions import db


def statements_per_page(app, ds: dataset.Dataset, host: str) -> dict[str, int]:
    """Page name → statements sent for one request of it (after one request to warm up)."""
    clients = {"anonymous": host_client(app, host),
               "member": signed_in(app, ds.member_email, host),
               "organiser": signed_in(app, ds.organiser_email, host)}
    with app.app_context():
        engine = db.engine
    counts = {}
    for name, (who, path) in page_paths(ds).items():
        client = clients[who]
        assert client.get(path).status_code == 200, name
        seen = []

        def count(*_args, seen=seen):
            seen.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.get(path)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(seen)
    return counts


def test_statements_per_page_do_not_depend_on_the_number_of_councils(app):
    app.config.update(dataset.bench_config(app.config["SQLALCHEMY_DATABASE_URI"]))
    site = app.config["SITE_HOST"]
    with app.app_context():
        first = dataset.fill_councils(app, scale=1, councils=1)
    alone = statements_per_page(app, first, site)

    with app.app_context():
        third = dataset.fill_councils(app, scale=1, councils=3, first=2)
    assert third.councils == 3
    among_three = statements_per_page(app, first, site)
    assert among_three == alone
    # another council, on its own host, pays the same
    assert statements_per_page(app, third, "c2.bench.test") == alone
