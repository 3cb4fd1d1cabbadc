"""Link the rows written before the hash chain existed into it, oldest first (data migration, run as the owner)."""

from django.db import migrations

from banten_dinsos.audit.chain import GENESIS, row_digest


def chain_existing(apps, schema_editor):
    AuditLog = apps.get_model("audit", "AuditLog")
    if not AuditLog.objects.exists():
        return
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditlog DISABLE TRIGGER audit_auditlog_no_update")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditlog_no_update")
    previous = GENESIS
    for entry in AuditLog.objects.order_by("id").iterator(chunk_size=2000):
        entry.prev_hash = previous
        entry.row_hash = previous = row_digest(entry, previous)
        AuditLog.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, row_hash=entry.row_hash)
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditlog ENABLE TRIGGER audit_auditlog_no_update")
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE TRIGGER audit_auditlog_no_update BEFORE UPDATE ON audit_auditlog "
            "BEGIN SELECT RAISE(ABORT, 'audit log is append-only (UPDATE refused)'); END;"
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
