from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from banten_dinsos.audit.roles import audit_restrict_role


class Command(BaseCommand):
    help = (
        "Run as the owner role after `migrate`: give the application's database role what it needs on every table, "
        "but only SELECT and INSERT on the audit log, so the application cannot rewrite its own trail."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="the role the web and worker processes connect as")

    def handle(self, *args, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist on PostgreSQL only.")
        audit_restrict_role(role)
        self.stdout.write(f"{role}: read/write on the portal's tables, SELECT and INSERT only on the audit log")
