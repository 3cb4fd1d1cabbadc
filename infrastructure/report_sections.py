"""The access section of the situation report (``SITUATION_REPORT_SECTIONS`` in the settings): the areas of the
disaster that are cut off or reachable only by 4WD or boat, with their basic services, as far as the reader may see."""

from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, has_perm

from .models import RoadAccess
from .selectors import area_access_list


def _when(value):
    """The moment itself: the PDF prints it in the house style, the workbook keeps it a date cell."""
    return value or "—"


def access_section(*, disaster, viewer) -> dict | None:
    """Cut-off areas first (longest first), then those with limited access; one query."""
    if not has_perm(viewer, Perm.ACCESS_VIEW):
        return None
    areas = area_access_list(user=viewer, filters={"disaster": disaster.pk}).exclude(road_access=RoadAccess.NORMAL)
    rows = [
        [
            current.area.name,
            current.area_id,
            current.kabkota.name,
            str(current.get_road_access_display()),
            _when(current.cut_off_since),
            str(current.latest.get_electricity_display()),
            str(current.latest.get_clean_water_display()),
            str(current.latest.get_telecom_display()),
            current.latest.expected_restoration or "—",
            _when(current.latest.observed_at),
        ]
        for current in areas
    ]
    return {
        "title": _("Access and basic services"),
        "columns": [
            _("Area"),
            _("Code"),
            _("Kabupaten/kota"),
            _("Road access"),
            _("Cut off since"),
            _("Electricity"),
            _("Clean water"),
            _("Telecommunication"),
            _("Expected restoration"),
            _("Observed at"),
        ],
        "rows": rows,
    }
