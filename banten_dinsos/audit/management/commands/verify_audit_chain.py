from django.core.management.base import BaseCommand, CommandError

from banten_dinsos.audit.chain import chain_verify
from banten_dinsos.audit.models import AuditLog


class Command(BaseCommand):
    help = "Check the audit log's hash chain row by row and name the first row that was changed, removed or inserted."

    def handle(self, *args, **options):
        entries = AuditLog.objects.order_by("id").prefetch_related("subjects").iterator(chunk_size=5000)
        checked, broken_id, reason = chain_verify(entries)
        if broken_id is not None:
            raise CommandError(f"audit chain broken at row {broken_id} ({checked} rows checked): {reason}")
        self.stdout.write(f"audit chain intact: {checked} rows")
