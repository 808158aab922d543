"""a meeting keeps the register lines of erased members as counts (meeting.erased_*)

When a former member is anonymised, their attendance lines are deleted and added to these
counts, so a past meeting keeps its present / excused / absent numbers and its quorum without
anything that points at a person.

Revision ID: e7f1a2b3c4d5
Revises: e3a7c91b5d20
Create Date: 2027-01-10 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7f1a2b3c4d5'
down_revision = 'e3a7c91b5d20'
branch_labels = None
depends_on = None

COLUMNS = ('erased_present', 'erased_excused', 'erased_absent')


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
