"""indexes for the list pages, per council: (council_id, the filter, the sort column)

Every list page reads one council's rows in one order. An index on the sort column alone reads
every council's rows in that order (and filters the others out); an index on ``council_id`` alone
reads the council's rows, then sorts all of them. These composite indexes do both: the meetings
list (by start, public ones or all), the members' observation list (newest first) and the public
one (latest published first), the roster (by name), the applications waiting (oldest first), the
members' avis list (last changed first, all or one status), the observations waiting for an
answer (by transmission date). The three older indexes they replace
(``ix_meeting_visibility_starts_at``, ``ix_member_name``, ``ix_observation_status_transmitted_on``)
read across councils.

Revision ID: a4b5c6d7e8f9
Revises: f3c4d5e6a7b8
Create Date: 2026-12-11 10:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a4b5c6d7e8f9'
down_revision = 'a8f0e3c1d2b4'
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_meeting_council_visibility_starts_at", "meeting", ["council_id", "visibility", "starts_at"]),
    ("ix_observation_council_observed_on", "observation", ["council_id", "observed_on"]),
    ("ix_observation_council_published_at", "observation", ["council_id", "published_at"]),
    ("ix_observation_council_status_transmitted_on", "observation",
     ["council_id", "status", "transmitted_on"]),
    ("ix_member_council_name", "member", ["council_id", "last_name", "first_name"]),
    ("ix_application_council_status_created_at", "application",
     ["council_id", "status", "created_at"]),
    ("ix_opinion_council_updated_at", "opinion", ["council_id", "updated_at"]),
    ("ix_opinion_council_status_updated_at", "opinion", ["council_id", "status", "updated_at"]),
)
REPLACED = (
    ("ix_meeting_visibility_starts_at", "meeting", ["visibility", "starts_at"]),
    ("ix_member_name", "member", ["last_name", "first_name"]),
    ("ix_observation_status_transmitted_on", "observation", ["status", "transmitted_on"]),
)


def upgrade():
    # Plain CREATE/DROP INDEX (no batch table rebuild on SQLite: the observation FTS triggers stay)
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    for name, table, _columns in REPLACED:
        op.drop_index(name, table_name=table)


def downgrade():
    for name, table, columns in REPLACED:
        op.create_index(name, table, columns)
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
