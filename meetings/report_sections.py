"""The meetings' section of the situation report (``SITUATION_REPORT_SECTIONS`` in the settings): follow-ups
still open from the coordination meetings about the disaster, overdue ones first, as far as the reader may see."""

from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, has_perm
from banten_dinsos.core.formatting import format_number

from .models import today_wib
from .selectors import action_item_list


def open_action_items_section(*, disaster, viewer) -> dict | None:
    """Open and in-progress action items of meetings linked to ``disaster``, by due date (overdue first)."""
    if not has_perm(viewer, Perm.MEETING_VIEW):
        return None
    today = today_wib()
    items = (
        action_item_list(user=viewer, filters={"open": True})
        .filter(meeting__disaster_id=disaster.pk)
        .order_by("due_on", "id")
    )
    rows = []
    overdue = 0
    for item in items:
        late = max((today - item.due_on).days, 0)
        overdue += late > 0
        rows.append(
            [
                item.title,
                " – ".join(part for part in (item.owner_agency.name, item.owner_person) if part),
                item.meeting.title,
                item.due_on,
                str(item.get_status_display()),
                late,
            ]
        )
    return {
        "title": _("Open action items"),
        "columns": [_("Action"), _("Owner"), _("Meeting"), _("Due date"), _("Status"), _("Days overdue")],
        "rows": rows,
        "note": _("%(overdue)s of %(total)s open action items are overdue.")
        % {"overdue": format_number(overdue), "total": format_number(len(rows))},
    }
