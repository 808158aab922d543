"""Done when: each retention period is read from the settings, stated by the notice, and applied by
`flask --app council purge` to the day — kept on the last day of the period, gone the day after.

The settings are NOT the defaults (``app_config`` below): a period hard-coded in the notice or the
purge fails here."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from council import audit, dates
from council.audit.models import AuditEntry
from council.auth.models import Role, User
from council.extensions import db
from council.membership.models import Application, ApplicationStatus, Member, MemberStatus
from council.observations.lifecycle import ObservationStatus
from council.observations.models import Observation, ObservationEvent

PERIODS = {  # setting → days, none of them the default
    "RETENTION_PENDING_APPLICATION_DAYS": 40,
    "RETENTION_REJECTED_APPLICATION_DAYS": 20,
    "RETENTION_SUBSTITUTE_DAYS": 61,  # said « 2 mois »
    "RETENTION_FORMER_MEMBER_DAYS": 50,
    "RETENTION_OBSERVATION_CONTACT_DAYS": 25,
    "RETENTION_OPEN_OBSERVATION_CONTACT_DAYS": 70,
    "RETENTION_UNMODERATED_OBSERVATION_CONTACT_DAYS": 12,
    "RETENTION_AUDIT_DAYS": 33,
}
# Where the notice says each one: (id of its line, the words after the period)
NOTICE = {
    "RETENTION_PENDING_APPLICATION_DAYS": ("duree-candidature", "."),
    "RETENTION_REJECTED_APPLICATION_DAYS": ("duree-refus", "après le refus"),
    "RETENTION_SUBSTITUTE_DAYS": ("duree-suppleant", "après l'inscription sur la liste"),
    "RETENTION_FORMER_MEMBER_DAYS": ("duree-ancien-membre", "après son départ"),
    "RETENTION_OBSERVATION_CONTACT_DAYS": ("duree-contact-close", "après la clôture de l'observation"),
    "RETENTION_OPEN_OBSERVATION_CONTACT_DAYS": ("duree-contact-ouverte",
                                                "après la dernière étape de son suivi"),
    "RETENTION_UNMODERATED_OBSERVATION_CONTACT_DAYS": ("duree-contact-non-moderee", "après son envoi"),
    "RETENTION_AUDIT_DAYS": ("duree-journal", "après l'action qu'elle note"),
}
# The moment each record is dated (its arrival, refusal, listing, departure…): long enough ago
# that the boundary days are in the past and nothing created by the test itself is touched.
DATED = datetime.combine(dates.today() - timedelta(days=200), time(12, 0), tzinfo=UTC)


@pytest.fixture
def app_config():
    return dict(PERIODS)


def _purge(runner, day) -> str:
    result = runner.invoke(args=["purge", "--today", day.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


# One record per period, dated DATED; each returns a check "is the personal data still there?"

def _pending(app, make_application, **_):
    application_id = make_application()
    with app.app_context():
        db.session.get(Application, application_id).created_at = DATED
        db.session.commit()
    return lambda: db.session.get(Application, application_id) is not None


def _rejected(app, make_application, **_):
    application_id = make_application()
    with app.app_context():
        application = db.session.get(Application, application_id)
        application.status, application.decided_at = ApplicationStatus.REJECTED, DATED
        db.session.commit()
    return lambda: db.session.get(Application, application_id) is not None


def _substitute(app, make_application, make_user, **_):
    from council.membership.services.applications import put_on_substitutes

    application_id = make_application()
    organiser = make_user(role=Role.ORGANISER)
    with app.app_context():
        application = db.session.get(Application, application_id)
        put_on_substitutes(application, db.session.get(User, organiser.id))
        application.decided_at = DATED
        db.session.commit()
    return lambda: db.session.get(Application, application_id) is not None


def _former_member(app, make_member, **_):
    member_id = make_member(status=MemberStatus.RESIGNED, status_changed_on=DATED.date(),
                            last_name="Haddad")
    return lambda: db.session.get(Member, member_id).last_name == "Haddad"


def _date_observation(observation_id: int, **columns) -> None:
    observation = db.session.get(Observation, observation_id)
    for event in observation.events:
        event.at = DATED
    observation.created_at = DATED
    for name, value in columns.items():
        setattr(observation, name, value)
    db.session.commit()


def _contact_kept(observation_id):
    return lambda: db.session.get(Observation, observation_id).resident_contact is not None


def _closed_observation(app, make_observation, make_user, **_):
    observation_id = make_observation(make_user().id, contact=True)
    with app.app_context():
        _date_observation(observation_id, status=ObservationStatus.CLOSED, closed_at=DATED)
    return _contact_kept(observation_id)


def _open_observation(app, make_observation, make_user, **_):
    observation_id = make_observation(make_user().id, contact=True)
    with app.app_context():
        _date_observation(observation_id, status=ObservationStatus.TRANSMITTED)
        # an older step does not count: the period runs from the last one
        db.session.add(ObservationEvent(observation_id=observation_id, at=DATED - timedelta(days=90),
                                        from_status=None, to_status=ObservationStatus.NEW))
        db.session.commit()
    return _contact_kept(observation_id)


def _unmoderated_observation(app, make_observation, **_):
    observation_id = make_observation(online=True, contact=True)
    with app.app_context():
        _date_observation(observation_id)
        assert db.session.get(Observation, observation_id).status is ObservationStatus.PENDING
    return _contact_kept(observation_id)


def _journal_line(app, **_):
    with app.app_context():
        entry = audit.log(None, "roster.export", "member", None, note="3 lines")
        entry.created_at = DATED
        db.session.commit()
        entry_id = entry.id
    return lambda: db.session.get(AuditEntry, entry_id) is not None


RECORDS = {
    "RETENTION_PENDING_APPLICATION_DAYS": _pending,
    "RETENTION_REJECTED_APPLICATION_DAYS": _rejected,
    "RETENTION_SUBSTITUTE_DAYS": _substitute,
    "RETENTION_FORMER_MEMBER_DAYS": _former_member,
    "RETENTION_OBSERVATION_CONTACT_DAYS": _closed_observation,
    "RETENTION_OPEN_OBSERVATION_CONTACT_DAYS": _open_observation,
    "RETENTION_UNMODERATED_OBSERVATION_CONTACT_DAYS": _unmoderated_observation,
    "RETENTION_AUDIT_DAYS": _journal_line,
}


def _notice_line(client, line_id: str) -> str:
    page = " ".join(client.get("/donnees-personnelles").get_data(as_text=True).split())
    match = re.search(rf'<li id="{line_id}">(.*?)</li>', page)
    assert match, f"the notice has no line {line_id}"
    return match[1]


@pytest.mark.parametrize("setting", list(PERIODS))
def test_each_period_from_the_settings_is_stated_and_applied_to_the_day(
        setting, app, client, runner, make_application, make_member, make_observation, make_user):
    from council.french import period_in_words

    days = app.config[setting]
    assert days == PERIODS[setting]  # the test's settings, not the defaults
    line_id, after = NOTICE[setting]
    assert f"<strong>{period_in_words(days)}</strong> {after}".replace(" .", ".") in \
        _notice_line(client, line_id)

    still_there = RECORDS[setting](app=app, make_application=make_application,
                                   make_member=make_member, make_observation=make_observation,
                                   make_user=make_user)
    last_day = DATED.date() + timedelta(days=days)
    _purge(runner, last_day)
    with app.app_context():
        assert still_there(), f"{setting}: gone on the last day of its period"
    _purge(runner, last_day + timedelta(days=1))
    with app.app_context():
        assert not still_there(), f"{setting}: still there the day after its period"


def test_the_settings_under_test_are_not_the_defaults():
    from council.config import Defaults

    assert all(getattr(Defaults, setting) != days for setting, days in PERIODS.items())
    assert {key for key in dir(Defaults) if key.startswith("RETENTION_")} == set(PERIODS)


def test_substitutes_left_keep_their_order_and_places_without_gaps(app, runner, make_application,
                                                                   make_user):
    from council.membership.services.applications import put_on_substitutes, substitutes

    organiser = make_user(role=Role.ORGANISER)
    ids = [make_application(last_name=name) for name in ("Abel", "Benoit", "Chen", "Diallo")]
    with app.app_context():
        actor = db.session.get(User, organiser.id)
        for application_id in ids:
            put_on_substitutes(db.session.get(Application, application_id), actor)
        for gone in (ids[0], ids[2]):  # the first and the third were listed long ago
            db.session.get(Application, gone).decided_at = DATED
        db.session.commit()
    output = _purge(runner, DATED.date() + timedelta(days=PERIODS["RETENTION_SUBSTITUTE_DAYS"] + 1))
    assert "substitute_applications=2" in output
    with app.app_context():
        left = substitutes()
        assert [a.last_name for a in left] == ["Benoit", "Diallo"]
        assert [a.substitute_position for a in left] == [1, 2]
        assert db.session.scalar(select(db.func.count()).select_from(Application)) == 2


def test_the_substitutes_page_tells_organisers_how_long_people_stay_listed(client, login_as):
    login_as("organiser")
    page = " ".join(client.get("/suppleants").get_data(as_text=True).split())
    assert "reste sur la liste <strong>2 mois</strong> après son inscription" in page
