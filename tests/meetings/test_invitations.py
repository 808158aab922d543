"""Invitations by e-mail, received by a real SMTP server on loopback: published → REQUEST, moved
→ REQUEST with SEQUENCE + 1, cancelled → CANCEL, a member who leaves → CANCEL worded as an
invitation withdrawn; one refused recipient never stops the others; members' preferences."""

from __future__ import annotations

import email
import re
from datetime import date, timedelta
from email import policy

import icalendar
import pytest
import vobject

from council.extensions import db
from council.meetings.models import Meeting, MeetingKind
from council.membership.models import Member
from tests.fixtures.mail import REFUSED, calendar_of, smtp_settings
from tests.fixtures.text import page_text
from tests.meetings.test_views import form_data


@pytest.fixture
def app_config(smtp):
    return smtp_settings(smtp[0].port)


def received(server) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(envelope.original_content, policy=policy.default)
            for envelope in server.envelopes]


def calendar(message) -> tuple[icalendar.Calendar, icalendar.Event]:
    """The invitation's calendar, parsed by icalendar and checked by vobject too."""
    data = calendar_of(message)
    assert vobject.readOne(data.decode()).vevent.uid.value
    parsed = icalendar.Calendar.from_ical(data)
    [event] = parsed.walk("VEVENT")
    return parsed, event


def _to(message) -> str:
    return message["To"].addresses[0].addr_spec


def test_publish_move_cancel_reach_each_member_as_request_request_and_cancel(app, client, smtp,
                                                                            login_as, make_member):
    _, server = smtp
    make_member(email="awa@example.org", first_name="Awa", last_name="Diallo")
    make_member(email="zoe@example.org")
    make_member(email=None)  # no address: counted, not mailed
    login_as("organiser")
    response = client.post("/reunions/nouvelle", data=form_data(notify="y"), follow_redirects=True)
    assert "2 invitations envoyées par e-mail." in page_text(response.get_data(as_text=True))
    assert "1 membre sans adresse e-mail" in page_text(response.get_data(as_text=True))
    with app.app_context():
        meeting_id = db.session.scalar(db.select(Meeting.id))
    first = received(server)
    assert sorted(_to(m) for m in first) == ["awa@example.org", "zoe@example.org"]
    cal, event = calendar(first[0])
    assert str(cal["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 0
    assert str(event["UID"]) == f"reunion-{meeting_id}@conseil.test"
    assert str(event["ATTENDEE"]) == f"mailto:{_to(first[0])}"  # one attendee: not a list

    day = (date.today() + timedelta(days=15)).isoformat()
    response = client.post(f"/reunions/{meeting_id}/modifier", data=form_data(day=day, notify="y"),
                           follow_redirects=True)
    assert "2 mises à jour d'agenda envoyées par e-mail." in page_text(response.get_data(as_text=True))
    moved = received(server)[2:]
    assert len(moved) == 2
    cal, event = calendar(moved[0])
    assert str(cal["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 1
    assert moved[0]["Subject"] == "Conseil citoyen : une réunion a changé"
    assert event.decoded("DTSTART").date().isoformat() == day

    response = client.post(f"/reunions/{meeting_id}/annuler",
                           data={"reason": "Salle fermée", "notify": "y"}, follow_redirects=True)
    assert "2 annonces d'annulation envoyées par e-mail." in page_text(response.get_data(as_text=True))
    cancelled = received(server)[4:]
    assert len(cancelled) == 2
    cal, event = calendar(cancelled[0])
    assert str(cal["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2
    assert "Salle fermée" in cancelled[0].get_body(("plain",)).get_content()


def test_one_refused_recipient_never_stops_the_others_nor_loses_the_meeting(app, client, smtp,
                                                                           login_as, make_member,
                                                                           caplog):
    _, server = smtp
    for address in ("awa@example.org", REFUSED, "zoe@example.org"):
        make_member(email=address)
    login_as("organiser")
    response = client.post("/reunions/nouvelle", data=form_data(notify="y"), follow_redirects=True)
    text = page_text(response.get_data(as_text=True))
    assert "2 invitations envoyées par e-mail." in text
    assert "1 invitation n'a pas pu partir" in text
    assert "Renvoyer les invitations" in text  # the way to try again, on the meeting's page
    assert server.recipients == ["awa@example.org", "zoe@example.org"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Meeting.id))) == 1
    assert not [r for r in caplog.records if r.name.startswith("council") and "refuse" in r.getMessage()]


def test_resending_sends_the_same_uid_and_sequence(app, client, smtp, login_as, make_member,
                                                   make_meeting):
    _, server = smtp
    make_member(email="awa@example.org")
    meeting_id = make_meeting(days=10)
    login_as("organiser")
    response = client.post(f"/reunions/{meeting_id}/invitations", follow_redirects=True)
    assert "1 invitation envoyée par e-mail." in page_text(response.get_data(as_text=True))
    [message] = received(server)
    _cal, event = calendar(message)
    assert str(event["UID"]) == f"reunion-{meeting_id}@conseil.test" and int(event["SEQUENCE"]) == 0


def test_a_member_who_turned_invitations_off_gets_none(app, client, smtp, login_as, make_member):
    _, server = smtp
    make_member(email="awa@example.org", invitations_by_email=False)
    make_member(email="zoe@example.org")
    login_as("organiser")
    response = client.post("/reunions/nouvelle", data=form_data(notify="y"), follow_redirects=True)
    assert "1 membre a choisi de ne pas recevoir" in page_text(response.get_data(as_text=True))
    assert server.recipients == ["zoe@example.org"]


def test_a_contract_instance_invites_its_delegates_only_and_withdraws_a_removed_one(
        app, client, smtp, login_as, make_member):
    _, server = smtp
    awa = make_member(email="awa@example.org")
    zoe = make_member(email="zoe@example.org")
    make_member(email="paul@example.org")  # not a delegate
    login_as("organiser")
    client.post("/reunions/nouvelle", data=form_data(
        kind="steering_committee", delegates=[str(awa), str(zoe)], notify="y"))
    assert server.recipients == ["awa@example.org", "zoe@example.org"]
    with app.app_context():
        meeting_id = db.session.scalar(db.select(Meeting.id))
    client.post(f"/reunions/{meeting_id}/modifier", data=form_data(
        kind="steering_committee", delegates=[str(awa)], notify="y"))
    later = {_to(m): m for m in received(server)[2:]}
    assert sorted(later) == ["awa@example.org", "zoe@example.org"]
    assert str(calendar(later["awa@example.org"])[0]["METHOD"]) == "REQUEST"
    withdrawn = later["zoe@example.org"]
    assert str(calendar(withdrawn)[0]["METHOD"]) == "CANCEL"
    assert withdrawn["Subject"] == "Conseil citoyen : invitation retirée"


def test_a_member_who_leaves_gets_their_future_invitations_withdrawn(app, client, smtp, login_as,
                                                                     make_member, make_meeting):
    _, server = smtp
    awa = make_member(email="awa@example.org")
    zoe = make_member(email="zoe@example.org")
    ahead = make_meeting(days=10)
    make_meeting(days=-3)  # past: nothing to withdraw
    make_meeting(days=20, cancelled="Salle fermée")  # cancelled already
    make_meeting(days=12, kind=MeetingKind.STEERING_COMMITTEE, delegate_ids=[zoe])  # not awa
    login_as("organiser")
    response = client.post(f"/membres/{awa}/depart", data={
        "status": "resigned", "left_on": date.today().isoformat(), "reason": ""},
        follow_redirects=True)
    assert "1 invitation aux réunions à venir lui est retirée" in page_text(
        response.get_data(as_text=True))
    [message] = received(server)
    assert _to(message) == "awa@example.org"
    assert message["Subject"] == "Conseil citoyen : invitation retirée"
    cal, event = calendar(message)
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(event["UID"]) == f"reunion-{ahead}@conseil.test"
    body = message.get_body(("plain",)).get_content()
    assert "retirée" in body and "n'est pas annulée" in body
    with app.app_context():
        assert not db.session.get(Member, awa).is_active


def test_a_resigning_member_gets_their_invitations_withdrawn(app, client, smtp, make_member,
                                                             make_meeting, login_as):
    _, server = smtp
    user = login_as("member")
    make_member(email=user.email, user_id=user.id)
    make_meeting(days=10)
    client.post("/profil/demission", data={"reason": "", "confirm": "y"})
    [withdrawn] = [m for m in received(server) if _to(m) == user.email]  # the council hears too
    assert str(calendar(withdrawn)[0]["METHOD"]) == "CANCEL"


# --- Preferences (/profil) and the reminder alarm of the private feed ----------------------------

def _member_with_feed(app, client, login_as, make_member):
    user = login_as("member")
    make_member(email=user.email, user_id=user.id)
    client.post("/profil/calendrier/nouveau-lien")
    html = client.get("/profil/calendrier").get_data(as_text=True)
    feed = html.split("http://conseil.test/calendrier/", 1)[1].split(".ics", 1)[0]
    return user, f"/calendrier/{feed}.ics"


@pytest.mark.parametrize("choice, trigger", [("60", "-PT1H"), ("1440", "-P1D")])
def test_a_member_chooses_a_reminder_and_only_their_private_feed_rings(app, client, login_as,
                                                                      make_member, make_meeting,
                                                                      choice, trigger):
    make_meeting(days=10)
    make_meeting(days=11, cancelled="Salle fermée")
    user, feed = _member_with_feed(app, client, login_as, make_member)
    before = client.get(feed)
    assert b"VALARM" not in before.data
    response = client.post("/profil/preferences", data={"invitations_by_email": "y",
                                                        "feed_alarm": choice})
    assert response.status_code == 302
    after = client.get(feed, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200  # the alarm is part of the feed's version
    parsed = icalendar.Calendar.from_ical(after.data)
    alarms = [event for event in parsed.walk("VEVENT") if event.walk("VALARM")]
    assert len(alarms) == 1  # the cancelled meeting rings no bell
    [alarm] = alarms[0].walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY" and f"TRIGGER:{trigger}" in after.data.decode()
    assert vobject.readOne(after.data.decode()).vevent.valarm.trigger.value
    assert b"VALARM" not in client.get("/reunions.ics").data  # public feeds never do


def test_preferences_are_kept_and_shown_on_the_profile(app, client, login_as, make_member):
    user = login_as("member")
    member_id = make_member(email=user.email, user_id=user.id)
    html = client.get("/profil").get_data(as_text=True)
    assert "Mes réunions : invitations et rappels" in html
    client.post("/profil/preferences", data={"feed_alarm": ""})  # box unticked: off
    with app.app_context():
        member = db.session.get(Member, member_id)
        assert member.invitations_by_email is False and member.feed_alarm_minutes is None
    response = client.post("/profil/preferences", data={"invitations_by_email": "y",
                                                        "feed_alarm": "999"})
    assert response.status_code == 200  # an unknown choice: the form again, nothing saved
    with app.app_context():
        assert db.session.get(Member, member_id).invitations_by_email is False


def test_a_new_member_gets_invitations_by_default(app, make_member):
    member_id = make_member()
    with app.app_context():
        member = db.session.get(Member, member_id)
        assert member.invitations_by_email is True and member.feed_alarm_minutes is None


def _link_after(text: str, label: str) -> str:
    line = next(line for line in text.splitlines() if line.startswith(f"{label} : "))
    return line.removeprefix(f"{label} : ").strip()


def test_an_invitation_carries_the_answer_links_and_the_member_answers_from_it(
        app, client, smtp, login_as, make_member):
    _, server = smtp
    make_member(email="awa@example.org", first_name="Awa", last_name="Diallo")
    login_as("organiser")
    client.post("/reunions/nouvelle", data=form_data(notify="y"))
    with app.app_context():
        meeting_id = db.session.scalar(db.select(Meeting.id))
    [message] = received(server)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    page = f"http://conseil.test/reunions/{meeting_id}"
    assert f"Tous les détails : {page}" in text and f'href="{page}"' in html
    assert "Viendrez-vous ? Répondez sans vous connecter" in text
    present = _link_after(text, "Je serai présent·e")
    excused = _link_after(text, "Je serai excusé·e")
    assert present.endswith("?choix=present") and excused.endswith("?choix=excused")
    for label, url in (("Je serai présent·e", present), ("Je serai excusé·e", excused)):
        assert f'<a href="{url.replace("&", "&amp;")}">{label}</a>' in html
    _cal, event = calendar(message)
    assert str(event["ATTENDEE"].params["RSVP"]) == "FALSE"  # the links are the way to answer

    member_client = app.test_client()  # the member, not signed in
    path = excused.removeprefix("http://conseil.test")
    shown = member_client.get(path).get_data(as_text=True)
    assert 'value="excused"' in shown and re.search(r'<input checked[^>]*value="excused"', shown)
    answered = member_client.post(path.split("?")[0], data={"choice": "excused", "word": "Malade"},
                                  follow_redirects=True)
    assert "vous serez excusé·e" in page_text(answered.get_data(as_text=True))
    organiser_view = page_text(client.get(f"/reunions/{meeting_id}").get_data(as_text=True))
    assert "Excusé·es (1) Awa Diallo — « Malade »" in " ".join(re.sub(r"<[^>]+>", " ",
                                                                      organiser_view).split())


def test_a_cancellation_asks_for_no_answer(app, client, smtp, login_as, make_member, make_meeting):
    _, server = smtp
    make_member(email="awa@example.org")
    meeting_id = make_meeting(days=10)
    login_as("organiser")
    client.post(f"/reunions/{meeting_id}/annuler", data={"reason": "Salle fermée", "notify": "y"})
    [message] = received(server)
    text = message.get_body(("plain",)).get_content()
    assert "/reunions/reponse/" not in text and "Viendrez-vous" not in text
    assert f"Tous les détails : http://conseil.test/reunions/{meeting_id}" in text
