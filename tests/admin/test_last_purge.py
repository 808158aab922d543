"""Admins see when personal data was last purged, and a warning when it is more than two days old
or never happened (the daily cron line is missing). The journal names accounts by number only."""

from datetime import timedelta

from sqlalchemy import func, select

from council import audit
from council.database import utcnow
from council.extensions import db
from council.privacy.models import RetentionRun


def _banner(client, url="/admin/journal") -> str:
    page = client.get(url).get_data(as_text=True)
    start = page.rindex("<", 0, page.index('id="derniere-purge"'))  # the tag with its class
    return " ".join(page[start:page.index("</", start)].split())


def _run(app, hours_ago: float, counts=None) -> None:
    with app.app_context():
        finished = utcnow() - timedelta(hours=hours_ago)
        db.session.add(RetentionRun(purge_day=finished.date(), started_at=finished,
                                    finished_at=finished, counts=counts or {}))
        db.session.commit()


def test_never_purged_is_a_visible_warning_on_the_admin_pages(client, login_as):
    login_as("admin")
    for url in ("/admin/journal", "/admin/comptes"):
        page = client.get(url).get_data(as_text=True)
        assert 'class="notice notice-bad" role="alert" id="derniere-purge"' in page
        assert "La purge des données personnelles n'a jamais été faite." in page
        assert "flask --app council purge" in page


def test_a_purge_run_shows_its_date_and_no_warning(app, client, runner, login_as):
    login_as("admin")
    assert runner.invoke(args=["purge"]).exit_code == 0
    banner = _banner(client)
    assert "Dernière purge des données personnelles" in banner and "notice-bad" not in banner
    with app.app_context():
        run = db.session.scalar(select(RetentionRun))
    assert run.finished_at.year == utcnow().year and "élément" in banner


def test_a_purge_older_than_two_days_is_a_warning(app, client, login_as):
    login_as("admin")
    _run(app, hours_ago=47, counts={"pending_applications": 2, "members": 1})
    banner = _banner(client)
    assert "notice-bad" not in banner and "3 éléments effacés ou anonymisés" in banner
    _run(app, hours_ago=49 + 24)  # an older one does not hide the newer
    assert "notice-bad" not in _banner(client)
    with app.app_context():
        db.session.execute(RetentionRun.__table__.delete())
        db.session.commit()
    _run(app, hours_ago=49)
    banner = _banner(client, "/admin/comptes")
    assert "notice-bad" in banner and "il y a plus de deux jours" in banner


def test_a_dry_run_is_not_a_purge(app, runner):
    assert runner.invoke(args=["purge", "--dry-run"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RetentionRun)) == 0
    assert runner.invoke(args=["purge"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(RetentionRun)) == 1


def test_the_journal_names_the_actor_by_account_number_never_by_e_mail(app, client, login_as,
                                                                       make_user):
    admin = login_as("admin", email="admin.visible@example.org")
    organiser = make_user(email="camille.organisatrice@example.org")
    with app.app_context():
        from council.auth.models import User

        audit.log(db.session.get(User, organiser.id), "roster.export", "member", None, note="4 lines")
        db.session.commit()
    page = client.get("/admin/journal").get_data(as_text=True)
    assert f"compte n° {organiser.id}" in page
    assert "camille.organisatrice@example.org" not in page
    assert "aucune donnée personnelle" not in page  # it holds account numbers: it says so
    assert "le numéro du compte qui a agi" in page and "365 jours" not in page and "1 an" in page
    assert admin.email in client.get("/admin/comptes").get_data(as_text=True)  # accounts page: as before
