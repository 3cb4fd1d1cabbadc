from django.core.management.base import BaseCommand

from banten_dinsos.audit.context import audit_context
from clusters.read_models import cluster_status_rebuild


class Command(BaseCommand):
    help = "Recompute the cluster-status read model (latest report per area, needs and 3W) from the source tables."

    def add_arguments(self, parser):
        parser.add_argument("--disaster", type=int, action="append", help="Only this disaster id (repeatable).")

    def handle(self, *args, disaster=None, **options):
        with audit_context(source="command:cluster_status_rebuild"):
            written = cluster_status_rebuild(disaster_ids=disaster)
        self.stdout.write(f"{written['areas']} areas, {written['cells']} cluster cells")
