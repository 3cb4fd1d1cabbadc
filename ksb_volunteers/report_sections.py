"""The volunteers' section of the situation report (``SITUATION_REPORT_SECTIONS`` in the settings): who is
deployed to the disaster, in what role, where and since when, as far as the reader may see."""

from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, has_perm
from banten_dinsos.core.formatting import format_number

from .models import DeploymentStatus
from .selectors import deployment_list


def _when(value):
    """The moment itself: the PDF prints it in the house style, the workbook keeps it a date cell."""
    return value or "—"


def volunteers_deployed_section(*, disaster, viewer) -> dict | None:
    """TAGANA members and KSB units on assignment to ``disaster`` (cancelled assignments left out)."""
    if not has_perm(viewer, Perm.VOLUNTEER_VIEW):
        return None
    deployments = (
        deployment_list(user=viewer, filters={"disaster": disaster.pk})
        .exclude(status=DeploymentStatus.CANCELLED)
        .select_related("kabkota")
        .order_by("kabkota_id", "start_at", "id")
    )
    rows = []
    active = 0
    for deployment in deployments:
        active += deployment.status == DeploymentStatus.ACTIVE
        rows.append(
            [
                deployment.member.full_name if deployment.member_id else deployment.ksb_unit.name,
                _("TAGANA") if deployment.member_id else _("KSB"),
                deployment.kabkota.name,
                str(deployment.get_role_display()),
                deployment.site.name if deployment.site is not None else "—",
                _when(deployment.start_at),
                _when(deployment.end_at),
                str(deployment.get_status_display()),
            ]
        )
    return {
        "title": _("Volunteers deployed"),
        "columns": [
            _("Volunteer or KSB unit"),
            _("Type"),
            _("Home kabupaten/kota"),
            _("Role"),
            _("Place"),
            _("From"),
            _("Until"),
            _("Status"),
        ],
        "rows": rows,
        "note": _("%(active)s of %(total)s assignments still running.")
        % {"active": format_number(active), "total": format_number(len(rows))},
    }
