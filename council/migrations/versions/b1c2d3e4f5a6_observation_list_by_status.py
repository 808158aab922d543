"""the members' observation list filtered by status, newest first: an index (council_id, status,
observed_on), so a page reads its rows in order instead of sorting every observation of that
status (7,000 at 100× data: 16 ms a page)

Revision ID: b1c2d3e4f5a6
Revises: a2b1c0d9e8f7
Create Date: 2026-12-02 07:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b1c2d3e4f5a6'
down_revision = 'a2b1c0d9e8f7'
branch_labels = None
depends_on = None


def upgrade():
    # Plain CREATE INDEX (no batch table rebuild on SQLite: the observation FTS triggers stay)
    op.create_index("ix_observation_council_status_observed_on", "observation",
                    ["council_id", "status", "observed_on"])


def downgrade():
    op.drop_index("ix_observation_council_status_observed_on", table_name="observation")
