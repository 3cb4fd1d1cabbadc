from django.core.management.base import BaseCommand

from infrastructure.services import area_access_rebuild


class Command(BaseCommand):
    help = "Rebuild the current access picture of every area (isolated, cut off since) from the recorded history."

    def add_arguments(self, parser):
        parser.add_argument("--disaster", type=int, help="Only this disaster event id.")

    def handle(self, *args, disaster=None, **options):
        rebuilt = area_access_rebuild(disaster_id=disaster)
        self.stdout.write(f"{rebuilt} areas rebuilt")
