"""roles per council: council_role (account × council → role) replaces user.role

An account may belong to several councils, with a role in each; an account without a role in a
council is nobody on its host. Every account's role moves to the first council. The downgrade
refuses several councils, and gives back each account its role in the first council (``member``
for an account that had none there).

Revision ID: f2b3c4d5e6a7
Revises: f1a2c3d4e5f6
Create Date: 2026-12-10 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b3c4d5e6a7'
down_revision = 'f1a2c3d4e5f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('council_role',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.Enum('member', 'organiser', 'admin', name='role', native_enum=False,
                                  length=20), nullable=False),
        sa.Column('council_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['council_id'], ['council.id'],
                                name=op.f('fk_council_role_council_id_council')),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE',
                                name=op.f('fk_council_role_user_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_council_role')),
        sa.UniqueConstraint('council_id', 'user_id', name='uq_council_role_council_user'))
    with op.batch_alter_table('council_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_role_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_council_role_user_id'), ['user_id'], unique=False)
    op.execute(
        'INSERT INTO council_role (user_id, role, council_id) '
        'SELECT "user".id, "user".role, (SELECT MIN(id) FROM council) FROM "user"')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('role')


def downgrade():
    connection = op.get_bind()
    if connection.execute(sa.text("SELECT COUNT(*) FROM council")).scalar() > 1:
        raise RuntimeError("Several councils: roles cannot go back to one role per account.")
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.Enum('member', 'organiser', 'admin', name='role',
                                                      native_enum=False, length=20),
                                      server_default='member', nullable=False))
    op.execute('UPDATE "user" SET role = COALESCE((SELECT council_role.role FROM council_role '
               'WHERE council_role.user_id = "user".id), \'member\')')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('role', server_default=None)
    with op.batch_alter_table('council_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_role_user_id'))
        batch_op.drop_index(batch_op.f('ix_council_role_council_id'))
    op.drop_table('council_role')
