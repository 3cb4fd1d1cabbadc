from celery import shared_task

from .models import ImportJob
from .services import import_job_run
from .services.imports import import_job_lease_left, import_jobs_sweep


@shared_task(bind=True, name="pmks_registry.tasks.pmks_import_run", max_retries=None)
def pmks_import_run(self, job_id: int) -> str:
    """Run one PMKS import; a finished job is left as it is, so a second run changes nothing.

    Delivered again while another worker still holds the job's lease (the broker redelivers as soon as a worker is
    lost, before the lease runs out), the task waits for the lease instead of dropping the job.
    """
    job = import_job_run(job_id=job_id)
    if job is not None:
        return job.status
    current = ImportJob.objects.filter(pk=job_id).first()
    if current is not None and not current.is_finished:
        wait = import_job_lease_left(current)
        raise self.retry(countdown=wait + 1)
    return "skipped"


@shared_task(name="pmks_registry.tasks.pmks_imports_sweep")
def pmks_imports_sweep() -> int:
    """Periodic: queue again imports left waiting while the broker was down, or whose worker died."""
    return import_jobs_sweep()
