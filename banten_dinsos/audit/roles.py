"""The application's database role: everything it needs, except the power to rewrite the audit log.

Migrations run as the owner role (which owns the tables and so could still ALTER them); web and workers connect as
an application role that may only SELECT and INSERT on the audit table: no UPDATE, DELETE or TRUNCATE, no ALTER
TABLE (not the owner), and no ``session_replication_role`` (not a superuser), so triggers cannot be switched off.
"""

from django.db import connection
from psycopg2 import sql

AUDIT_TABLE = "audit_auditlog"


def audit_restrict_role(role: str) -> None:
    """Grant ``role`` the portal's tables and sequences, with SELECT and INSERT only on the audit log."""
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {role}"),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}"),
        sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} FROM {role}"),
        sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC"),
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(
                statement.format(role=sql.Identifier(role), table=sql.Identifier(AUDIT_TABLE)).as_string(
                    cursor.connection
                )
            )
