"""Forms check shape only; scope, identity, double-booking and period rules are the services' job."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.forms import scoped_desa_field, scoped_kabkota_list
from banten_dinsos.accounts.scoped_fields import ScopedModelChoiceField
from banten_dinsos.core.forms import BootstrapFormMixin
from banten_dinsos.regions.selectors import kabkota_list
from clusters.models import DisasterType
from shelters import selectors as shelter_selectors

from .models import (
    Availability,
    DeploymentRole,
    ItemCondition,
    KsbOfficerRole,
    KsbStatus,
    LumbungItemKind,
    Sex,
    Skill,
    StakeholderKind,
    TrainingKind,
)
from .selectors import disaster_open_list, ksb_unit_list, member_deployable_list, member_list

DATE_WIDGET = {"type": "date"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def date_input():
    return forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


kabkota_choices = scoped_kabkota_list


KABKOTA_LABEL = _("Kabupaten/kota")
SKILLS_LABEL = _("Skills")


def kabkota_field(user, *, label=KABKOTA_LABEL, required=True):
    return forms.ModelChoiceField(label=label, queryset=kabkota_choices(user), required=required)


def skills_field(*, label=SKILLS_LABEL, required=False):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Skill.objects.filter(is_active=True),
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


# ---------------------------------------------------------------------------------------------------------------
# TAGANA members
# ---------------------------------------------------------------------------------------------------------------


class MemberForm(BootstrapFormMixin, forms.Form):
    member_number = forms.CharField(label=_("Member number (Nomor Induk Anggota)"), max_length=40)
    nik = forms.CharField(label=_("NIK"), max_length=30, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    birth_date = forms.DateField(label=_("Birth date"), widget=date_input())
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False, widget=forms.TextInput({"type": "tel"}))
    joined_on = forms.DateField(label=_("Member since"), required=False, widget=date_input())
    availability = forms.ChoiceField(
        label=_("Availability"),
        choices=[(value, label) for value, label in Availability.choices if value != Availability.DEPLOYED],
        initial=Availability.STANDBY,
    )

    def __init__(self, *args, user, member=None, **kwargs):
        if member is not None:
            kwargs.setdefault(
                "initial",
                {
                    "member_number": member.member_number,
                    "nik": member.nik,
                    "full_name": member.full_name,
                    "sex": member.sex,
                    "birth_date": member.birth_date,
                    "phone": member.phone,
                    "joined_on": member.joined_on,
                    "kabkota": member.kabkota_id,
                    "skills": list(
                        member.member_skills.filter(participation__isnull=True).values_list("skill_id", flat=True)
                    ),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["kabkota"] = kabkota_field(user, label=_("Home kabupaten/kota"))
        self.fields["skills"] = skills_field(label=_("Skills on the roster (certificates come from trainings)"))
        if member is not None:
            # The member number identifies the member; availability has its own form on the detail page.
            del self.fields["member_number"]
            del self.fields["availability"]
        self._style_fields()


class AvailabilityForm(BootstrapFormMixin, forms.Form):
    availability = forms.ChoiceField(
        label=_("Availability"),
        choices=[(value, label) for value, label in Availability.choices if value != Availability.DEPLOYED],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()


class AvailabilitySearchForm(BootstrapFormMixin, forms.Form):
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.filter(is_active=True), to_field_name="code"
    )
    kabkota = forms.ModelChoiceField(label=_("Kabupaten/kota"), queryset=kabkota_list(), required=False)
    start = forms.DateTimeField(label=_("From"), widget=datetime_input())
    end = forms.DateTimeField(label=_("Until"), widget=datetime_input())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kabkota"].queryset = kabkota_choices(user)
        self._style_fields()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end of the window must be after its start."))
        return cleaned


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Roster file (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()


# ---------------------------------------------------------------------------------------------------------------
# KSB
# ---------------------------------------------------------------------------------------------------------------


class KsbUnitForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    decree_number = forms.CharField(label=_("Founding decree (SK) number"), max_length=120, required=False)
    decree_date = forms.DateField(label=_("Founding decree (SK) date"), required=False, widget=date_input())
    member_count = forms.IntegerField(label=_("Number of members"), min_value=0, max_value=100_000, initial=0)
    last_activity_on = forms.DateField(label=_("Last activity on"), required=False, widget=date_input())
    last_activity = forms.CharField(label=_("Last activity"), max_length=255, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=KsbStatus.choices, initial=KsbStatus.ACTIVE)
    hazards = forms.ModelMultipleChoiceField(
        label=_("Hazards faced"),
        queryset=DisasterType.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, unit=None, **kwargs):
        if unit is not None:
            initial = {field: getattr(unit, field) for field in ("name", "decree_number", "decree_date")}
            initial.update(
                member_count=unit.member_count,
                last_activity_on=unit.last_activity_on,
                last_activity=unit.last_activity,
                status=unit.status,
                desa=unit.desa_id,
                hazards=[hazard.pk for hazard in unit.hazards.all()],
            )
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["desa"] = scoped_desa_field(user)
        self.order_fields(["name", "desa"])
        self._style_fields()


class KsbOfficerForm(BootstrapFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=KsbOfficerRole.choices)
    section = forms.CharField(label=_("Section"), max_length=100, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    in_forum = forms.BooleanField(label=_("In the provincial KSB forum"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "officer")
        super().__init__(*args, **kwargs)
        self._style_fields()


class LumbungItemForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Item"), choices=LumbungItemKind.choices)
    description = forms.CharField(label=_("Description"), max_length=150, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=0, max_value=1_000_000)
    condition = forms.ChoiceField(label=_("Condition"), choices=ItemCondition.choices)
    checked_on = forms.DateField(label=_("Checked on"), required=False, widget=date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "lumbung")
        super().__init__(*args, **kwargs)
        self._style_fields()


class StakeholderForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=StakeholderKind.choices)
    provides = forms.CharField(label=_("What it provides"), max_length=255)
    since = forms.DateField(label=_("Supporting since"), required=False, widget=date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "stakeholder")
        super().__init__(*args, **kwargs)
        self._style_fields()


# ---------------------------------------------------------------------------------------------------------------
# Trainings
# ---------------------------------------------------------------------------------------------------------------


class TrainingForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=date_input())
    ends_on = forms.DateField(label=_("Ends on"), widget=date_input())
    place = forms.CharField(label=_("Place"), max_length=200)
    organiser = forms.CharField(label=_("Organiser"), max_length=200)
    certificate_months = forms.IntegerField(
        label=_("Certificate valid for (months)"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=_("Leave empty when the certificate does not expire."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kabkota"] = kabkota_field(user)
        self.fields["skills"] = skills_field(label=_("Skills certified"))
        self.order_fields(["title", "kind", "starts_on", "ends_on", "place", "kabkota", "organiser"])
        self._style_fields()


class MemberChoiceField(ScopedModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.full_name} ({member.member_number}) — {member.kabkota.name}"


class ParticipantForm(BootstrapFormMixin, forms.Form):
    passed = forms.BooleanField(label=_("Certified"), required=False, initial=True)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=80, required=False)
    certificate_expires_on = forms.DateField(
        label=_("Certificate expires on"),
        required=False,
        widget=date_input(),
        help_text=_("Empty: the training's own validity applies."),
    )

    def __init__(self, *args, user, training, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = MemberChoiceField(label=_("Member"), scoped=member_list, user=user)
        self.fields["member"].queryset = self.fields["member"].queryset.exclude(participations__training=training)
        self.order_fields(["member"])
        self._style_fields()


# ---------------------------------------------------------------------------------------------------------------
# Deployments and the duty roster
# ---------------------------------------------------------------------------------------------------------------


class DeploymentForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=DeploymentRole.choices)
    start_at = forms.DateTimeField(label=_("From"), widget=datetime_input())
    end_at = forms.DateTimeField(
        label=_("Until"), required=False, widget=datetime_input(), help_text=_("Empty: until further notice.")
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disaster"] = ScopedModelChoiceField(
            label=_("Disaster event"), scoped=disaster_open_list, user=user
        )
        self.fields["member"] = MemberChoiceField(
            label=_("TAGANA member"), scoped=member_deployable_list, user=user, required=False
        )
        self.fields["ksb_unit"] = ScopedModelChoiceField(
            label=_("or a KSB unit"), scoped=ksb_unit_list, user=user, required=False
        )
        self.fields["shelter"] = ScopedModelChoiceField(
            label=_("Shelter"), scoped=shelter_selectors.shelter_list, user=user, required=False
        )
        self.fields["ldp_post"] = ScopedModelChoiceField(
            label=_("or an LDP post"), scoped=shelter_selectors.ldp_post_list, user=user, required=False
        )
        self.order_fields(["disaster", "member", "ksb_unit", "shelter", "ldp_post", "role", "start_at", "end_at"])
        self._style_fields()


class DeploymentEndForm(BootstrapFormMixin, forms.Form):
    ended_at = forms.DateTimeField(
        label=_("Ended at"), required=False, widget=datetime_input(), help_text=_("Empty: now.")
    )
    report = forms.CharField(label=_("Assignment report"), required=False, widget=forms.Textarea({"rows": 4}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "end")
        super().__init__(*args, **kwargs)
        self._style_fields()


class DeploymentReportForm(BootstrapFormMixin, forms.Form):
    report = forms.CharField(label=_("Assignment report"), widget=forms.Textarea({"rows": 6}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "report")
        super().__init__(*args, **kwargs)
        self._style_fields()


class DeploymentCancelForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=255)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "cancel")
        super().__init__(*args, **kwargs)
        self._style_fields()


class RosterChoiceForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=date_input())

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["shelter"] = ScopedModelChoiceField(
            label=_("Shelter"), scoped=shelter_selectors.shelter_list, user=user, required=False
        )
        self.fields["ldp_post"] = ScopedModelChoiceField(
            label=_("or an LDP post"), scoped=shelter_selectors.ldp_post_list, user=user, required=False
        )
        self.order_fields(["shelter", "ldp_post", "date"])
        self._style_fields()

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("shelter")) == bool(cleaned.get("ldp_post")):
            self.add_error("shelter", _("Choose a shelter or an LDP post."))
        return cleaned
