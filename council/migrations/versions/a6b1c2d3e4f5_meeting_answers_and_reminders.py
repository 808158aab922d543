"""members' answers before a meeting (meeting_answer) and reminders sent once (reminder_sent)

Both tables belong to a council (``council_id``) and, on PostgreSQL, get the same forced
``council_isolation`` policy as every owned table (f3c4d5e6a7b8). ``reminder_sent`` is unique
per meeting and member: the row is committed before the reminder goes, so a second run of
``remind`` (or one on another machine) finds it and sends nothing.

Revision ID: a6b1c2d3e4f5
Revises: f3c4d5e6a7b8
Create Date: 2027-02-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6b1c2d3e4f5'
down_revision = 'a3c1d2e3f4a5'
branch_labels = None
depends_on = None

TABLES = ('meeting_answer', 'reminder_sent')
CURRENT = "NULLIF(current_setting('app.council_id', true), '')::integer"


def _owned_columns(table):
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.Column('council_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['council_id'], ['council.id'], name=op.f(f'fk_{table}_council_id_council')),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f(f'fk_{table}_meeting_id_meeting'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f(f'fk_{table}_member_id_member')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint('meeting_id', 'member_id', name=op.f(f'uq_{table}_meeting_id')),
    ]


def upgrade():
    op.create_table('meeting_answer',
        *_owned_columns('meeting_answer'),
        sa.Column('choice', sa.Enum('present', 'excused', name='answerchoice', native_enum=False, length=10), nullable=False),
        sa.Column('word', sa.String(length=200), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=False),
    )
    op.create_table('reminder_sent',
        *_owned_columns('reminder_sent'),
        sa.Column('state', sa.Enum('sending', 'sent', 'failed', name='reminderstate', native_enum=False, length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('claimed_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
    )
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in ('council_id', 'meeting_id', 'member_id'):
                batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
            op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
            op.execute(f'CREATE POLICY council_isolation ON "{table}" '
                       f'USING (council_id = {CURRENT}) WITH CHECK (council_id = {CURRENT})')


def downgrade():
    for table in reversed(TABLES):
        op.drop_table(table)  # its indexes and policy go with it
