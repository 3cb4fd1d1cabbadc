"""Meeting minutes (notulen) as a report of the reports app (``REPORT_BUILDERS`` in the settings).

The reports app finds this builder through the setting; this module does not import it. The PDF is drawn by the
same code as the minutes PDF of the meeting page (``meetings.pdf``).
"""

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banten_dinsos.accounts.roles import Perm

from .pdf import render_minutes_pdf
from .selectors import meeting_can_manage, meeting_get, meeting_list
from .services import minutes_content


class MeetingMinutesReportForm(forms.Form):
    meeting = forms.TypedChoiceField(label=gettext_lazy("Coordination meeting"), coerce=int)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = meeting_list(user=user).prefetch_related("clusters__parent")
        self.fields["meeting"].choices = [
            (meeting.pk, f"{meeting.title} ({meeting.held_on:%d-%m-%Y})")
            for meeting in meetings
            if meeting_can_manage(user=user, meeting=meeting)
        ]
        self.fields["meeting"].widget.attrs["class"] = "form-select"


class MeetingMinutesBuilder:
    """The minutes of one coordination meeting (PDF)."""

    kind = "meeting_minutes"
    label = gettext_lazy("Meeting minutes (notulen)")
    formats = ("pdf",)
    # Minutes name people. Reports are shared by scope (the same clusters or kabupaten/kota), while meetings are
    # also shown to whoever is invited; keeping minutes reports to organisers keeps them with people who can
    # see those meetings anyway.
    view_perm = Perm.MEETING_MANAGE
    request_perm = Perm.MEETING_MANAGE
    form_class = MeetingMinutesReportForm

    def clean_parameters(self, *, user, data: dict) -> dict:
        meeting = meeting_get(user=user, pk=data["meeting"])
        if not meeting_can_manage(user=user, meeting=meeting):
            raise Http404
        return {"meeting_id": meeting.pk, "meeting_title": meeting.title, "disaster_id": meeting.disaster_id}

    def disaster_id(self, parameters: dict) -> int | None:
        return parameters.get("disaster_id")

    def title(self, *, parameters: dict) -> str:
        return _("Meeting minutes: %(meeting)s") % {"meeting": parameters.get("meeting_title", "")}

    def build(self, *, report, viewer, progress) -> bytes:
        progress(10, _("Reading the minutes and attendance"))
        meeting = meeting_get(user=viewer, pk=report.parameters["meeting_id"])
        content = minutes_content(meeting=meeting)
        progress(60, _("Writing the file"))
        return render_minutes_pdf(content)


MEETING_MINUTES_REPORT = MeetingMinutesBuilder()
