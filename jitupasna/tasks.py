from celery import shared_task

from .services import assessment_output_build


@shared_task(name="jitupasna.tasks.assessment_output_build")
def assessment_output_build_task(assessment_id: int, fmt: str) -> str:
    """Build one Jitupasna document (``xlsx`` or ``pdf``); a second run on unchanged figures keeps the same file and
    checksum."""
    output = assessment_output_build(assessment_id=assessment_id, fmt=fmt)
    return output.sha256 if output is not None else "missing"
