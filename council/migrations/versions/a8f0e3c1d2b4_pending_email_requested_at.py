"""a requested login e-mail records when it was asked (user.pending_email_requested_at), so the
purge forgets it once the confirmation link has expired

A new login e-mail asked for and never confirmed used to stay on the account until the next
request, a confirmation or an erasure. Addresses already waiting get the upgrade's time: they go
``EMAIL_CHANGE_HOURS`` after it (a link still valid is never cut short).

Revision ID: a8f0e3c1d2b4
Revises: a8c0113c7e55
Create Date: 2026-12-12 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8f0e3c1d2b4'
down_revision = 'a8c0113c7e55'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_email_requested_at', sa.DateTime(), nullable=True))
    # naive UTC, as the app stores it (PostgreSQL's CURRENT_TIMESTAMP is in the session's zone)
    now = ("(now() AT TIME ZONE 'UTC')" if op.get_bind().dialect.name == "postgresql"
           else "CURRENT_TIMESTAMP")
    op.execute(f'UPDATE "user" SET pending_email_requested_at = {now} WHERE pending_email IS NOT NULL')


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('pending_email_requested_at')
