from django.core.management.base import BaseCommand, CommandError

from logistics.services import balances_rebuild, balances_verify


class Command(BaseCommand):
    help = (
        "Check that every stock balance equals the sum of the ledger and report any drift. "
        "With --rebuild, set the drifted balances to the ledger's figure (the ledger is the truth)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Correct drifted balances from the ledger.")

    def handle(self, *args, rebuild=False, **options):
        drift = balances_verify()
        for row in drift:
            self.stdout.write(
                f"location {row['location_id']} item {row['item_id']} batch {row['batch_id']}: "
                f"balance {row['balance']} ledger {row['ledger']}"
            )
        if not drift:
            self.stdout.write(self.style.SUCCESS("Balances equal the ledger."))
            return
        if rebuild:
            changed = balances_rebuild()
            self.stdout.write(self.style.WARNING(f"{changed} balance rows rebuilt from the ledger."))
            return
        raise CommandError(f"{len(drift)} balance rows differ from the ledger.")
