"""the council's profile (table council) and the partners' directory (partner: kind, description,
public contact, retired_at)

The profile row is stored by `flask --app council init` from the settings (or at the first admin
save), not here: the settings are only known to the app. Existing partners keep their names; the
kinds of Argentan's reference partners are filled in by slug, every other partner is « autre ».

Revision ID: e7a1c0f5b2d4
Revises: e7a4c2d9b1f0
Create Date: 2026-12-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7a1c0f5b2d4'
down_revision = 'e7a4c2d9b1f0'
branch_labels = None
depends_on = None

PARTNER_KINDS = ('state', 'local_authority', 'landlord', 'public_body', 'association', 'company',
                 'other')
# Argentan's reference partners (council/reference/data.py) by kind
KNOWN_KINDS = {
    'state': ('etat', 'procureur', 'education-nationale', 'drac'),
    'local_authority': ('ville-argentan', 'argentan-intercom', 'region-normandie', 'departement-orne',
                        'petr-papao'),
    'landlord': ('orne-habitat', 'logis-familial-sagim'),
    'public_body': ('caisse-des-depots', 'pole-emploi', 'ars', 'caf-orne', 'cma',
                    'cci-flers-argentan'),
    'association': ('cdos', 'mission-locale'),
}


def upgrade():
    op.create_table(
        'council',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('city', sa.String(length=120), nullable=False),
        sa.Column('contact_email', sa.String(length=254), nullable=False),
        sa.Column('support_name', sa.String(length=200), nullable=False),
        sa.Column('support_contact', sa.String(length=254), nullable=False),
        sa.Column('prefecture', sa.String(length=200), nullable=False),
        sa.Column('prefect', sa.String(length=200), nullable=False),
        sa.Column('contract_signed_on', sa.Date(), nullable=True),
        sa.Column('contract_renewed_on', sa.Date(), nullable=True),
        sa.Column('contract_ends_on', sa.Date(), nullable=True),
        sa.Column('home_intro', sa.Text(), nullable=False),
        sa.Column('home_about', sa.Text(), nullable=False),
        sa.Column('minimum_age', sa.Integer(), nullable=False),
        sa.Column('mandate_years', sa.Integer(), nullable=False),
        sa.Column('quorum_fraction', sa.String(length=20), nullable=False),
        sa.Column('absence_run_threshold', sa.Integer(), nullable=False),
        sa.Column('expired_mandates_count', sa.Boolean(), nullable=False),
        sa.Column('composition_min_resident_share', sa.Integer(), nullable=False),
        sa.Column('composition_parity_max_gap', sa.Integer(), nullable=False),
        sa.Column('composition_min_size', sa.Integer(), nullable=False),
        sa.Column('composition_max_size', sa.Integer(), nullable=False),
        sa.Column('opinion_adoption_rule', sa.String(length=30), nullable=False),
        sa.Column('observation_answer_delay_days', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_council')),
        sa.UniqueConstraint('slug', name=op.f('uq_council_slug')),
    )
    with op.batch_alter_table('partner', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'kind', sa.Enum(*PARTNER_KINDS, name='partnerkind', native_enum=False, length=20),
            server_default='other', nullable=False))
        batch_op.add_column(sa.Column('description', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('website', sa.String(length=300), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('public_email', sa.String(length=254), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('public_phone', sa.String(length=40), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(), nullable=True))
    partner = sa.table('partner', sa.column('slug', sa.String), sa.column('kind', sa.String))
    for kind, slugs in KNOWN_KINDS.items():
        op.execute(partner.update().where(partner.c.slug.in_(slugs)).values(kind=kind))


def downgrade():
    with op.batch_alter_table('partner', schema=None) as batch_op:
        for column in ('retired_at', 'public_phone', 'public_email', 'website', 'description',
                       'kind'):
            batch_op.drop_column(column)
    op.drop_table('council')
