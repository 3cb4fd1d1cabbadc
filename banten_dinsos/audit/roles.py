"""The application's database role: everything it needs, except the power to rewrite the audit log.

Migrations run as the owner role (which owns the tables and so could still ALTER them); web and workers connect as
an application role that may only SELECT and INSERT on the audit table: no UPDATE, DELETE or TRUNCATE, no ALTER
TABLE (not the owner), and no ``session_replication_role`` (not a superuser), so triggers cannot be switched off.
"""

from django.db import connection
from psycopg2 import sql

AUDIT_TABLE = "audit_auditlog"
# The records each audit line names (exports): as unchangeable as the line itself.
AUDIT_TABLES = (AUDIT_TABLE, "audit_auditsubject")


def audit_restrict_role(role: str) -> None:
    """Grant ``role`` the portal's tables and sequences, with SELECT and INSERT only on the audit tables."""
    statements = [
        sql.SQL(grant).format(role=sql.Identifier(role))
        for grant in (
            "GRANT USAGE ON SCHEMA public TO {role}",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
            "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
        )
    ]
    for table in AUDIT_TABLES:
        names = {"role": sql.Identifier(role), "table": sql.Identifier(table)}
        statements += [
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} FROM {role}").format(**names),
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM PUBLIC").format(**names),
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.as_string(cursor.connection))
