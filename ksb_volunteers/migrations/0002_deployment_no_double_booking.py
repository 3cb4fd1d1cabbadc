# No double-booking of a TAGANA member, enforced by PostgreSQL: an exclusion constraint over the assignment's time
# range per member (btree_gist lets the bigint member_id take part in a GiST index). On SQLite, which `make run`
# uses without DATABASE_URL, neither exists and the service's own overlap check is the guard.

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT_SQL = """
ALTER TABLE ksb_volunteers_deployment
ADD CONSTRAINT deployment_no_double_booking
EXCLUDE USING gist (
    member_id WITH =,
    tstzrange(start_at, end_at, '[)') WITH &&
)
WHERE (member_id IS NOT NULL AND status <> 'dibatalkan')
"""


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CONSTRAINT_SQL)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE ksb_volunteers_deployment DROP CONSTRAINT IF EXISTS deployment_no_double_booking"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ksb_volunteers", "0001_ksb_tagana_trainings_deployments"),
    ]

    operations = [
        # CreateExtension does nothing on other databases.
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint),
    ]
