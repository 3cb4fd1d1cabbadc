import time

from django.core.management.base import BaseCommand

from pmks_registry.services.counts import counts_live, counts_maintained, counts_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the kept PMKS counts (type × kab/kota × status × month) and the possible duplicates from the "
        "client tables. With --check, only compare them and fail if they differ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Compare with the client tables; change nothing.")

    def handle(self, *args, check=False, **options):
        started = time.monotonic()
        if check:
            live, kept = counts_live(), counts_maintained()
            cells = {cell for cell in live[0].keys() | kept[0].keys() if live[0].get(cell) != kept[0].get(cell)}
            pairs = {pair for pair in live[1].keys() | kept[1].keys() if live[1].get(pair) != kept[1].get(pair)}
            if cells or pairs:
                self.stderr.write(f"{len(cells)} count cells and {len(pairs)} duplicate pairs differ.")
                raise SystemExit(1)
            self.stdout.write(f"The kept counts equal the client tables ({time.monotonic() - started:.1f} s).")
            return
        outcome = counts_rebuild()
        self.stdout.write(
            f"{outcome['clients']:,} clients in {outcome['cells']:,} count cells, {outcome['duplicates']:,} "
            f"possible-duplicate rows ({time.monotonic() - started:.1f} s)."
        )
