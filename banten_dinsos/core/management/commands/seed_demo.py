from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from banten_dinsos.core.services import loaders_run


class Command(BaseCommand):
    help = "Create the demo accounts and demo records (synthetic personal data). Refused when DEBUG is off."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Seed even though DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo data with DEBUG off; pass --force if this really is a demo.")
        loaders_run(dotted_paths=settings.REFERENCE_DATA_LOADERS, stdout=self.stdout)
        loaders_run(dotted_paths=settings.DEMO_DATA_LOADERS, stdout=self.stdout)
