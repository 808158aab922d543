"""many councils on one install: host names, and the council owning every council-specific row

Adds ``council_host`` (the names a council answers on), ``council.profile_stored``, and a
``council_id`` (NOT NULL, indexed, foreign key) to every table holding one council's rows. The
rows already stored belong to the first council: the stored profile when there is one (it stays
stored), else a council built from the settings (``COUNCIL_NAME``…) whose profile is not stored
yet, so the settings keep being shown until init or an admin stores it, as before. Uniques that
were global become per council (one open application per e-mail, partner and neighbourhood slugs,
refusal counts, one member row and one calendar feed per account).

The downgrade refuses an install with several councils (their rows would mix); with one, it
drops the columns and the host table (and the first council when its profile was never stored).

Revision ID: f1a2c3d4e5f6
Revises: f5a6b7c8d9e0
Create Date: 2026-12-10 10:00:00.000000

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1a2c3d4e5f6'
down_revision = 'f5a6b7c8d9e0'
branch_labels = None
depends_on = None

OWNED = ('neighbourhood', 'partner', 'member', 'application', 'refusal_count', 'audit_entry',
         'meeting', 'agenda_item', 'attendance', 'calendar_token', 'observation',
         'observation_event', 'opinion', 'opinion_ballot', 'retention_run')
OPEN = "status IN ('pending', 'substitute')"
# (table, old unique constraint and its columns, new one and its columns)
PER_COUNCIL = (
    ('neighbourhood', 'uq_neighbourhood_slug', ['slug'], 'uq_neighbourhood_council_slug',
     ['council_id', 'slug']),
    ('partner', 'uq_partner_slug', ['slug'], 'uq_partner_council_slug', ['council_id', 'slug']),
    ('refusal_count', 'uq_refusal_count_month_reason', ['month', 'reason'],
     'uq_refusal_count_month_reason', ['council_id', 'month', 'reason']),
    ('member', 'uq_member_user_id', ['user_id'], 'uq_member_council_user',
     ['council_id', 'user_id']),
    ('calendar_token', 'uq_calendar_token_user_id', ['user_id'], 'uq_calendar_token_council_user',
     ['council_id', 'user_id']),
)
FORMERLY_UNIQUE_INDEXED = ('member', 'calendar_token')  # user_id gets a plain index


def _settings() -> dict:
    try:
        from flask import current_app
        return dict(current_app.config)
    except RuntimeError:  # Alembic run without the app
        return {}


def _first_council_id(connection) -> int:
    """The stored profile's id, or a first council built from the settings (not stored yet)."""
    found = connection.execute(sa.text("SELECT id FROM council ORDER BY id LIMIT 1")).scalar()
    if found is not None:
        connection.execute(sa.text("UPDATE council SET profile_stored = :yes"), {"yes": True})
        return found
    config = _settings()
    council = sa.table('council', *(sa.column(name) for name in (
        'slug', 'name', 'city', 'contact_email', 'support_name', 'support_contact', 'prefecture',
        'prefect', 'home_intro', 'home_about', 'minimum_age', 'mandate_years', 'quorum_fraction',
        'absence_run_threshold', 'expired_mandates_count', 'composition_min_resident_share',
        'composition_parity_max_gap', 'composition_min_size', 'composition_max_size',
        'opinion_adoption_rule', 'observation_answer_delay_days', 'profile_stored',
        'updated_at')))
    # Placeholders but for the identity: the profile is not stored, the settings are read.
    connection.execute(council.insert().values(
        slug='conseil', name=str(config.get('COUNCIL_NAME', 'Conseil citoyen')),
        city=str(config.get('CITY_NAME', '')), contact_email=str(config.get('CONTACT_EMAIL', '')),
        support_name='', support_contact='', prefecture='', prefect='', home_intro='',
        home_about='', minimum_age=16, mandate_years=3, quorum_fraction='1/2',
        absence_run_threshold=3, expired_mandates_count=False, composition_min_resident_share=50,
        composition_parity_max_gap=1, composition_min_size=1, composition_max_size=100,
        opinion_adoption_rule='majority', observation_answer_delay_days=60, profile_stored=False,
        updated_at=datetime.now(timezone.utc).replace(tzinfo=None)))
    return connection.execute(sa.text("SELECT id FROM council ORDER BY id LIMIT 1")).scalar()


# SQLite rebuilds ``observation`` (batch "move and copy") and drops the triggers that keep the
# full-text table in step (migration f5a6b7c8d9e0): they are made again after each rebuild.
SQLITE_SEARCH_TRIGGERS = (
    """CREATE TRIGGER observation_fts_insert AFTER INSERT ON observation BEGIN
         INSERT INTO observation_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
    """CREATE TRIGGER observation_fts_delete AFTER DELETE ON observation BEGIN
         INSERT INTO observation_fts(observation_fts, rowid, search_text)
         VALUES ('delete', old.id, old.search_text);
       END""",
    """CREATE TRIGGER observation_fts_update AFTER UPDATE OF search_text ON observation BEGIN
         INSERT INTO observation_fts(observation_fts, rowid, search_text)
         VALUES ('delete', old.id, old.search_text);
         INSERT INTO observation_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
)


def _restore_search_triggers():
    if op.get_bind().dialect.name != 'sqlite':
        return
    for trigger in ('insert', 'delete', 'update'):
        op.execute(f'DROP TRIGGER IF EXISTS observation_fts_{trigger}')
    for statement in SQLITE_SEARCH_TRIGGERS:
        op.execute(statement)
    op.execute("INSERT INTO observation_fts(observation_fts) VALUES ('rebuild')")


def upgrade():
    with op.batch_alter_table('council', schema=None) as batch_op:
        batch_op.add_column(sa.Column('profile_stored', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.create_table('council_host',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('council_id', sa.Integer(), nullable=False),
        sa.Column('host', sa.String(length=253), nullable=False),
        sa.Column('is_primary', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['council_id'], ['council.id'], ondelete='CASCADE',
                                name=op.f('fk_council_host_council_id_council')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_council_host')),
        sa.UniqueConstraint('host', name=op.f('uq_council_host_host')))
    with op.batch_alter_table('council_host', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_host_council_id'), ['council_id'], unique=False)

    connection = op.get_bind()
    first = _first_council_id(connection)
    for table in OWNED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('council_id', sa.Integer(), nullable=True))
        connection.execute(sa.text(f"UPDATE {table} SET council_id = :first"), {"first": first})
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('council_id', existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_council_id'), ['council_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_council_id_council'), 'council',
                                        ['council_id'], ['id'])
    for table, old, _old_columns, new, new_columns in PER_COUNCIL:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(old, type_='unique')
            batch_op.create_unique_constraint(new, new_columns)
            if table in FORMERLY_UNIQUE_INDEXED:
                batch_op.create_index(batch_op.f(f'ix_{table}_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index('uq_application_open_email',
                            sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
        batch_op.create_index('uq_application_open_email', ['council_id', 'email'], unique=True,
                              sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    _restore_search_triggers()


def downgrade():
    connection = op.get_bind()
    if connection.execute(sa.text("SELECT COUNT(*) FROM council")).scalar() > 1:
        raise RuntimeError("Several councils: their rows cannot go back to one install's tables.")
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index('uq_application_open_email',
                            sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
        batch_op.create_index('uq_application_open_email', ['email'], unique=True,
                              sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
    for table, old, old_columns, new, _new_columns in PER_COUNCIL:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table in FORMERLY_UNIQUE_INDEXED:
                batch_op.drop_index(batch_op.f(f'ix_{table}_user_id'))
            batch_op.drop_constraint(new, type_='unique')
            batch_op.create_unique_constraint(old, old_columns)
    for table in OWNED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_council_id_council'),
                                     type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_council_id'))
            batch_op.drop_column('council_id')
    with op.batch_alter_table('council_host', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_host_council_id'))
    op.drop_table('council_host')
    connection.execute(sa.text("DELETE FROM council WHERE profile_stored = :no"), {"no": False})
    with op.batch_alter_table('council', schema=None) as batch_op:
        batch_op.drop_column('profile_stored')
    _restore_search_triggers()
