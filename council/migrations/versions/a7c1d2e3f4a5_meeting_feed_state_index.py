"""a covering index for the feeds' data version (max updated_at and count, per council and window)

The feeds' ETag is computed on every read (``feed_state``): without this index SQLite read every
meeting row of the council (6,000 at 100x, with their minutes) to find the latest change; with
it the query reads the index alone (about 40 ms → 3 ms at 100x).

Revision ID: a7c1d2e3f4a5
Revises: f3c4d5e6a7b8
Create Date: 2026-12-14 12:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a7c1d2e3f4a5'
down_revision = 'a5c1d2e3f4a5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_meeting_feed_state', 'meeting',
                    ['council_id', 'starts_at', 'visibility', 'updated_at'], unique=False)


def downgrade():
    op.drop_index('ix_meeting_feed_state', table_name='meeting')
