from celery import shared_task

from .services import import_job_run


@shared_task(name="pmks_registry.tasks.pmks_import_run")
def pmks_import_run(job_id: int) -> str:
    """Run one PMKS import; a job that has already finished is left as it is, so a second run changes nothing."""
    job = import_job_run(job_id=job_id)
    return job.status if job is not None else "skipped"
