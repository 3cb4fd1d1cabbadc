from django.core.management.base import BaseCommand

from banten_dinsos.regions.services import DATA_FILE, regions_load


class Command(BaseCommand):
    help = "Load Banten's Kemendagri regions from the committed data file. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="CSV with code,parent_code,level,name")

    def handle(self, *args, file, **options):
        summary = regions_load(path=file)
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {summary['created']} created, {summary['updated']} updated, {summary['total']} in total."
            )
        )
