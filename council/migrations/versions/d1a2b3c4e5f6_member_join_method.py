"""a member records how they joined (member.join_method)

Candidature, tirage au sort, cooptation or désignation: the cadre de référence allows all four.
Members stored before this change joined through an application.

Revision ID: d1a2b3c4e5f6
Revises: c5a81e0f3b27
Create Date: 2026-12-02 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd1a2b3c4e5f6'
down_revision = 'c5a81e0f3b27'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'join_method',
            sa.Enum('application', 'lot', 'cooptation', 'designation', name='joinmethod',
                    native_enum=False, length=20),
            server_default='application', nullable=False))


def downgrade():
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_column('join_method')
