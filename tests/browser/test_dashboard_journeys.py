"""The organisers' dashboard in a real browser, axe-checked on every page, at phone width: an
organiser signs in and lands on it, follows a line, puts an observation on an upcoming meeting's
agenda, and fills an attendance sheet with « Tous présents »."""

from __future__ import annotations

from council.auth.models import Role


def test_organiser_from_the_dashboard_to_the_agenda_and_the_attendance_sheet(
        phone_page, app, make_user, make_member, make_meeting, make_observation):
    from council.dates import to_paris
    from council.extensions import db
    from council.meetings.models import Meeting

    page = phone_page
    organiser = make_user(role=Role.ORGANISER)
    member = make_user(role=Role.MEMBER)
    roster = [make_member(first_name=first, last_name=last)
              for first, last in (("Awa", "Diallo"), ("Karim", "Benali"), ("Lucie", "Marchand"))]
    observation = make_observation(user_id=member.id)
    make_observation(online=True)
    coming = make_meeting(days=5, title="Assemblée plénière de printemps", agenda=("Accueil",))
    held = make_meeting(days=-1, title="Bureau d'hier")
    with app.app_context():
        day = f"{to_paris(db.session.get(Meeting, coming).starts_at):%d/%m/%Y}"

    # Signing in lands on the dashboard, which says what waits.
    page.sign_in(organiser.email)
    assert page.page.url.endswith("/tableau-de-bord")
    assert page.page.get_by_role("heading", name="Observations à modérer (1)").is_visible()
    assert page.page.get_by_role("heading", name="Prochaine réunion").is_visible()
    assert "3 membres siègent" in page.page.locator("#board-meeting").locator("xpath=..").inner_text()

    # A line leads to where it is handled.
    page.page.get_by_role("link", name="Modérer les observations").click()
    page.check()
    assert page.page.url.endswith("/observations/a-moderer")

    # The observation goes on the coming meeting's agenda, as a new point.
    page.goto(f"/observations/{observation}")
    page.page.get_by_label("Réunion à venir", exact=True).select_option(
        label=f"{day} — Assemblée plénière de printemps")
    title = page.page.get_by_label("Intitulé du point")
    assert title.input_value().startswith(f"Observation n° {observation}")
    title.fill("Lampadaire rue de Normandie")
    page.page.get_by_role("button", name="Inscrire à l'ordre du jour").last.click()
    page.check()
    assert "inscrite à l'ordre du jour" in page.page.locator(".flashes").inner_text()
    page.page.get_by_role("link", name="Assemblée plénière de printemps").first.click()
    page.check()
    point = page.page.locator("ol.agenda > li").nth(1)
    assert point.inner_text().startswith("Lampadaire rue de Normandie")
    point.get_by_role("link", name=f"Observation n° {observation} (dysfonctionnement)").click()
    page.check()
    assert page.page.url.endswith(f"/observations/{observation}")

    # « Tous présents » on yesterday's sheet, then one exception.
    page.goto(f"/reunions/{held}/presences")
    page.page.get_by_role("button", name="Tous présents").click()
    page.check()
    assert "Tous présents : 3 membres marqué·es présent·es" in page.page.locator(".flashes").inner_text()
    for member_id in roster:
        assert page.page.locator(f"#member_{member_id}-0").is_checked()  # « Présent·e »
    assert page.page.get_by_role("button", name="Tous présents").count() == 0

