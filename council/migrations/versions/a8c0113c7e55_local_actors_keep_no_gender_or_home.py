"""local actors keep no gender, home or address: the rows written before the rule reached every form

Issue 13 made the application ask gender, home neighbourhood and address of the habitants college
only (``council/membership/minimisation.py``), and the personal-data notice says a local actor is
asked neither where they live nor their gender. Member records written by the edit or add-by-hand
forms, or the roster import, before they followed the same rule (and applications sent before
issue 13) may still hold them: they are emptied here. Data only; no column changes.

The downgrade cannot bring erased data back: it does nothing.

On PostgreSQL the tables have forced row-level security: like every migration, this one runs as
the tables' owner with BYPASSRLS (or a superuser), so it reaches every council's rows.

Revision ID: a8c0113c7e55
Revises: f3c4d5e6a7b8
Create Date: 2026-12-12 10:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a8c0113c7e55'
down_revision = 'a7c1d2e3f4a5'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE member SET gender = NULL, address = NULL "
               "WHERE college = 'local_actor' AND (gender IS NOT NULL OR address IS NOT NULL)")
    op.execute("UPDATE application SET gender = NULL, address = NULL, home_neighbourhood_id = NULL "
               "WHERE college = 'local_actor' AND (gender IS NOT NULL OR address IS NOT NULL "
               "OR home_neighbourhood_id IS NOT NULL)")


def downgrade():
    pass  # what was erased cannot come back
