"""Sign-in messages read as French: « valable 2 heures », not « 2 heure(s) »."""

from tests.fixtures.text import page_text


def test_the_reset_page_and_email_say_how_many_hours(client, make_user, outbox):
    user = make_user()
    response = client.post("/mot-de-passe-oublie", data={"email": user.email})
    text = page_text(response)
    response.close()
    assert "valable 2 heures et" in text and "heure(s)" not in text
    [message] = outbox
    assert "valable 2 heures," in message.body and "heure(s)" not in message.body


def test_one_hour_is_singular(app, client, make_user, outbox):
    app.config["PASSWORD_RESET_HOURS"] = 1
    user = make_user()
    response = client.post("/mot-de-passe-oublie", data={"email": user.email})
    assert "valable 1 heure et" in page_text(response)
    response.close()
    assert "valable 1 heure," in outbox[0].body
