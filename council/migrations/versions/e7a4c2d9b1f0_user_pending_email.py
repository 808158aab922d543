"""a requested login e-mail waits on the account (user.pending_email), not in the link

The confirmation link mailed to a new address held that address (signed, not encrypted): links
land in access logs. The link now holds a keyed hash of it; the address waits here.

Revision ID: e7a4c2d9b1f0
Revises: e7c0a11ec7ed
Create Date: 2026-12-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7a4c2d9b1f0'
down_revision = 'e7c0a11ec7ed'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_email', sa.String(length=254), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('pending_email')
