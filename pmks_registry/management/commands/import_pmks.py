from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from pmks_registry.models import DataSource, ImportStatus
from pmks_registry.services import ImportFileError, import_job_create_from_path, import_job_run


class Command(BaseCommand):
    help = (
        "Import PMKS clients from a CSV or XLSX file (same layout and checks as the import page). "
        "Prints progress and where the row-by-row error report was written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", default=DataSource.DTKS, choices=DataSource.values)
        parser.add_argument("--user", help="Username the import is recorded under (provincial staff).")

    def handle(self, *args, file, source, user=None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"No user named {user!r}.")
        try:
            job = import_job_create_from_path(path=file, source=source, user=actor)
        except (ImportFileError, OSError) as error:
            raise CommandError(str(error)) from error

        def show(progress_job):
            self.stdout.write(
                f"\r{progress_job.progress:3d}%  {progress_job.processed_rows:,} rows  {progress_job.phase:<40}",
                ending="",
            )
            self.stdout.flush()

        job = import_job_run(job_id=job.pk, path=file, progress=show)
        self.stdout.write("")
        if job.status != ImportStatus.DONE:
            raise CommandError(job.message)
        self.stdout.write(self.style.SUCCESS(job.message))
        if job.error_report:
            self.stdout.write(f"Error report: {job.error_report.path}")
