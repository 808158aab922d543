"""Sentences of /donnees-personnelles that follow the settings and the code: the minors' sentence
(MINIMUM_AGE), the processors, one legal basis per purpose, the automatic refusal."""

import re

import pytest

from council.privacy.notice import ages_in_words, minors_sentence, processors
from tests.fixtures.text import page_text


@pytest.mark.parametrize(("first", "words"), [(16, "16 ou 17 ans"), (17, "17 ans"),
                                              (14, "14, 15, 16 ou 17 ans")])
def test_ages_in_words(first, words):
    assert ages_in_words(first, 17) == words


def test_the_minors_sentence_follows_the_minimum_age():
    assert minors_sentence(18) is None and minors_sentence(21) is None  # adults only: say nothing
    assert minors_sentence(16).startswith("Si vous avez 16 ou 17 ans, vous pouvez candidater")
    assert "15, 16 ou 17 ans" in minors_sentence(15)
    assert "avant 15 ans, l'un de vos parents" in minors_sentence(14)


def test_processors_are_the_named_ones_in_settings_order():
    config = {"HOSTING_PROVIDER": "OVHcloud, Roubaix (France)", "MAIL_PROVIDER": "  "}
    assert processors(config) == [("l'hébergeur du site", "OVHcloud, Roubaix (France)")]


def _notice(client) -> str:
    """The page's words, tags left out."""
    return " ".join(re.sub(r"<[^>]+>", "", page_text(client.get("/donnees-personnelles"))).split())


@pytest.mark.parametrize(("age", "present", "absent"), [
    (16, "Si vous avez 16 ou 17 ans", "Si vous avez 17 ans"),
    (17, "Si vous avez 17 ans", "16 ou 17 ans"),
    (18, "Pour une observation en ligne", "ou 17 ans"),
])
def test_the_page_speaks_of_minors_as_the_setting_says(app, client, age, present, absent):
    app.config["MINIMUM_AGE"] = age
    text = _notice(client)
    assert present in text and absent not in text


def test_the_page_names_every_processor_from_the_settings(app, client):
    app.config.update(HOSTING_PROVIDER="OVHcloud, Roubaix (France)",
                      MAIL_PROVIDER="Brevo, Paris (France)")
    text = _notice(client)
    assert "L'hébergeur du site, OVHcloud, Roubaix (France), qui les traite pour notre compte" in text
    assert "Le service qui envoie les e-mails du site, Brevo, Paris (France)" in text


def _row(html: str, heading: str) -> str:
    """The text of the notice table's row whose heading is ``heading``."""
    match = re.search(rf'<th scope="row">{re.escape(heading)}</th>(.*?)</tr>', html, re.S)
    assert match, heading
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_one_legal_basis_per_purpose(app, client):
    html = client.get("/donnees-personnelles").get_data(as_text=True)
    application = _row(html, "Vous candidatez")
    assert "art. 6.1.b" in application and "Ce n'est pas un consentement" in application
    assert "6.1.a" not in application
    online = _row(html, "Vous envoyez une observation en ligne")
    days = app.config["RETENTION_OBSERVATION_CONTACT_DAYS"]
    assert "3 mois après la clôture" in online and days == 92  # from the setting
    assert "1. La mission d'intérêt public" in online and "6.1.e" in online
    assert "2. Votre consentement (art. 6.1.a)" in online
    assert "J'ai 15 ans ou plus" in online


def test_the_automatic_refusal_is_said_to_be_a_decision_by_code(client):
    text = _notice(client)
    assert "c'est une décision prise par un programme, sans qu'une personne l'examine" in text
    assert "Vous pouvez demander qu'une personne regarde votre situation" in text


def test_the_notice_says_what_stays_of_an_erased_member(client):
    text = _notice(client)
    assert "« [nom effacé] »" in text
    assert "chaque réunion garde seulement le nombre de présents, d'excusés et d'absents" in text
    assert "chaque avis garde seulement ses nombres de voix pour, contre et d'abstentions" in text


def test_the_notice_says_a_member_asks_the_age_before_keeping_a_contact(client):
    """The member-logged observation form asks « 15 ans ou plus » (``privacy.CONSENT_AGE``):
    the notice's row and its minors' paragraph say so."""
    html = client.get("/donnees-personnelles").get_data(as_text=True)
    row = _row(html, "Un membre note une observation de votre part")
    assert "lui avez dit avoir 15 ans ou plus" in row
    assert "Pour une observation en ligne ou notée par un membre, nous gardons le nom et le contact " \
           "seulement des personnes de 15 ans ou plus" in _notice(client)
