"""an application keeps its birth date, motivation and consent time only until the decision

``application.birth_date`` and ``consented_at`` become nullable; a decision replaces the birth
date with « avait l'âge minimum le … » (``min_age_checked_on``, ``min_age_in_force``). The
address becomes nullable: local actors are no longer asked it.

Applications decided before this change are brought in line: each keeps the statement for its
decision date (the minimum age is the app's ``MINIMUM_AGE`` setting, 16 without an app), and
loses its birth date, motivation and consent time.

The downgrade cannot bring erased data back: a missing birth date becomes the latest one the
statement allows (1 January 1900 without a statement), a missing consent time the application's
creation time, a missing address an empty text.

Revision ID: e7c0a11ec7ed
Revises: e7f1a2b3c4d5
Create Date: 2026-12-03 10:00:00.000000

"""
from datetime import date

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7c0a11ec7ed'
down_revision = 'e7f1a2b3c4d5'
branch_labels = None
depends_on = None

DECIDED = "status IN ('accepted', 'substitute', 'rejected')"
UNKNOWN_BIRTH_DATE = date(1900, 1, 1)


def _minimum_age() -> int:
    try:
        from flask import current_app

        return int(current_app.config.get("MINIMUM_AGE", 16))
    except RuntimeError:  # no app (plain Alembic)
        return 16


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return date(day.year - years, 2, 28)


def _as_date(value) -> date:
    if isinstance(value, str):  # SQLite returns text
        return date.fromisoformat(value[:10])
    return value if type(value) is date else value.date()


def _forget_decided(connection) -> None:
    """Decided applications keep the age statement instead of the birth date (see above)."""
    minimum_age = _minimum_age()
    rows = connection.execute(sa.text(
        f"SELECT id, birth_date, decided_at FROM application WHERE {DECIDED} "
        "AND birth_date IS NOT NULL")).all()
    for row_id, birth_date, decided_at in rows:
        on = _as_date(decided_at) if decided_at is not None else None
        had_it = on is not None and _as_date(birth_date) <= _years_before(on, minimum_age)
        connection.execute(sa.text(
            "UPDATE application SET min_age_checked_on = :on, min_age_in_force = :age "
            "WHERE id = :id"),
            {"id": row_id, "on": on if had_it else None, "age": minimum_age if had_it else None})
    connection.execute(sa.text(
        f"UPDATE application SET birth_date = NULL, motivation = NULL, consented_at = NULL "
        f"WHERE {DECIDED}"))


def upgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('min_age_checked_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('min_age_in_force', sa.Integer(), nullable=True))
        batch_op.alter_column('birth_date', existing_type=sa.Date(), nullable=True)
        batch_op.alter_column('address', existing_type=sa.String(length=300), nullable=True)
        batch_op.alter_column('consented_at', existing_type=sa.DateTime(), nullable=True)
    _forget_decided(op.get_bind())


def _fill_for_downgrade(connection) -> None:
    rows = connection.execute(sa.text(
        "SELECT id, min_age_checked_on, min_age_in_force FROM application "
        "WHERE birth_date IS NULL")).all()
    for row_id, checked_on, minimum_age in rows:
        birth_date = (_years_before(_as_date(checked_on), minimum_age)
                      if checked_on is not None and minimum_age is not None else UNKNOWN_BIRTH_DATE)
        connection.execute(sa.text("UPDATE application SET birth_date = :birth WHERE id = :id"),
                           {"id": row_id, "birth": birth_date})
    connection.execute(sa.text(
        "UPDATE application SET consented_at = created_at WHERE consented_at IS NULL"))
    connection.execute(sa.text("UPDATE application SET address = '' WHERE address IS NULL"))


def downgrade():
    _fill_for_downgrade(op.get_bind())
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.alter_column('consented_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.alter_column('address', existing_type=sa.String(length=300), nullable=False)
        batch_op.alter_column('birth_date', existing_type=sa.Date(), nullable=False)
        batch_op.drop_column('min_age_in_force')
        batch_op.drop_column('min_age_checked_on')
