"""PostgreSQL row-level security on the link tables, through their parents

The link tables (meeting_delegate, observation_axis, opinion_observation, opinion_theme) carry no
``council_id``: a row belongs to the council of the rows it links. Each gets ``ENABLE`` and
``FORCE ROW LEVEL SECURITY`` and a policy ``council_through_parents``: a row is seen, and may be
written, only when every council-owned row it points at is visible — the parents' own
``council_isolation`` policies apply inside the ``EXISTS`` (so a link between two councils' rows
cannot be written either). Nothing on SQLite.

Revision ID: a1d2e3f4a5b6
Revises: f3c4d5e6a7b8
Create Date: 2026-12-12 12:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a1d2e3f4a5b6'
down_revision = 'a4b5c6d7e8f9'
branch_labels = None
depends_on = None

# link table → its columns pointing at council-owned rows (theme, the other parent, is national)
THROUGH_PARENTS = {
    "meeting_delegate": {"meeting_id": "meeting", "member_id": "member"},
    "observation_axis": {"observation_id": "observation"},
    "opinion_observation": {"opinion_id": "opinion", "observation_id": "observation"},
    "opinion_theme": {"opinion_id": "opinion"},
}


def _visible_parents(table: str, parents: dict[str, str]) -> str:
    return " AND ".join(f'EXISTS (SELECT 1 FROM "{parent}" WHERE "{parent}".id = "{table}".{column})'  # noqa: S608 (names from this file)
                        for column, parent in parents.items())


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, parents in THROUGH_PARENTS.items():
        visible = _visible_parents(table, parents)
        op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
        op.execute(f'CREATE POLICY council_through_parents ON "{table}" '
                   f'USING ({visible}) WITH CHECK ({visible})')


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in THROUGH_PARENTS:
        op.execute(f'DROP POLICY council_through_parents ON "{table}"')
        op.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
