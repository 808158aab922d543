"""Settings are the defaults at first start; once stored, the council's profile is the truth:
for each rule, the code follows the profile, not the setting (a table of probes)."""

from __future__ import annotations

from datetime import date

import pytest

from council import dates
from council.extensions import db


def _probe_minimum_age(ctx):
    from council.eligibility import Applicant, College
    from council.membership.services.applications import check_eligibility

    today = dates.today()
    seventeen = today.replace(year=today.year - 17, day=min(today.day, 28))
    return check_eligibility(Applicant(seventeen, College.RESIDENT, "les-provinces"), today).eligible


def _probe_mandate(ctx):
    from council.membership.views.members import _proposed_end

    end = _proposed_end(None)
    return None if end is None else end.year - dates.today().year


def _probe_quorum(ctx):
    from council.meetings.services.attendance import quorum_status
    from council.meetings.services.meetings import get_meeting

    return quorum_status(get_meeting(ctx["meeting"])).required


def _probe_absences(ctx):
    from council.meetings.services.attendance import unexcused_absence_runs

    return unexcused_absence_runs()


def _probe_thresholds(ctx):
    from council.councils.services import council_config
    from council.membership.composition import Thresholds

    return Thresholds.from_config(council_config())


def _probe_answer_delay(ctx):
    from council.observations.services.queries import answer_delay

    return answer_delay()


def _probe_contact_fallback(ctx):
    from council.membership.services.notifications import organiser_addresses

    return organiser_addresses()


def _context(request, probe) -> dict:
    """What a probe reads: for the quorum, a meeting yesterday with 6 members sitting."""
    if probe is _probe_quorum:
        return {"meeting": request.getfixturevalue("make_sitting")(members=6, present=6)["meeting"]}
    return {}


RULES = [
    # field, setting, setting's value, profile's value, probe, seen with the setting, with the profile
    ("minimum_age", "MINIMUM_AGE", 16, 18, _probe_minimum_age, True, False),
    ("mandate_years", "MANDATE_YEARS", 2, 3, _probe_mandate, 2, 3),
    ("mandate_years", "MANDATE_YEARS", 2, 0, _probe_mandate, 2, None),
    ("quorum_fraction", "QUORUM_FRACTION", 0.5, "1/3", _probe_quorum, 4, 3),
    ("observation_answer_delay_days", "OBSERVATION_ANSWER_DELAY_DAYS", 60, 30, _probe_answer_delay,
     60, 30),
    ("composition_min_size", "COMPOSITION_MIN_SIZE", 15, 9,
     lambda ctx: _probe_thresholds(ctx).min_size, 15, 9),
    ("composition_max_size", "COMPOSITION_MAX_SIZE", 50, 30,
     lambda ctx: _probe_thresholds(ctx).max_size, 50, 30),
    ("composition_min_resident_share", "COMPOSITION_MIN_RESIDENT_SHARE", 50, 60,
     lambda ctx: _probe_thresholds(ctx).min_resident_share, 50, 60),
    ("composition_parity_max_gap", "COMPOSITION_PARITY_MAX_GAP", 2, 0,
     lambda ctx: _probe_thresholds(ctx).parity_max_gap, 2, 0),
    ("contact_email", "CONTACT_EMAIL", "reglage@example.org", "profil@example.org",
     _probe_contact_fallback, ["reglage@example.org"], ["profil@example.org"]),
]


@pytest.mark.parametrize(("field", "setting", "setting_value", "profile_value", "probe", "before",
                          "after"), RULES, ids=[f"{row[0]}={row[3]}" for row in RULES])
def test_the_stored_profile_wins_over_the_setting(app, request, store_profile, field, setting,
                                                  setting_value, profile_value, probe, before, after):
    ctx = _context(request, probe)
    app.config[setting] = setting_value
    with app.app_context():
        assert probe(ctx) == before  # nothing stored yet: the setting is the default
    store_profile(**{field: profile_value})
    app.config[setting] = setting_value  # the setting stays; the profile is the truth
    with app.app_context():
        assert probe(ctx) == after


def test_the_absence_flag_follows_the_profile(app, make_meeting, make_member, store_profile):
    from council.meetings.models import AttendanceStatus
    from council.meetings.services.attendance import record_attendance, unexcused_absence_runs
    from council.meetings.services.meetings import get_meeting

    member = make_member()
    held = [make_meeting(days=d) for d in (-30, -20)]
    with app.app_context():
        for meeting_id in held:
            record_attendance(get_meeting(meeting_id), {member: AttendanceStatus.ABSENT}, None)
        db.session.commit()
        assert unexcused_absence_runs() == {}  # setting: 3 in a row
    store_profile(absence_run_threshold=2)
    with app.app_context():
        assert unexcused_absence_runs() == {member: 2}


def test_expired_mandates_follow_the_profile(app, client, login_as, make_member, store_profile):
    make_member(mandate_ends_on=date(2020, 1, 1), joined_on=date(2018, 1, 1))
    login_as("organiser")
    counted = client.get("/membres/composition").get_data(as_text=True)
    store_profile(expired_mandates_count=False)
    not_counted = client.get("/membres/composition").get_data(as_text=True)
    assert counted != not_counted


def test_the_identity_on_every_page_follows_the_profile(app, client, store_profile):
    store_profile(name="Conseil citoyen de Flers", city="Flers", contact_email="cc@flers.example")
    html = client.get("/").get_data(as_text=True)
    assert "Conseil citoyen de Flers" in html and "cc@flers.example" in html
    assert "quartiers prioritaires de Flers" in html


def test_the_prefecture_on_the_print_view_and_the_prefect_of_interpellations(
        app, client, login_as, make_user, make_opinion, store_profile):
    from council.opinions.lifecycle import OpinionKind
    from council.opinions.models import Opinion

    store_profile(prefecture="la préfecture du Calvados", prefect="la préfète du Calvados")
    login_as("organiser")
    printed = client.get("/membres/impression").get_data(as_text=True)
    assert "transmise à la préfecture du Calvados" in printed and "Orne" not in printed
    opinion_id = make_opinion(make_user().id, kind=OpinionKind.INTERPELLATION, partner_id=None)
    with app.app_context():
        assert db.session.get(Opinion, opinion_id).addressee == "La préfète du Calvados"
