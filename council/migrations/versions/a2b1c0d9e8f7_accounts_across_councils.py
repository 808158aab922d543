"""accounts across councils: access suspended per council, platform administrators, each
council's data controller

- ``council_role.active``: an admin disables an account's access in their council only (its
  role and sign-in elsewhere stay); ``council_role.disabled_at``: the sessions opened before
  that instant no longer open this council, even once enabled again.
- ``user.is_platform_admin``: creates councils and their first admin (no council's personal data).
- ``council.controller_name``, ``controller_address``, ``privacy_contact``: the data controller
  the personal-data page names (empty: the council itself, at its contact address).

Revision ID: a2b1c0d9e8f7
Revises: f3c4d5e6a7b8
Create Date: 2026-12-02 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a2b1c0d9e8f7'
down_revision = 'a1d2e3f4a5b6'
branch_labels = None
depends_on = None

user = sa.table('user', sa.column('id', sa.Integer()), sa.column('email', sa.String()),
                sa.column('active', sa.Boolean()))
council_role = sa.table('council_role', sa.column('user_id', sa.Integer()),
                        sa.column('active', sa.Boolean()))
# Erased accounts stay off as a whole; any other account switched off was switched off by the
# (only) council's admins: that becomes its access there.
ERASED = user.c.email.like('%@anonyme.invalid')


def upgrade():
    with op.batch_alter_table('council_role', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(), nullable=True))
    switched_off = sa.select(user.c.id).where(user.c.active.is_(False), ~ERASED)
    op.execute(council_role.update().where(council_role.c.user_id.in_(switched_off))
               .values(active=False))
    op.execute(user.update().where(user.c.active.is_(False), ~ERASED).values(active=True))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_platform_admin', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('council', schema=None) as batch_op:
        batch_op.add_column(sa.Column('controller_name', sa.String(length=200), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('controller_address', sa.Text(), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('privacy_contact', sa.String(length=254), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('council', schema=None) as batch_op:
        batch_op.drop_column('privacy_contact')
        batch_op.drop_column('controller_address')
        batch_op.drop_column('controller_name')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('is_platform_admin')
    switched_off = sa.select(council_role.c.user_id).where(council_role.c.active.is_(False))
    op.execute(user.update().where(user.c.id.in_(switched_off)).values(active=False))
    with op.batch_alter_table('council_role', schema=None) as batch_op:
        batch_op.drop_column('disabled_at')
        batch_op.drop_column('active')
