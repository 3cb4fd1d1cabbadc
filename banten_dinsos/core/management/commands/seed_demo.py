from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from banten_dinsos.core.services import loaders_run


class Command(BaseCommand):
    help = (
        "Create the demo accounts and demo records (synthetic personal data), dated relative to today. "
        "Refused when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Seed even though DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo data with DEBUG off; pass --force if this really is a demo.")
        verbose = options.get("verbosity", 1) > 1
        for title, paths in (
            ("Reference data", settings.REFERENCE_DATA_LOADERS),
            ("Demo data", settings.DEMO_DATA_LOADERS),
        ):
            self.stdout.write(self.style.MIGRATE_HEADING(f"{title}:"))
            for path, summary in loaders_run(dotted_paths=paths):
                self.stdout.write(f"  {_loader_name(path):<38} {_summary_text(summary, verbose=verbose)}")
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins (every account, one shared demo password):"))
        self.stdout.write(logins_table())


def _loader_name(path: str) -> str:
    """'shelters.services.shelters_seed_demo' -> 'shelters_seed_demo'."""
    return path.rsplit(".", 1)[-1]


def _summary_text(summary, *, verbose: bool) -> str:
    if not isinstance(summary, dict):
        return str(summary)
    # Long values (the list of logins) are shown in the table below instead.
    parts = [f"{key}={value}" for key, value in summary.items() if verbose or len(str(value)) <= 40]
    return ", ".join(parts)


def logins_table() -> str:
    """Every active account as an aligned table: username, role, kabupaten/kota, password."""
    password = settings.DEMO_PASSWORD if settings.DEMO_PASSWORD == "demo-banten" else "(the DEMO_PASSWORD setting)"
    users = get_user_model().objects.filter(is_active=True).select_related("kabkota").order_by("role", "username")
    rows = [("Username", "Role", "Kabupaten/kota", "Password")]
    for user in users:
        role = user.get_role_display() + (" + admin" if user.is_superuser else "")
        rows.append((user.username, str(role), user.kabkota.name if user.kabkota_id else "Banten", password))
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  " + "  ".join("-" * width for width in widths))
    return "\n".join(lines)
