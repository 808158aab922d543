"""Fuzzing the public application form (/candidature) with hypothesis, through the test client.

Whatever is typed in any field — French names (Jean-Noël, N'Diaye, Œuvray), emoji, very long
strings, NUL bytes, malformed dates and e-mails, choices that were never offered — the answer is
never a 5xx; a form sent back shows French messages beside its fields with what was typed; and an
answer stores one whole application (exactly what was sent, tidied) or nothing at all.
"""

from __future__ import annotations

import html
import io
import itertools
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from council.auth.services.accounts import normalise_email
from council.extensions import db
from council.membership.forms import BIRTH_DATE_FUTURE, BIRTH_DATE_TOO_OLD, ApplicationForm
from council.membership.models import Application, ApplicationStatus
from council.text import BIDI_MESSAGE, CONTROL_MESSAGE, LINE_BREAK_MESSAGE
from tests.fixtures.applications import actor_form, resident_form
from tests.fuzzing import NAMES, assert_form_survives, nasty_date, nasty_email, nasty_text

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
_emails = itertools.count()

CHOICES = {
    "college": ["resident", "local_actor"],
    "gender": ["female", "male", "other", "undisclosed"],
    "home_neighbourhood": ["saint-michel-vallee-d-auge", "les-provinces", "autre"],
    "activity_neighbourhood": ["saint-michel-vallee-d-auge", "les-provinces", "autre"],
    "actor_category": ["association_member", "artisan", "shopkeeper", "liberal_profession", "other"],
    "incompatible_office": ["non", "oui"],
    "notice_read": ["y", "on", "1"],
}
WRONG_CHOICES = ["", " ", "RESIDENT", "prefet", "centre-ville", "les-provinces ", "0", "null", "None",
                 "\x00", "other\x00", "🙂", "x" * 300]
TYPED = ["first_name", "last_name", "birth_date", "email", "phone", "address", "structure_name",
         "motivation"]


def choice(name: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(CHOICES[name]), st.sampled_from(WRONG_CHOICES), nasty_text(40))


def phone() -> st.SearchStrategy[str]:
    return st.one_of(nasty_text(40), st.from_regex(r"\A\+?[0-9 .()\-]{4,34}\Z"),
                     st.sampled_from(["06 12 34 56 78", "+33 6 12 34 56 78", "0612345678\n"]))


FIELD_VALUES = {
    "first_name": nasty_text(), "last_name": nasty_text(), "address": nasty_text(400),
    "structure_name": nasty_text(), "motivation": nasty_text(2500), "email": nasty_email(),
    "birth_date": nasty_date(), "phone": phone(), "website": nasty_text(20),
    **{name: choice(name) for name in CHOICES},
}


@pytest.fixture
def app_config():
    return {name: "1000000 per minute"
            for name in ("APPLICATION_RATE_LIMIT", "APPLICATION_REFUSED_RATE_LIMIT")}


class Messages(list):
    def __repr__(self) -> str:  # keeps hypothesis's reports short
        return f"<{len(self)} French messages>"


@pytest.fixture
def french_messages(app, client) -> Messages:
    """Every message the application form may show beside a field (longest first)."""
    from council.membership.services.applications import duplicate_message

    with app.test_request_context():
        form = ApplicationForm()
    messages = {v.message for f in form for v in f.validators if getattr(v, "message", None)}
    messages |= {m for f in form for v in f.validators for m in getattr(v, "messages", ())}
    messages |= {getattr(f, "invalid_choice_message", None) for f in form}
    messages |= {getattr(f, "invalid_value_message", None) for f in form}
    messages |= {CONTROL_MESSAGE, BIDI_MESSAGE, LINE_BREAK_MESSAGE}  # council.forms' text rules
    messages |= {BIRTH_DATE_FUTURE, BIRTH_DATE_TOO_OLD}  # the form's own birth-date check
    assert client.post("/candidature", data=resident_form(email="deja@example.org")).status_code == 302
    with app.app_context():  # the one duplicate these tests can meet: an e-mail already pending
        messages.add(duplicate_message("deja@example.org"))
    return Messages(sorted((m for m in messages if m), key=len, reverse=True))


def _stored(app) -> list[Application]:
    with app.app_context():
        applications = list(db.session.scalars(select(Application).order_by(Application.id)))
        for application in applications:
            db.session.expunge(application)
        return applications


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Application.id)))


def _tidy(value: str | None) -> str | None:
    return (value or "").strip() or None


def _assert_stored_whole(application: Application, sent: dict) -> None:
    """The stored application is exactly what was sent, tidied — no field lost or cut."""
    assert application.status is ApplicationStatus.PENDING and application.consented_at is not None
    assert application.college.value == sent["college"]
    for name in ("first_name", "last_name", "motivation", "phone"):
        assert getattr(application, name) == _tidy(sent.get(name)), name
    assert application.email == normalise_email(sent["email"])  # one mailbox, one spelling
    local_actor = sent["college"] == "local_actor"
    # a local actor is not asked where they live nor their gender: nothing of it is kept
    assert application.address == (None if local_actor else _tidy(sent.get("address")))
    if local_actor:
        assert application.gender is None
    assert application.structure_name == (_tidy(sent.get("structure_name")) if local_actor else None)
    assert (application.actor_category.value if application.actor_category else None) == (
        sent.get("actor_category") if local_actor else None)


def _error_texts(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
            for text in re.findall(r'<p class="error"[^>]*>(.*?)</p>', page, re.S)]


def _assert_answer(app, response, sent: dict, before: list[Application], french_messages) -> None:
    """The properties every answer of /candidature must have."""
    event(f"answered {response.status_code}")
    # what the form received: the request drops NUL characters first (council/http.py)
    received = {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in sent.items()}
    page = assert_form_survives(response, {k: v for k, v in sent.items() if k in TYPED})
    after = _stored(app)
    assert [a.id for a in after[:len(before)]] == [a.id for a in before]  # nothing changed or lost
    if response.status_code == 302:
        assert response.headers["Location"] == "/candidature/envoyee"
        if received.get("website"):
            assert len(after) == len(before)  # the honeypot: a robot is thanked, nothing is kept
        else:
            assert len(after) == len(before) + 1
            _assert_stored_whole(after[-1], received)
        return
    assert response.status_code == 200, response.status_code
    assert len(after) == len(before)  # refused, or sent back: nothing half-saved
    errors = _error_texts(page)
    assert errors or "Votre candidature ne peut pas être retenue" in page
    for text in errors:  # each message is one of the form's French ones, never a default English one
        for message in french_messages:
            text = text.replace(message, "")
        assert not text.strip(), text


def _post(client, sent: dict):
    return client.post("/candidature", data={k: v for k, v in sent.items() if v is not None})


def _fresh(form: dict) -> dict:
    return {**form, "email": f"fuzz{next(_emails)}@example.org"}


@FUZZ
@given(local_actor=st.booleans(), field=st.sampled_from(sorted(FIELD_VALUES)), data=st.data())
def test_any_value_in_any_field_never_breaks_the_form(app, client, french_messages, local_actor,
                                                     field, data):
    sent = _fresh(actor_form() if local_actor else resident_form())
    sent[field] = data.draw(st.one_of(st.none(), FIELD_VALUES[field]), label=field)  # None: left out
    before = _stored(app)
    _assert_answer(app, _post(client, sent), sent, before, french_messages)


def _mixed(base: dict) -> st.SearchStrategy[dict]:
    """Each field of ``base`` kept, left out, or replaced by an odd value (honeypot left empty)."""
    fresh_email = st.builds(lambda: f"fuzz{next(_emails)}@example.org")
    fields = {name: st.one_of(st.just(base.get(name)), st.none(), FIELD_VALUES[name])
              for name in FIELD_VALUES if name not in ("email", "website")}
    return st.fixed_dictionaries({**fields, "email": st.one_of(fresh_email, nasty_email()),
                                  "website": st.just("")})


@FUZZ
@given(sent=st.one_of(_mixed(resident_form()), _mixed(actor_form())))
def test_every_field_at_once_never_breaks_the_form(app, client, french_messages, sent):
    before = _stored(app)
    _assert_answer(app, _post(client, sent), sent, before, french_messages)


NAME_LETTERS = st.characters(categories=["Lu", "Ll", "Lt", "Lm", "Lo", "Mn"], codec="utf-8")


def french_name() -> st.SearchStrategy[str]:
    """Names as people write them: accents, ligatures, apostrophes, hyphens, several words."""
    word = st.text(NAME_LETTERS, min_size=1, max_size=20)
    return st.one_of(
        st.sampled_from(NAMES + ["Jean-Noël", "Œuvray", "N'Diaye", "Lê Văn Thành", "Dubœuf"]),
        st.builds(lambda a, sep, b: a + sep + b, word, st.sampled_from(["-", "'", " ", "’", " d'"]), word),
        word,
    )


@FUZZ
@given(first_name=french_name(), last_name=french_name(), address=french_name())
def test_french_names_are_stored_exactly_as_typed(app, client, first_name, last_name, address):
    sent = _fresh(resident_form(first_name=first_name, last_name=last_name,
                                address=f"12 rue {address}, 61200 Argentan"))
    before = _count(app)
    response = _post(client, sent)
    assert response.status_code == 302
    [application] = _stored(app)[before:]
    _assert_stored_whole(application, sent)


@FUZZ
@given(birth_date=st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 1, 1)),
       typed=st.booleans())
def test_any_real_birth_date_is_judged_by_the_rule(app, client, french_messages, birth_date, typed):
    from council import dates
    from council.eligibility import Applicant, College, check

    value = birth_date.strftime("%d/%m/%Y") if typed else birth_date.isoformat()
    sent = _fresh(resident_form(birth_date=value))
    before = _stored(app)
    response = _post(client, sent)
    _assert_answer(app, response, sent, before, french_messages)
    decision = check(Applicant(birth_date, College.RESIDENT, "les-provinces"), today=dates.today())
    assert (response.status_code == 302) == decision.eligible


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_body_over_the_size_limit_gets_the_french_413_page(app, client, encoding):
    limit = app.config["MAX_CONTENT_LENGTH"]  # the real setting (1 Mio by default), not lowered
    sent = _fresh(resident_form(motivation="é" * (limit // 2 + 1)))  # two bytes each once encoded
    if encoding == "multipart":
        sent["piece_jointe"] = (io.BytesIO(b"%PDF" + b"x" * limit), "justificatif.pdf")
    response = client.post("/candidature", data=sent,
                           content_type="multipart/form-data" if encoding == "multipart" else None)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Envoi trop volumineux" in page and "raccourcissez le texte le plus long" in page
    assert 'lang="fr"' in page and "Traceback" not in page
    assert _count(app) == 0


def test_a_body_just_under_the_limit_is_read_and_answered_in_french(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    sent = _fresh(resident_form(motivation="m" * (limit - 2000)))
    response = client.post("/candidature", data=sent)
    assert response.status_code == 200
    assert "2 000 caractères au plus." in response.get_data(as_text=True)
    assert _count(app) == 0


@pytest.mark.parametrize("honeypot", ["\x00", "\x00\x00"])
def test_a_honeypot_holding_only_nul_characters_counts_as_empty(app, client, honeypot):
    """Found by the fuzzer on CI: the request drops NULs, so this person is not taken for a robot."""
    before = _stored(app)
    response = _post(client, {**_fresh(resident_form()), "website": honeypot})
    assert response.status_code == 302
    assert len(_stored(app)) == len(before) + 1
