"""Adding a member by hand and inviting members: the pure rules (no Flask, no database), as tables.
Eligibility is a warning the organiser overrides with a reason; an invitation never touches an
account that already has the address."""

from __future__ import annotations

from datetime import date

import pytest

from council.audit.labels import note_label
from council.eligibility import Applicant, College, Decision, Reason, check
from council.membership import admission

TODAY = date(2026, 12, 3)
ELIGIBLE = Decision(reasons=(), other_college_eligible=False)
TOO_YOUNG = Decision(reasons=(Reason.TOO_YOUNG,), other_college_eligible=False)
TWO = Decision(reasons=(Reason.TOO_YOUNG, Reason.NOT_RESIDENT), other_college_eligible=False)


@pytest.mark.parametrize(("decision", "reason", "problem", "stored"), [
    (ELIGIBLE, None, None, None),  # nothing to override
    (ELIGIBLE, "  une raison  ", None, None),  # a reason for an eligible person is not kept
    (TOO_YOUNG, None, admission.OVERRIDE_NEEDED, None),
    (TOO_YOUNG, "   ", admission.OVERRIDE_NEEDED, None),
    (TOO_YOUNG, "ok", admission.OVERRIDE_TOO_SHORT, "ok"),
    (TOO_YOUNG, "  Désigné par le centre social  ", None, "Désigné par le centre social"),
    (TWO, "Conseil du 3 décembre", None, "Conseil du 3 décembre"),
])
def test_the_override_decision(decision, reason, problem, stored):
    assert admission.override_problem(decision, reason) == problem
    assert admission.stored_override(decision, reason) == stored


def test_a_too_long_reason_is_cut_to_the_column():
    assert len(admission.stored_override(TOO_YOUNG, "x" * 900)) == admission.OVERRIDE_MAX_LENGTH


def test_warnings_speak_to_the_organiser_and_name_every_condition():
    applicant = Applicant(birth_date=date(2015, 1, 1), college=College.RESIDENT,
                          home_neighbourhood="ailleurs", holds_incompatible_office=True)
    decision = check(applicant, today=TODAY)
    assert admission.warnings(decision) == [
        "âge inférieur au minimum", "n'habite pas un quartier prioritaire",
        "fonction incompatible déclarée"]
    assert not any("Vous" in warning for warning in admission.warnings(decision))


@pytest.mark.parametrize(("method", "decision", "note", "label"), [
    ("cooptation", ELIGIBLE, "cooptation", "cooptation"),
    ("lot", TWO, "lot override:too_young,not_resident",
     "tirage au sort ; conditions levées : âge inférieur au minimum, "
     "n'habite pas un quartier prioritaire"),
    ("application", ELIGIBLE, "application", "candidature (papier)"),
])
def test_the_journal_note_holds_identifiers_and_reads_in_french(method, decision, note, label):
    assert admission.audit_note(method, decision) == note
    assert note_label(note) == label
    assert admission.overridden_reasons(note) == list(decision.reasons)


@pytest.mark.parametrize(("invitee", "problem"), [
    (admission.Invitee(True, "a@example.org", False, False), None),
    (admission.Invitee(False, "a@example.org", False, False), admission.NOT_ACTIVE),
    (admission.Invitee(True, None, False, False), admission.NO_EMAIL),
    (admission.Invitee(True, "", False, False), admission.NO_EMAIL),
    (admission.Invitee(True, "a@example.org", True, True), admission.ALREADY_INVITED),
    # identity rule 2: an account with this address is never linked, the organiser is told
    (admission.Invitee(True, "a@example.org", False, True), admission.ADDRESS_HAS_ACCOUNT),
])
def test_who_is_invited(invitee, problem):
    assert admission.invitation_problem(invitee) == problem


@pytest.mark.parametrize(("count", "maximum", "refused"), [
    (0, 100, True), (1, 100, False), (100, 100, False), (101, 100, True)])
def test_the_size_of_a_round(count, maximum, refused):
    assert (admission.batch_problem(count, maximum) is not None) is refused


def test_only_the_composition_warnings_an_addition_brings_are_told():
    from council.membership.composition import CompositionWarning

    small = CompositionWarning("too_small", "Le conseil compte 3 membres actifs…")
    smaller = CompositionWarning("too_small", "Le conseil compte 4 membres actifs…")
    parity = CompositionWarning("parity", "Parité : …")
    assert admission.new_warnings([small], [smaller]) == []  # already known: not told again
    assert admission.new_warnings([small], [smaller, parity]) == [parity]
    assert admission.new_warnings([parity], []) == []
