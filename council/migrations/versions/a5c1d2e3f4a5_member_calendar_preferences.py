"""members choose: meeting invitations by e-mail (member.invitations_by_email, on by default) and
a reminder alarm in their private calendar feed (member.feed_alarm_minutes, none by default)

``member`` is council-owned already (row-level security from f3c4d5e6a7b8): no new policy.

Revision ID: a5c1d2e3f4a5
Revises: f3c4d5e6a7b8
Create Date: 2026-12-20 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a5c1d2e3f4a5'
down_revision = 'a6b1c2d3e4f5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invitations_by_email', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))
        batch_op.add_column(sa.Column('feed_alarm_minutes', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_column('feed_alarm_minutes')
        batch_op.drop_column('invitations_by_email')
