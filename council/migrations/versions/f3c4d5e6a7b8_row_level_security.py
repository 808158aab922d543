"""PostgreSQL row-level security on every council-owned table (the backstop of the app's scoping)

Each table with a ``council_id`` gets ``ENABLE`` and ``FORCE ROW LEVEL SECURITY`` and a policy
``council_isolation``: a role that is not a superuser and has no BYPASSRLS sees, and may write,
only the rows whose council is the transaction's ``app.council_id`` (set by the app with
``set_config(…, true)`` at the start of each transaction); unset, it sees none. The app should
connect as a role that does not own the tables; migrations run as the owner with BYPASSRLS (or a
superuser). Nothing on SQLite.

Revision ID: f3c4d5e6a7b8
Revises: f2b3c4d5e6a7
Create Date: 2026-12-10 12:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f3c4d5e6a7b8'
down_revision = 'f2b3c4d5e6a7'
branch_labels = None
depends_on = None

OWNED = ('neighbourhood', 'partner', 'member', 'application', 'refusal_count', 'audit_entry',
         'meeting', 'agenda_item', 'attendance', 'calendar_token', 'observation',
         'observation_event', 'opinion', 'opinion_ballot', 'retention_run', 'council_role')
CURRENT = "NULLIF(current_setting('app.council_id', true), '')::integer"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in OWNED:
        op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
        op.execute(f'CREATE POLICY council_isolation ON "{table}" '
                   f'USING (council_id = {CURRENT}) WITH CHECK (council_id = {CURRENT})')


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in OWNED:
        op.execute(f'DROP POLICY council_isolation ON "{table}"')
        op.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
