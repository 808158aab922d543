"""members added by hand and invited: the eligibility override's reason, who invited and when

A member added by an organiser despite an eligibility condition keeps the council's reason
(member.eligibility_override_reason); an invitation to the members' area (the activation e-mail)
records when it was last sent and by which account (member.invited_at, member.invited_by_id).

Revision ID: e4f5a6b7c8d9
Revises: e7a1c0f5b2d4
Create Date: 2026-12-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4f5a6b7c8d9'
down_revision = 'e7a1c0f5b2d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('eligibility_override_reason', sa.String(length=500),
                                      nullable=True))
        batch_op.add_column(sa.Column('invited_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('invited_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_member_invited_by_id_user'), 'user',
                                    ['invited_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_member_invited_by_id_user'), type_='foreignkey')
        batch_op.drop_column('invited_by_id')
        batch_op.drop_column('invited_at')
        batch_op.drop_column('eligibility_override_reason')
