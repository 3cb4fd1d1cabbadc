"""A posted move is never changed or deleted: PostgreSQL refuses UPDATE and DELETE on the ledger table.

Corrections are reversing moves. (SQLite, used only by ``make run`` without a database server, has no such trigger.)
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION logistics_stockmove_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Mutasi stok yang sudah diposting tidak dapat diubah atau dihapus; buat mutasi pembalik.'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER logistics_stockmove_append_only
    BEFORE UPDATE OR DELETE ON logistics_stockmove
    FOR EACH ROW EXECUTE FUNCTION logistics_stockmove_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS logistics_stockmove_append_only ON logistics_stockmove;
DROP FUNCTION IF EXISTS logistics_stockmove_append_only();
"""


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("logistics", "0001_ledger_locations_items_requests_donations")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
