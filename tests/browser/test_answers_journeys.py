"""Answers in a real browser, axe-checked on every page: a member answers « excusé·e » from the
link of an e-mail without signing in, another from the meeting's page; the organiser sees both and
the quorum expected; on the day the attendance sheet starts from the answers."""

from datetime import UTC, datetime, timedelta

from council.auth.models import Role
from council.extensions import db
from council.meetings.models import Meeting
from council.membership.models import Member


def test_answers_from_the_link_and_the_page_reach_the_organiser_and_the_sheet(page, app, make_user,
                                                                             make_member, make_meeting):
    from council.meetings.services.answers import answer_link

    organiser = make_user(role=Role.ORGANISER)
    account = make_user(role=Role.MEMBER)
    awa = make_member(first_name="Awa", last_name="Diallo")
    make_member(first_name="Karim", last_name="Benali", user_id=account.id)
    make_member(first_name="Lucie", last_name="Marchand")
    meeting_id = make_meeting(days=6, title="Assemblée plénière de printemps")
    with app.app_context():
        link = answer_link(db.session.get(Member, awa), db.session.get(Meeting, meeting_id))

    # Awa opens the link of her reminder: nothing is recorded until she presses the button.
    page.page.goto(link)
    page.check()
    page.page.get_by_label("Je serai excusé·e (je ne pourrai pas venir)").check()
    page.page.get_by_label("Un mot pour l'organisation (facultatif)").fill("Garde d'enfant")
    page.page.get_by_role("button", name="Enregistrer ma réponse").click()
    page.check()
    assert "vous serez excusé·e" in page.page.locator(".flashes").inner_text()

    # Karim answers from the meeting's page, signed in.
    page.sign_in(account.email)
    page.goto(f"/reunions/{meeting_id}")
    page.page.get_by_label("Je serai présent·e").check()
    page.page.get_by_role("button", name="Enregistrer ma réponse").click()
    page.check()
    assert "vous serez présent·e" in page.page.locator(".flashes").inner_text()
    page.sign_out()

    # The organiser sees who answered what, and the quorum expected.
    page.sign_in(organiser.email)
    page.goto(f"/reunions/{meeting_id}")
    answers = page.page.locator("#reponses").inner_text()
    assert "Karim Benali" in answers and "Awa Diallo — « Garde d'enfant »" in answers
    assert "Sans réponse (1)" in answers and "Lucie Marchand" in answers
    assert "1 présence annoncée, 1 membre excusé·e, 1 membre sans réponse" in answers

    # The day comes: the sheet proposes « excusé·e » for Awa, nobody is marked present yet.
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        meeting.starts_at = datetime.now(UTC) - timedelta(minutes=5)
        meeting.ends_at = datetime.now(UTC) + timedelta(hours=2)
        db.session.commit()
    page.goto(f"/reunions/{meeting_id}/presences")
    awa_line = page.page.locator("fieldset", has_text="Awa Diallo")
    assert awa_line.get_by_label("Excusé·e").is_checked()
    karim_line = page.page.locator("fieldset", has_text="Karim Benali")
    assert "a annoncé sa présence" in karim_line.inner_text()
    assert not karim_line.get_by_label("Présent·e").is_checked()
