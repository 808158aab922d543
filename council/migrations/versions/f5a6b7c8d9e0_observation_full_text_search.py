"""observation full-text search: FTS5 on SQLite, a French tsvector GIN index on PostgreSQL

The members' search reads ``observation.search_text`` (description and place, lower case and
without accents) through a full-text index instead of ``LIKE '%…%'``:
- SQLite: ``observation_fts``, an external-content FTS5 table (tokenizer unicode61,
  remove_diacritics 2) kept in step with ``observation`` by three triggers. A later migration
  that rebuilds ``observation`` on SQLite (a batch "move and copy") drops the triggers with the
  old table: it must call ``create_sqlite_triggers()`` again (tests/observations/test_search_index.py
  fails otherwise).
- PostgreSQL: the text search configuration ``french_unaccent`` (French stemming and stop words,
  accents removed by the ``unaccent`` extension, shipped with the server in Debian's
  postgresql-15) and a GIN index on ``to_tsvector('french_unaccent', search_text)``.
Also the indexes the two lists sort by (observations: newest first; meetings: by start).

Revision ID: f5a6b7c8d9e0
Revises: e4f5a6b7c8d9
Create Date: 2026-12-10 10:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f5a6b7c8d9e0'
down_revision = 'e4f5a6b7c8d9'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = (
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


def create_sqlite_triggers():
    """The triggers keeping ``observation_fts`` in step (again after a table rebuild)."""
    for trigger in ('insert', 'delete', 'update'):
        op.execute(f'DROP TRIGGER IF EXISTS observation_fts_{trigger}')
    for statement in SQLITE_TRIGGERS:
        op.execute(statement)
    op.execute("INSERT INTO observation_fts(observation_fts) VALUES ('rebuild')")


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS unaccent')
        op.execute('CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french)')
        op.execute('ALTER TEXT SEARCH CONFIGURATION french_unaccent ALTER MAPPING '
                   'FOR hword, hword_part, word WITH unaccent, french_stem')
        op.execute("CREATE INDEX ix_observation_search ON observation USING gin "
                   "(to_tsvector('french_unaccent'::regconfig, search_text))")
    else:
        op.execute("CREATE VIRTUAL TABLE observation_fts USING fts5(search_text, "
                   "content='observation', content_rowid='id', "
                   "tokenize='unicode61 remove_diacritics 2')")
        create_sqlite_triggers()


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX ix_observation_search')
        op.execute('DROP TEXT SEARCH CONFIGURATION french_unaccent')
        # the unaccent extension stays: other databases' objects may use it
    else:
        for trigger in ('insert', 'delete', 'update'):
            op.execute(f'DROP TRIGGER observation_fts_{trigger}')
        op.execute('DROP TABLE observation_fts')
