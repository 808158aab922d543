"""council.uid: a random identity that tells a council from a namesake of another install

A per-council backup names its council by slug *and* by this identity: restoring it over a
council of the same slug that is not the same council (another install's, or one deleted and
created again) is refused instead of replacing the wrong council's rows.

Revision ID: a3c1d2e3f4a5
Revises: f3c4d5e6a7b8
Create Date: 2026-12-11 10:00:00.000000

"""
import uuid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c1d2e3f4a5'
down_revision = 'f3c4d5e6a7b8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('council', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uid', sa.String(length=32), nullable=True))
    connection = op.get_bind()
    for (council_id,) in connection.execute(sa.text('SELECT id FROM council')).all():
        connection.execute(sa.text('UPDATE council SET uid = :uid WHERE id = :id'),
                           {'uid': uuid.uuid4().hex, 'id': council_id})
    with op.batch_alter_table('council', schema=None) as batch_op:
        batch_op.alter_column('uid', existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_council_uid'), ['uid'])


def downgrade():
    with op.batch_alter_table('council', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_council_uid'), type_='unique')
        batch_op.drop_column('uid')
