"""Every write of the meetings app. Split by topic; import from here."""

from .action_items import (
    ActionItemReminder,
    action_item_create,
    action_item_progress_add,
    action_item_reminder_sent,
    action_item_reminders_due,
    action_item_reminders_send,
    action_item_update,
)
from .demo import meetings_seed_demo
from .input_rounds import (
    MAX_DOCUMENT_BYTES,
    document_input_submit,
    input_round_close,
    input_round_open,
    input_round_update,
)
from .meetings import (
    decision_add,
    decision_delete,
    decision_update,
    meeting_cancel,
    meeting_create,
    meeting_update,
    minutes_update,
)
from .minutes_pdf import (
    minutes_content,
    minutes_pdf_build,
    minutes_pdf_download_name,
    minutes_pdf_filename,
    minutes_pdf_request,
    minutes_pdf_sweep,
)
from .participants import (
    AttendanceEntry,
    attendance_record,
    attendance_record_person,
    participant_invite,
    participant_invite_agencies,
    participant_remove,
)

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "ActionItemReminder",
    "AttendanceEntry",
    "action_item_create",
    "action_item_progress_add",
    "action_item_reminder_sent",
    "action_item_reminders_due",
    "action_item_reminders_send",
    "action_item_update",
    "attendance_record",
    "attendance_record_person",
    "decision_add",
    "decision_delete",
    "decision_update",
    "document_input_submit",
    "input_round_close",
    "input_round_open",
    "input_round_update",
    "meeting_cancel",
    "meeting_create",
    "meeting_update",
    "meetings_seed_demo",
    "minutes_content",
    "minutes_pdf_build",
    "minutes_pdf_download_name",
    "minutes_pdf_filename",
    "minutes_pdf_request",
    "minutes_pdf_sweep",
    "minutes_update",
    "participant_invite",
    "participant_invite_agencies",
    "participant_remove",
]
