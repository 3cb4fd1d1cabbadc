from django.core.management.base import BaseCommand

from health.services.totals import health_totals_rebuild


class Command(BaseCommand):
    help = "Recompute each health post's kept totals (consultations, referrals, open signals) from the records."

    def handle(self, *args, **options):
        self.stdout.write(f"{health_totals_rebuild()} health posts rebuilt")
