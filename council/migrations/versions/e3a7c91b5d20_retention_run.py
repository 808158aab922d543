"""each purge run is recorded (retention_run), so admins see when data was last purged

The audit journal never had an e-mail column (entries hold the actor's account id; ``audit.log``
refuses a note with an « @ »): nothing to blank there. Its page stops showing e-mails.

Revision ID: e3a7c91b5d20
Revises: d1a2b3c4e5f6
Create Date: 2026-12-03 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3a7c91b5d20'
down_revision = 'd1a2b3c4e5f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'retention_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('purge_day', sa.Date(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_run')),
    )
    with op.batch_alter_table('retention_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retention_run_finished_at'), ['finished_at'], unique=False)


def downgrade():
    with op.batch_alter_table('retention_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retention_run_finished_at'))
    op.drop_table('retention_run')
