from django.conf import settings
from django.core.management.base import BaseCommand

from banten_dinsos.core.services import loaders_run


class Command(BaseCommand):
    help = "Load the reference data (regions, agencies, clusters ...). Idempotent: running it twice changes nothing."

    def handle(self, *args, **options):
        loaders_run(dotted_paths=settings.REFERENCE_DATA_LOADERS, stdout=self.stdout)
