"""Forms check shape only; the services check the rules and name the field when they refuse."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.scoped_fields import ScopedModelChoiceField
from banten_dinsos.agencies.models import Agency
from banten_dinsos.core.forms import BootstrapFormMixin
from banten_dinsos.regions.selectors import kabkota_list
from clusters.models import Cluster
from clusters.selectors import disaster_list

from .models import (
    MEETING_FIELDS,
    ActionItem,
    ActionItemStatus,
    AttendanceStatus,
    InputRound,
    Meeting,
    ParticipantGroup,
)

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _https_links(db_field, **kwargs):
    """A link typed without a scheme is taken as https (Django 6's default, chosen now instead of http)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ServiceValidatedModelForm(forms.ModelForm):
    """A model form that checks shape only: the service runs full_clean and the business rules, and its errors come
    back to the form's fields, so a constraint is reported once, on the field it concerns."""

    def _post_clean(self):
        return


def _datetime_field(label, **kwargs):
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        **kwargs,
    )


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agency):
        return agency.name


class AgencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, agency):
        return agency.name


def active_agencies():
    return Agency.objects.filter(is_active=True).order_by("name")


def _disasters_newest_first(*, user):
    return disaster_list(user=user).order_by("-started_on")


def parse_agenda(text: str) -> list[dict]:
    """One agenda item per line; 'Title | Presenter' names who presents it."""
    items = []
    for line in text.splitlines():
        title, _sep, presenter = line.partition("|")
        if title.strip():
            items.append({"title": title.strip(), "presenter": presenter.strip()})
    return items


def agenda_text(meeting: Meeting) -> str:
    return "\n".join(
        f"{item.title} | {item.presenter}" if item.presenter else item.title for item in meeting.agenda_items.all()
    )


class MeetingForm(BootstrapFormMixin, ServiceValidatedModelForm):
    starts_at = _datetime_field(_("Starts at (WIB)"))
    ends_at = _datetime_field(_("Ends at (WIB)"))
    organizer = AgencyChoiceField(label=_("Organising agency"), queryset=active_agencies())
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One agenda item per line; write 'Item | Presenter' to name who presents it."),
    )

    class Meta:
        model = Meeting
        fields = [*MEETING_FIELDS, "clusters", "concerned_kabkota"]
        formfield_callback = _https_links
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "clusters": forms.SelectMultiple(attrs={"size": 6}),
            "concerned_kabkota": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        model_field = self.fields["disaster"]
        self.fields["disaster"] = ScopedModelChoiceField(
            scoped=_disasters_newest_first, user=user, required=False, label=model_field.label
        )
        self.fields["clusters"].queryset = Cluster.objects.filter(is_active=True)
        self.fields["concerned_kabkota"].queryset = kabkota_list()
        self.fields["concerned_kabkota"].help_text = _(
            "Officers of these kabupaten/kota see the meeting. Left empty, the disaster's kabupaten/kota are used."
        )
        if self.instance.pk:
            self.fields["agenda"].initial = agenda_text(self.instance)
        self._style_fields()

    def service_kwargs(self, *, creating: bool = True) -> dict:
        data = dict(self.cleaned_data)
        regions = list(data.pop("concerned_kabkota"))
        return {
            "clusters": list(data.pop("clusters")),
            # A new meeting left without regions concerns the disaster's kabupaten/kota (the service fills them in).
            "concerned_kabkota": regions or None if creating else regions,
            "agenda": parse_agenda(data.pop("agenda")),
            "data": data,
        }


class MeetingCancelForm(BootstrapFormMixin, forms.Form):
    cancel_reason = forms.CharField(label=_("Reason for cancelling"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()


# ---------------------------------------------------------------------------------------------------------------
# Participants and attendance
# ---------------------------------------------------------------------------------------------------------------


class InviteAgenciesForm(BootstrapFormMixin, forms.Form):
    agencies = AgencyMultipleChoiceField(
        label=_("Agencies"), queryset=active_agencies(), widget=forms.SelectMultiple(attrs={"size": 10})
    )
    group = forms.ChoiceField(label=_("Participant group"), choices=ParticipantGroup.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user} ({user.get_username()})"


class PersonForm(BootstrapFormMixin, forms.Form):
    """A portal user, or someone without an account (name, organisation, position, kabupaten/kota, phone)."""

    person = UserChoiceField(label=_("Portal user"), required=False, queryset=get_user_model().objects.none())
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    agency = AgencyChoiceField(label=_("Agency"), queryset=active_agencies(), required=False)
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("When the organisation is not in the list of agencies, e.g. a KSB or a company."),
    )
    position = forms.CharField(label=_("Role or position"), max_length=200, required=False)
    kabkota = forms.ModelChoiceField(label=_("Kabupaten/kota"), queryset=kabkota_list(), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    group = forms.ChoiceField(label=_("Participant group"), choices=ParticipantGroup.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self._style_fields()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("person") and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Choose a portal user or write the person's name."))
        return cleaned


class WalkInForm(PersonForm):
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=[
            (AttendanceStatus.PRESENT, AttendanceStatus.PRESENT.label),
            (AttendanceStatus.REPRESENTED, AttendanceStatus.REPRESENTED.label),
        ],
    )
    represented_by = forms.CharField(label=_("Represented by"), max_length=200, required=False)

    field_order = ["person", "name", "agency", "organisation", "position", "kabkota", "phone", "group", "attendance"]


class AttendanceForm(BootstrapFormMixin, forms.Form):
    """One attendance choice (and 'represented by' name) per participant."""

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for participant in self.participants:
            self.fields[f"status_{participant.pk}"] = forms.ChoiceField(
                label=participant.display_name, choices=AttendanceStatus.choices, initial=participant.attendance
            )
            self.fields[f"rep_{participant.pk}"] = forms.CharField(
                label=_("Represented by"), max_length=200, required=False, initial=participant.represented_by
            )
        self._style_fields()
        for participant in self.participants:
            self.fields[f"status_{participant.pk}"].widget.attrs["data-attendance"] = str(participant.pk)
            self.fields[f"rep_{participant.pk}"].widget.attrs["data-represented-for"] = str(participant.pk)

    def rows(self):
        return [
            (participant, self[f"status_{participant.pk}"], self[f"rep_{participant.pk}"])
            for participant in self.participants
        ]

    def entries(self):
        return [
            (participant, self.cleaned_data[f"status_{participant.pk}"], self.cleaned_data[f"rep_{participant.pk}"])
            for participant in self.participants
        ]


# ---------------------------------------------------------------------------------------------------------------
# Minutes
# ---------------------------------------------------------------------------------------------------------------


class MinutesForm(BootstrapFormMixin, forms.Form):
    minutes_summary = forms.CharField(
        label=_("Minutes summary"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda_items = list(meeting.agenda_items.all())
        self.fields["minutes_summary"].initial = meeting.minutes_summary
        for item in self.agenda_items:
            self.fields[f"points_{item.pk}"] = forms.CharField(
                label=f"{item.position}. {item.title}",
                required=False,
                initial=item.minutes_points,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self._style_fields()

    def points(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"points_{item.pk}", "") for item in self.agenda_items}


class DecisionForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), required=False, queryset=None)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self._style_fields()


# ---------------------------------------------------------------------------------------------------------------
# Action items
# ---------------------------------------------------------------------------------------------------------------


class ActionItemForm(BootstrapFormMixin, ServiceValidatedModelForm):
    owner_agency = AgencyChoiceField(label=_("Owner agency"), queryset=active_agencies())
    owner_user = UserChoiceField(
        label=_("Portal user responsible"), required=False, queryset=get_user_model().objects.none()
    )

    class Meta:
        model = ActionItem
        fields = ["title", "description", "decision", "owner_agency", "owner_person", "owner_user", "due_on"]
        widgets = {"due_on": _date_widget(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = meeting.decisions.all()
        self.fields["owner_user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self._style_fields()


class ProgressForm(BootstrapFormMixin, forms.Form):
    noted_on = forms.DateField(label=_("Date"), widget=_date_widget())
    status = forms.ChoiceField(label=_("Status"), choices=ActionItemStatus.choices)
    note = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, item, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].initial = item.status
        self.fields["noted_on"].initial = today
        self._style_fields()


# ---------------------------------------------------------------------------------------------------------------
# Document input rounds
# ---------------------------------------------------------------------------------------------------------------


class InputRoundForm(BootstrapFormMixin, ServiceValidatedModelForm):
    deadline = _datetime_field(_("Deadline for input (WIB)"))
    agencies = AgencyMultipleChoiceField(
        label=_("Agencies asked for input"), queryset=active_agencies(), widget=forms.SelectMultiple(attrs={"size": 10})
    )

    class Meta:
        model = InputRound
        fields = ["title", "description", "document", "document_url", "deadline", "agencies"]
        formfield_callback = _https_links
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()


class DocumentInputForm(BootstrapFormMixin, forms.Form):
    agency = AgencyChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    text = forms.CharField(label=_("Input"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
        self._style_fields()
