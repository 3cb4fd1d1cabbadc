"""The PMKS registry's alerts: a bulk import finished or failed, told to whoever started it.

Called inside the import's transaction. The text holds counts and the job's number only: never a file name, a row
or an error message, which may quote personal data. Written in the portal's language (Bahasa Indonesia).
"""

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from banten_dinsos.notifications.models import AlertKind, Severity
from banten_dinsos.notifications.services import alert_emit

from .models import ImportJob


def import_finished_alert(*, job: ImportJob) -> None:
    """The import is saved; the counts and a link to the job (and its error report, if any)."""
    if not job.created_by_id:
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _("PMKS import #%(number)s finished") % {"number": job.pk}
        body = _(
            "%(valid)s rows imported (%(created)s new, %(updated)s updated, %(unchanged)s unchanged); "
            "%(errors)s rows with errors were skipped."
        ) % {
            "valid": number_format(job.valid_rows, force_grouping=True),
            "created": number_format(job.created_count, force_grouping=True),
            "updated": number_format(job.updated_count, force_grouping=True),
            "unchanged": number_format(job.unchanged_count, force_grouping=True),
            "errors": number_format(job.error_rows, force_grouping=True),
        }
    alert_emit(
        kind=AlertKind.IMPORT_FINISHED,
        title=title,
        body=body,
        severity=Severity.MINOR,
        dedupe_key=f"pmks-import:{job.pk}:finished",
        payload={
            "import_id": job.pk,
            "valid_rows": job.valid_rows,
            "error_rows": job.error_rows,
            "created": job.created_count,
            "updated": job.updated_count,
        },
        url=job.get_absolute_url(),
        user_ids=[job.created_by_id],
    )


def import_failed_alert(*, job: ImportJob) -> None:
    """Nothing was saved; the reason is on the job's page, not in the message."""
    if not job.created_by_id:
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _("PMKS import #%(number)s failed") % {"number": job.pk}
        body = _("Nothing was saved. Open the import to see why and try again.")
    alert_emit(
        kind=AlertKind.IMPORT_FAILED,
        title=title,
        body=body,
        severity=Severity.MODERATE,
        dedupe_key=f"pmks-import:{job.pk}:failed",
        payload={"import_id": job.pk},
        url=job.get_absolute_url(),
        user_ids=[job.created_by_id],
    )
