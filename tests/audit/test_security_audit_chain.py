"""An audit log its own application cannot rewrite: a restricted database role, and a hash chain that shows what
the owner role changed."""

import uuid

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from banten_dinsos.audit.models import AuditAction, AuditLog
from banten_dinsos.audit.roles import audit_restrict_role
from banten_dinsos.audit.services import audit_record


def _entries(user, count=3):
    return [
        audit_record(actor=user, action=AuditAction.VIEW, model="pmks_registry.client", note=f"n{i}")
        for i in range(count)
    ]


@pytest.mark.django_db
def test_each_row_links_to_the_one_before_and_the_check_passes(staf, capsys):
    first, second, third = _entries(staf)
    assert second.prev_hash == first.row_hash and third.prev_hash == second.row_hash
    call_command("verify_audit_chain")
    assert "intact" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_check_names_the_first_row_the_owner_changed(staf):
    entries = _entries(staf, 4)
    with connection.cursor() as cursor:  # the owner role can still switch the trigger off: the chain catches it
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditlog DISABLE TRIGGER audit_auditlog_no_update")
        cursor.execute("UPDATE audit_auditlog SET note = 'rewritten' WHERE id = %s", [entries[2].pk])
        cursor.execute("ALTER TABLE audit_auditlog ENABLE TRIGGER audit_auditlog_no_update")
    with pytest.raises(CommandError, match=f"row {entries[2].pk} "):
        call_command("verify_audit_chain")


@pytest.mark.django_db
def test_the_check_names_the_row_after_one_the_owner_removed(staf):
    entries = _entries(staf, 4)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditlog DISABLE TRIGGER audit_auditlog_no_update")
        cursor.execute("DELETE FROM audit_auditlog WHERE id = %s", [entries[1].pk])
        cursor.execute("ALTER TABLE audit_auditlog ENABLE TRIGGER audit_auditlog_no_update")
    with pytest.raises(CommandError, match=f"row {entries[2].pk} "):
        call_command("verify_audit_chain")


@pytest.fixture
def app_role(transactional_db):
    """A login role set up the way deployments set up the application's role (audit_grant_app_role)."""
    role = f"h_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    audit_restrict_role(role)
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


STATEMENTS = {
    "update": "UPDATE audit_auditlog SET note = 'x'",
    "delete": "DELETE FROM audit_auditlog",
    "truncate": "TRUNCATE audit_auditlog",
    "alter": "ALTER TABLE audit_auditlog DISABLE TRIGGER USER",
    "replication_role": "SET session_replication_role = replica",
}


def test_as_the_application_role_the_audit_log_can_be_read_and_appended_but_not_rewritten(app_role, staf):
    _entries(staf, 2)
    settings = connection.settings_dict
    app = psycopg2.connect(
        dbname=settings["NAME"], user=app_role, host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432
    )
    try:
        with app.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM audit_auditlog")
            assert cursor.fetchone()[0] == 2
            cursor.execute(
                "INSERT INTO audit_auditlog (at, actor_username, action, model, object_id, kabkota_code, fields, "
                "note, path, prev_hash, row_hash) VALUES (now(), '', 'view', 'x.y', '', '', '[]', '', '', '', '')"
            )
        app.commit()
        refused = {}
        for name, statement in STATEMENTS.items():
            with app.cursor() as cursor:
                try:
                    cursor.execute(statement)
                    refused[name] = False
                except psycopg2.Error as error:
                    refused[name] = error.pgcode in ("42501", "P0001") or "permission" in str(error).lower()
            app.rollback()
        assert refused == dict.fromkeys(STATEMENTS, True)
    finally:
        app.close()
    assert AuditLog.objects.count() == 3
