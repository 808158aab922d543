"""The eligibility rule as a table: ages and birthdays (leap years included), colleges, offices."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from council.eligibility import (
    ActorCategory,
    Applicant,
    College,
    Decision,
    Reason,
    age_on,
    check,
)

QPV = "les-provinces"
OTHER_QPV = "saint-michel-vallee-d-auge"
TODAY = date(2026, 11, 25)


def resident(birth=date(2000, 1, 1), home=QPV, **more):
    return Applicant(birth_date=birth, college=College.RESIDENT, home_neighbourhood=home, **more)


def actor(birth=date(1980, 6, 15), category=ActorCategory.SHOPKEEPER, activity=QPV, **more):
    return Applicant(birth_date=birth, college=College.LOCAL_ACTOR, actor_category=category,
                     activity_neighbourhood=activity, **more)


@pytest.mark.parametrize(
    ("applicant", "today", "reasons"),
    [
        # age: exact birthday arithmetic
        (resident(date(2010, 11, 25)), TODAY, ()),                       # 16 today
        (resident(date(2010, 11, 26)), TODAY, (Reason.TOO_YOUNG,)),      # 16 tomorrow
        (resident(date(2010, 11, 24)), TODAY, ()),
        (resident(date(2011, 1, 1)), TODAY, (Reason.TOO_YOUNG,)),        # 15
        # born on 29 February: the birthday in a non-leap year is 1 March
        (resident(date(2008, 2, 29)), date(2024, 2, 28), (Reason.TOO_YOUNG,)),
        (resident(date(2008, 2, 29)), date(2024, 2, 29), ()),            # leap year: that day
        (resident(date(2012, 2, 29)), date(2028, 2, 28), (Reason.TOO_YOUNG,)),
        (resident(date(2012, 2, 29)), date(2028, 2, 29), ()),
        (resident(date(2011, 2, 28)), date(2027, 2, 28), ()),            # not a leap birthday
        (resident(date(2010, 2, 28)), date(2026, 2, 28), ()),
        (resident(date(2009, 2, 28)), date(2025, 2, 27), (Reason.TOO_YOUNG,)),
        # impossible birth dates
        (resident(date(2026, 11, 26)), TODAY, (Reason.BIRTH_DATE_INVALID,)),
        (resident(TODAY), TODAY, (Reason.TOO_YOUNG,)),                   # born today: just young
        (resident(date(1906, 11, 25)), TODAY, ()),                       # exactly 120
        (resident(date(1906, 11, 24)), TODAY, (Reason.BIRTH_DATE_INVALID,)),
        # residents
        (resident(home=OTHER_QPV), TODAY, ()),
        (resident(home=None), TODAY, (Reason.NOT_RESIDENT,)),
        (resident(home="centre-ville"), TODAY, (Reason.NOT_RESIDENT,)),
        # local actors: each qualifying category, then what fails
        (actor(category=ActorCategory.ASSOCIATION_MEMBER), TODAY, ()),
        (actor(category=ActorCategory.ARTISAN), TODAY, ()),
        (actor(category=ActorCategory.LIBERAL_PROFESSION), TODAY, ()),
        (actor(activity=OTHER_QPV), TODAY, ()),
        (actor(category=ActorCategory.OTHER), TODAY, (Reason.NOT_LOCAL_ACTOR,)),
        (actor(category=None), TODAY, (Reason.NOT_LOCAL_ACTOR,)),
        (actor(activity=None), TODAY, (Reason.ACTIVITY_OUTSIDE,)),
        (actor(category=ActorCategory.OTHER, activity="ailleurs"), TODAY,
         (Reason.NOT_LOCAL_ACTOR, Reason.ACTIVITY_OUTSIDE)),
        (actor(birth=date(2011, 3, 1)), TODAY, (Reason.TOO_YOUNG,)),     # age applies to both
        # incompatible office, alone and with everything else: every reason, in a stable order
        (resident(holds_incompatible_office=True), TODAY, (Reason.INCOMPATIBLE_OFFICE,)),
        (resident(date(2011, 6, 1), home="ailleurs", holds_incompatible_office=True), TODAY,
         (Reason.TOO_YOUNG, Reason.NOT_RESIDENT, Reason.INCOMPATIBLE_OFFICE)),
        (actor(birth=date(2030, 1, 1), category=ActorCategory.OTHER, activity=None,
               holds_incompatible_office=True), TODAY,
         (Reason.BIRTH_DATE_INVALID, Reason.NOT_LOCAL_ACTOR, Reason.ACTIVITY_OUTSIDE,
          Reason.INCOMPATIBLE_OFFICE)),
    ],
)
def test_eligibility_table(applicant, today, reasons):
    decision = check(applicant, today=today)
    assert decision.reasons == reasons
    assert decision.eligible is (reasons == ())


@pytest.mark.parametrize(
    ("applicant", "other_college_eligible"),
    [
        # a shopkeeper who lives in the QPV but works elsewhere may join the habitants college
        (actor(activity="ailleurs", home_neighbourhood=QPV), True),
        (actor(activity="ailleurs", home_neighbourhood="ailleurs"), False),
        # a resident of elsewhere whose shop is in the QPV may join the acteurs locaux college
        (resident(home="ailleurs", actor_category=ActorCategory.SHOPKEEPER,
                  activity_neighbourhood=QPV), True),
        (resident(home="ailleurs"), False),
        # too young, or an incompatible office, fails in both colleges
        (actor(birth=date(2012, 1, 1), home_neighbourhood=QPV), False),
        (resident(holds_incompatible_office=True, actor_category=ActorCategory.ARTISAN,
                  activity_neighbourhood=QPV), False),
    ],
)
def test_other_college_is_suggested_when_it_fits(applicant, other_college_eligible):
    assert check(applicant, today=TODAY).other_college_eligible is other_college_eligible


def test_minimum_age_and_neighbourhoods_are_parameters():
    seventeen = resident(date(2009, 6, 1))
    assert check(seventeen, today=TODAY, minimum_age=18).reasons == (Reason.TOO_YOUNG,)
    assert check(seventeen, today=TODAY, neighbourhoods=["quartier-nord"]).reasons == (
        Reason.NOT_RESIDENT,)
    assert check(resident(home="quartier-nord"), today=TODAY,
                 neighbourhoods=("quartier-nord",)).eligible


def test_every_reason_has_its_own_french_message_and_remedy():
    for attribute in ("message", "remedy", "label"):
        texts = [getattr(reason, attribute) for reason in Reason]
        assert len(set(texts)) == len(Reason) and all(texts)
    assert all(reason.message.endswith(".") and reason.remedy.endswith(".") for reason in Reason)
    assert "âge minimum" in Reason.TOO_YOUNG.message
    assert "quartiers prioritaires" in Reason.NOT_RESIDENT.message


def test_applicant_is_frozen():
    with pytest.raises(AttributeError):
        resident().college = College.LOCAL_ACTOR  # type: ignore[misc]


def test_decision_interface():
    decision = check(resident(), today=TODAY)
    assert isinstance(decision, Decision) and decision.eligible and decision.reasons == ()
    assert College.RESIDENT.other is College.LOCAL_ACTOR and College.LOCAL_ACTOR.other is College.RESIDENT
    assert [c.value for c in College] == ["resident", "local_actor"]
    assert [c.value for c in ActorCategory] == [
        "association_member", "artisan", "shopkeeper", "liberal_profession", "other"]


# Property tests ----------------------------------------------------------------------------------

days = st.dates(min_value=date(1850, 1, 1), max_value=date(2200, 12, 31))


@given(birth=days, today=days)
def test_age_matches_a_day_by_day_count_of_birthdays(birth, today):
    """age_on agrees with the definition: the number of birthdays (29/2 → 1/3) already reached."""
    from council.eligibility import nth_birthday

    if birth > today:
        return
    age = age_on(birth, today)
    assert nth_birthday(birth, age) <= today < nth_birthday(birth, age + 1)


@given(birth=days, today=days, minimum_age=st.integers(min_value=1, max_value=30))
def test_age_reason_agrees_with_age_on(birth, today, minimum_age):
    reasons = check(resident(birth), today=today, minimum_age=minimum_age).reasons
    if birth > today or age_on(birth, today) > 120:
        assert reasons == (Reason.BIRTH_DATE_INVALID,)
    elif age_on(birth, today) < 120:
        assert (reasons == (Reason.TOO_YOUNG,)) is (age_on(birth, today) < minimum_age)
        assert Reason.BIRTH_DATE_INVALID not in reasons


@given(
    birth=days,
    college=st.sampled_from(College),
    home=st.sampled_from([None, QPV, OTHER_QPV, "ailleurs"]),
    category=st.sampled_from([None, *ActorCategory]),
    activity=st.sampled_from([None, QPV, OTHER_QPV, "ailleurs"]),
    office=st.booleans(),
)
def test_decision_is_consistent(birth, college, home, category, activity, office):
    """Reasons come sorted and unique; the other-college flag is the other college's verdict."""
    applicant = Applicant(birth, college, home, category, activity, office)
    decision = check(applicant, today=TODAY)
    order = list(Reason)
    assert list(decision.reasons) == sorted(set(decision.reasons), key=order.index)
    assert decision.eligible == (decision.reasons == ())
    flipped = Applicant(birth, college.other, home, category, activity, office)
    assert decision.other_college_eligible == check(flipped, today=TODAY).eligible
    if office:
        assert Reason.INCOMPATIBLE_OFFICE in decision.reasons


def test_one_day_before_and_on_the_sixteenth_birthday():
    birth = date(2010, 3, 1)
    nth = date(2026, 3, 1)
    eve = nth - timedelta(days=1)
    assert not check(resident(birth), today=eve).eligible
    assert check(resident(birth), today=nth).eligible
