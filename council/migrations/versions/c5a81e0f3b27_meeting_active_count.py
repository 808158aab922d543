"""a meeting keeps the number of members sitting on its day (meeting.active_count)

The quorum of a meeting is computed on the roster as it was on the meeting's day; the first write
of its register freezes that number here, so later arrivals, departures or erasures never rewrite
a past meeting. Meetings already stored are left empty: the app then counts the members who sat
on the meeting's day (joined on or before it, not left before it), which is the same number.

Revision ID: c5a81e0f3b27
Revises: b41e7c2d9a03
Create Date: 2026-12-02 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5a81e0f3b27'
down_revision = 'b41e7c2d9a03'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active_count', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('active_count')
