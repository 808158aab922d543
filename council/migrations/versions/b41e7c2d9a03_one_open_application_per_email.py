"""one open application per e-mail address (a partial unique index)

Five identical applications sent at the same instant left four duplicates on PostgreSQL. The
index ``uq_application_open_email`` makes a second open application (pending or substitute) with
the same address impossible.

Duplicates already stored would make the index fail, so they are settled first, per address:
the substitute (first in the list) is kept, else the oldest pending application; every other open
application with that address is marked « refusée » with the reason saying which one it
duplicates, decided now by nobody (the retention of refused applications counts from now). The
downgrade drops the index and leaves those decisions as they are.

Revision ID: b41e7c2d9a03
Revises: dffe4f14f964
Create Date: 2026-12-02 10:00:00.000000

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b41e7c2d9a03'
down_revision = 'dffe4f14f964'
branch_labels = None
depends_on = None

OPEN = "status IN ('pending', 'substitute')"


def _settle_duplicates(connection) -> None:
    """Refuse every open application but one per address (see the module's docstring)."""
    rows = connection.execute(sa.text(
        f"SELECT id, email, reference FROM application WHERE {OPEN} AND email IN "
        f"(SELECT email FROM application WHERE {OPEN} GROUP BY email HAVING COUNT(*) > 1) "
        "ORDER BY email, CASE status WHEN 'substitute' THEN 0 ELSE 1 END, "
        "substitute_position, created_at, id")).all()
    kept: dict[str, str] = {}
    now = datetime.now(timezone.utc).replace(tzinfo=None)  # stored as naive UTC
    for row_id, email, reference in rows:
        if email not in kept:
            kept[email] = reference
            continue
        connection.execute(sa.text(
            "UPDATE application SET status = 'rejected', substitute_position = NULL, "
            "decided_at = :now, decided_by_id = NULL, rejection_reason = :reason WHERE id = :id"),
            {"now": now, "id": row_id,
             "reason": f"Candidature en double : la candidature {kept[email]} avec la même "
                       "adresse e-mail est déjà en cours."})


def upgrade():
    _settle_duplicates(op.get_bind())
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index('uq_application_open_email', ['email'], unique=True,
                              sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index('uq_application_open_email',
                            sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
