"""Make the audit log append-only in the database itself, so not even a bug or a shell session can rewrite it.

TRUNCATE (used by test-database flushes) is not a row operation and stays possible for the owner.
"""

from django.db import migrations

POSTGRESQL_UP = """
CREATE OR REPLACE FUNCTION audit_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditlog_no_update BEFORE UPDATE OR DELETE ON audit_auditlog
    FOR EACH ROW EXECUTE FUNCTION audit_auditlog_append_only();
"""
POSTGRESQL_DOWN = """
DROP TRIGGER IF EXISTS audit_auditlog_no_update ON audit_auditlog;
DROP FUNCTION IF EXISTS audit_auditlog_append_only();
"""
SQLITE_UP = [
    "CREATE TRIGGER audit_auditlog_no_update BEFORE UPDATE ON audit_auditlog "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only (UPDATE refused)'); END;",
    "CREATE TRIGGER audit_auditlog_no_delete BEFORE DELETE ON audit_auditlog "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only (DELETE refused)'); END;",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS audit_auditlog_no_update;", "DROP TRIGGER IF EXISTS audit_auditlog_no_delete;"]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_UP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DOWN, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
