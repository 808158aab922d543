"""The password policy (CNIL délibération 2022-100) as a table: pure, no Flask."""

import math

import pytest

from council.auth.password_policy import (
    common_passwords,
    entropy_bits,
    length_needed,
    password_hint,
    password_problems,
    personal_words,
)

NAME = ["Zoé", "Lefèvre-Martin", "zoe.lefevre@example.org"]


@pytest.mark.parametrize("password", [
    "Kx9!mPq2#vLz",                   # CNIL example 1: 12 characters of the four kinds
    "xK9mPq2vLzR4bN",                 # CNIL example 2: 14 of capitals, lower case and digits
    "correct horse battery staple",   # a phrase
    "une phrase secrète",             # 18 characters, lower case and spaces
    "vingtcaractèressansrien",        # 23 lower-case letters
    "Vive le bocage normand 61",      # the demo accounts'
])
def test_a_members_password_is_accepted(password):
    assert password_problems(password) == []


@pytest.mark.parametrize(("password", "reason"), [
    ("123456789012", "figure parmi les plus courants"),   # twelve characters were enough before
    ("123456789012", "au moins 24 caractères"),
    ("Kx9!mPq2#vL", "au moins 12 caractères"),             # 11 characters of the four kinds
    ("xK9mPq2vLzR4b", "au moins 14 caractères"),           # 13 of three kinds
    ("motdepasse", "figure parmi les plus courants"),
    ("MotDePasse2024!", "figure parmi les plus courants"),  # decorated
    ("Azertyuiop!2024xy", "fait surtout d'un mot de passe courant"),
    ("aaaaaaaaaaaaaaaaaaaaaaaa", "répétés ou qui se suivent"),
    ("abcdefghijklmnopqrstuvwxyz", "répétés ou qui se suivent"),
    ("Ab1!Ab1!Ab1!Ab1!", "répétés ou qui se suivent"),
    ("a" * 1025, "dépasser 1024 caractères"),
])
def test_a_weak_password_is_refused_with_its_reason(password, reason):
    assert any(reason in problem for problem in password_problems(password)), password_problems(password)


@pytest.mark.parametrize("password", ["zoe.lefevre@example.org", "Lefèvre-Martin 1987!",
                                      "LEFEVRE_MARTIN_zoe", "Zoé Lefèvre-Martin !"])
def test_a_password_made_of_the_persons_name_or_email_is_refused(password):
    problems = password_problems(password, personal=NAME)
    assert any("votre nom ou votre adresse" in p for p in problems), problems
    assert password_problems(password) == [] or "votre nom" not in " ".join(password_problems(password))


def test_every_failure_is_reported_at_once():
    problems = password_problems("abcdef", personal=["abcdef@example.org"])
    assert len(problems) == 4  # too short, common, the person's own address, consecutive letters
    assert all(p.endswith(".") or p.endswith(")") for p in problems)


@pytest.mark.parametrize(("password", "member", "staff"), [
    ("Kx9!mPq2#vLz", True, False),        # 12 of the four kinds: a member's, not an admin's
    ("Kx9!mPq2#vLzW3", True, True),       # 14 of the four kinds
    ("xK9mPq2vLzR4bN", True, False),      # 14 of three kinds: 83 bits
    ("xK9mPq2vLzR4bNt7", True, True),     # 16 of three kinds: 95 bits
    ("nouvelle place", True, False),      # 14 characters with a space: 84 bits
    ("une nouvelle phrase", True, True),  # 19
])
def test_organisers_and_admins_need_a_stronger_password(password, member, staff):
    assert (password_problems(password) == []) is member
    assert (password_problems(password, staff=True) == []) is staff


def test_the_entropy_is_the_cnils_measure():
    assert entropy_bits("Kx9!mPq2#vLz") == pytest.approx(12 * math.log2(99))  # 79.6, counted as 80
    assert entropy_bits("xK9mPq2vLzR4bN") == pytest.approx(14 * math.log2(62))
    assert entropy_bits("") == 0
    assert length_needed("abc", staff=False) == 17 and length_needed("abc", staff=True) == 20
    assert length_needed("aB1!", staff=False) == 12 and length_needed("aB1!", staff=True) == 14


def test_the_blocklist_ships_with_the_code_and_is_read_folded():
    common = common_passwords()
    assert {"123456", "motdepasse", "azerty", "password", "soleil", "liberte"} <= common
    assert len(common) > 250 and all(word == word.lower() for word in common)
    assert password_problems("SOLEIL") and password_problems("Liberté")


def test_personal_words_are_the_parts_of_names_and_email():
    assert set(personal_words(*NAME)) == {"lefevre-martin", "lefevre", "martin", "zoe.lefevre",
                                          "example"}
    assert "zoe" not in personal_words(*NAME)  # three letters: too short to look for


def test_the_hint_says_the_rule_of_the_role():
    assert "Au moins 12 caractères" in password_hint(False)
    assert "Au moins 14 caractères" in password_hint(True)
