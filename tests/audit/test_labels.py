"""The audit journal speaks French: a label for every action, target and note (a table)."""

import re
from pathlib import Path

import pytest

from council.audit import labels


@pytest.mark.parametrize(("action", "expected"), [
    ("privacy.erase", "Effacement des données"),
    ("privacy.purge", "Purge des données arrivées à échéance"),
    ("roster.export", "Export de la liste des membres"),
    ("account.role", "Changement de rôle"),
    ("something.new", "something.new"),
])
def test_action_label(action, expected):
    assert labels.action_label(action) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("21 lines", "21 lignes"),
    ("1 lines", "1 ligne"),
    ("role:member->organiser", "de membre à organisateur·rice"),
    ("disabled", "désactivé"),
    ("member 12", "fiche de membre n° 12"),
    ("resigned", "démission"),
    ("accounts=1 applications=2 members=1", "1 compte, 2 candidatures, 1 fiche de membre"),
    ("observation_contacts=3", "3 contacts d'habitant·e"),
    ("audit_entries=12 substitute_applications=1",
     "12 lignes du journal, 1 candidature de suppléant·e"),
    ("open_observation_contacts=2 unmoderated_observation_contacts=1",
     "2 contacts d'habitant·e sur des observations ouvertes, "
     "1 contact d'habitant·e sur une observation non modérée"),
    ("nothing", "rien à effacer"),
    (None, ""),
    ("odd=1 unknown", "odd=1 unknown"),
])
def test_note_label(note, expected):
    assert labels.note_label(note) == expected


def test_every_action_the_code_logs_has_a_french_label():
    """A new ``audit.log(…, "area.verb", …)`` without a label here fails (so the journal never
    shows an identifier)."""
    source = "\n".join(path.read_text(encoding="utf-8")
                       for path in Path("council").rglob("*.py") if "audit" not in path.parts)
    used = set(re.findall(r"(?:audit\.log|_audit)\([^\"]*\"([a-z_]+\.[a-z_]+)\"", source))
    used |= set(re.findall(r"\"(opinion\.(?:adopt|reject))\"", source))
    used |= {"account.role", "account.enabled", "account.disabled"}  # built from the change
    assert used - set(labels.ACTIONS) == set()
    assert len(used) > 20
