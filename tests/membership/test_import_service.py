"""Roster import on the database: the good lines in one transaction, idempotent, audited, no
account created; the export re-imports as the same roster; the command line."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from council.audit.models import AuditEntry
from council.auth.models import User
from council.eligibility import ActorCategory, College
from council.extensions import db
from council.membership.export import roster_csv
from council.membership.importing import Plan, PlannedLine, PlannedMember
from council.membership.models import Gender, JoinMethod, Member, MemberStatus
from council.membership.services.importing import import_lines, plan_file
from council.membership.services.roster import RosterFilters, members_for_export

FILE = ("\ufeffNom;Prénom;Collège;Quartier;E-mail;Date d'entrée;Mode d'entrée\r\n"
        "Lefèvre;Zoé;habitants;Les Provinces;zoe@example.org;07/03/2025;tirage au sort\r\n"
        "Nguyen;Hoa;acteurs locaux;les-provinces;;01/09/2024;désignation\r\n"
        ";Sans nom;habitants;;;01/09/2024;\r\n").encode()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_good_lines_are_imported_without_accounts_and_audited(app):
    with app.app_context():
        users_before = count(User)
        plan = plan_file(FILE, for_import=True)
        members = import_lines(plan, actor=None)
        db.session.commit()
        assert [(m.last_name, m.college, m.join_method, m.joined_on) for m in members] == [
            ("Lefèvre", College.RESIDENT, JoinMethod.LOT, date(2025, 3, 7)),
            ("Nguyen", College.LOCAL_ACTOR, JoinMethod.DESIGNATION, date(2024, 9, 1))]
        assert all(m.user_id is None and m.status is MemberStatus.ACTIVE for m in members)
        assert members[0].neighbourhood.slug == "les-provinces"
        assert count(User) == users_before  # an organiser invites them later
        actions = db.session.execute(select(AuditEntry.action, AuditEntry.target_id, AuditEntry.note)
                                     .order_by(AuditEntry.id)).all()
        assert actions == [("member.import", members[0].id, None), ("member.import", members[1].id, None),
                           ("roster.import", None, "2 lines")]


def test_a_second_import_of_the_same_file_changes_nothing(app, make_member):
    make_member(email="zoe@example.org", last_name="Lefèvre", first_name="Zoé")
    with app.app_context():
        import_lines(plan_file(FILE), actor=None)
        db.session.commit()
        before = count(Member), count(AuditEntry)
        again = plan_file(FILE)
        assert [line.verdict for line in again.lines] == ["déjà dans la liste", "déjà dans la liste",
                                                          "à corriger"]
        assert import_lines(again, actor=None) == []
        db.session.commit()
        assert (count(Member), count(AuditEntry)) == before == (2, 1 + 1)


def test_nothing_is_half_imported_when_one_line_fails_to_store(app):
    """A line the database refuses (no college: NOT NULL) makes the whole import fail: the
    caller rolls back and no line of the file stays."""
    good = PlannedLine(2, PlannedMember(last_name="A", first_name="B", college=College.RESIDENT,
                                        joined_on=date(2025, 1, 1)))
    broken = PlannedLine(3, PlannedMember(last_name="C", first_name="D", college=None,
                                          joined_on=date(2025, 1, 1)))
    with app.app_context():
        with pytest.raises(IntegrityError):
            import_lines(Plan(lines=[good, broken]), actor=None)
        db.session.rollback()
        assert count(Member) == 0 and count(AuditEntry) == 0


def test_the_roster_export_re_imports_as_the_same_roster(app, make_member):
    make_member(first_name="Zoé", last_name="Lefèvre", gender=Gender.FEMALE, phone="+33 6 12 34 56 78",
                address="2 rue d'Auge\n61200 Argentan", join_method=JoinMethod.LOT,
                mandate_ends_on=date(2027, 3, 7))
    make_member(neighbourhood="saint-michel-vallee-d-auge", college=College.LOCAL_ACTOR,
                actor_category=ActorCategory.SHOPKEEPER, structure_name="Épicerie « Chez Zoé »; bio",
                email=None, gender=None, address=None, join_method=JoinMethod.COOPTATION)
    make_member(neighbourhood=None, status=MemberStatus.RESIGNED, status_changed_on=date(2026, 1, 2),
                status_reason='=HYPERLINK("http://evil.example")', gender=Gender.UNDISCLOSED,
                join_method=JoinMethod.DESIGNATION, email="ancien@example.org")
    make_member(first_name="Jean-Édouard", last_name="O'Brien", gender=Gender.MALE, phone=None,
                status=MemberStatus.MOVED_OUT, status_changed_on=date(2025, 6, 30))
    with app.app_context():
        exported = roster_csv(members_for_export(RosterFilters(status="all")))
        db.session.execute(delete(Member))
        db.session.commit()
        plan = plan_file(exported, for_import=True)
        assert [line.problems for line in plan.lines] == [[]] * 4 and not plan.unknown_columns
        import_lines(plan, actor=None)
        db.session.commit()
        assert roster_csv(members_for_export(RosterFilters(status="all"))) == exported


# The command line ---------------------------------------------------------------------------


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "membres.csv"
    path.write_bytes(FILE)
    return path


def test_dry_run_prints_the_preview_in_french_and_stores_nothing(app, runner, roster_file):
    result = runner.invoke(args=["import-members", str(roster_file), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Fichier CSV : 3 lignes lues — 2 prête(s) à importer, 1 à corriger" in result.output
    assert "Ligne 4 — Sans nom (habitants, entrée le 01/09/2024) : à corriger" in result.output
    assert "    - Nom manquant." in result.output
    assert "Essai : rien n'a été enregistré." in result.output
    with app.app_context():
        assert count(Member) == 0


def test_the_command_imports_the_good_lines_once(app, runner, roster_file):
    first = runner.invoke(args=["import-members", str(roster_file)])
    assert first.exit_code == 0, first.output
    assert "2 membre(s) ajouté(s) à la liste" in first.output
    second = runner.invoke(args=["import-members", str(roster_file)])
    assert second.exit_code == 0, second.output  # valid lines, already there: not an error
    assert "0 prête(s) à importer, 1 à corriger, 2 déjà dans la liste" in second.output
    with app.app_context():
        assert count(Member) == 2


def test_the_command_fails_when_nothing_is_valid(app, runner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes("Nom;Prénom;Collège;Date d'entrée\r\n;A;jeunes;hier\r\n".encode())
    result = runner.invoke(args=["import-members", str(bad)])
    assert result.exit_code == 1 and "à corriger" in result.output
    unreadable = tmp_path / "old.xls"
    unreadable.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    result = runner.invoke(args=["import-members", str(unreadable)])
    assert result.exit_code == 1 and "Les fichiers .xls" in result.output
    with app.app_context():
        assert count(Member) == 0
