import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.regions.forms import searchable_region_attrs
from banten_dinsos.regions.models import Region, RegionLevel
from banten_dinsos.regions.selectors import kabkota_list

from .models import (
    HOUSE_FIELDS,
    MAX_COUNT,
    PEOPLE_FIELDS,
    Cluster,
    DamageClass,
    DisasterType,
    EmergencyStatus,
    FacilityKind,
    FieldReport,
    NeedPriority,
    ReportingLevel,
    ReportKind,
)

NEED_ROWS = 4


def _style(form: forms.Form) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "form-control"
        widget.attrs.setdefault("class", css)
        widget.attrs.setdefault("id", f"id_{name}")


def _count_field(label) -> forms.IntegerField:
    # inputmode gives phones the number pad; the server still checks the range. No initial 0: every count on the
    # report form starts empty, so nothing reads as counted that was not.
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )


def _reported_count_field(label) -> forms.IntegerField:
    # Blank is not zero: the field starts empty and an empty field is saved as "not reported" (NULL).
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "placeholder": _("not reported yet")}),
    )


def area_choices(*, user, kabkota_codes) -> list:
    """Kecamatan and their desa, grouped by kecamatan, in the given kabupaten/kota the user may report for."""
    codes = [code for code in kabkota_codes if scope_allows(user, kabkota_code=code)]
    within = Q()
    for code in codes:
        within |= Q(code__startswith=f"{code}.")
    regions = Region.objects.filter(within, level__in=[RegionLevel.KECAMATAN, RegionLevel.DESA])
    groups: dict[str, list] = {}
    names: dict[str, str] = {}
    for code, name, level in regions.order_by("code").values_list("code", "name", "level") if codes else []:
        if level == RegionLevel.KECAMATAN:
            names[code] = name
            groups.setdefault(code, []).insert(0, (code, _("Kecamatan %(name)s (whole kecamatan)") % {"name": name}))
        else:
            groups.setdefault(code[:8], []).append((code, name))
    return [("", "—")] + [(_("Kec. %(name)s") % {"name": names.get(key, key)}, items) for key, items in groups.items()]


class FieldReportForm(forms.Form):
    """Shape only: location, workflow and the DIBI consistency rules are the service's."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices, initial=ReportKind.RAPID_ASSESSMENT)
    area = forms.ChoiceField(
        label=_("Area (kecamatan or desa/kelurahan)"),
        widget=forms.Select(attrs=searchable_region_attrs(placeholder=_("Type a kecamatan or desa name"))),
    )
    observed_at = forms.DateTimeField(
        label=_("Time of observation"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, disaster, report: FieldReport | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.disaster = disaster
        model_fields = {field.name: field for field in FieldReport._meta.get_fields() if hasattr(field, "verbose_name")}
        for name in (*PEOPLE_FIELDS, *HOUSE_FIELDS):
            self.fields[name] = _reported_count_field(capfirst(model_fields[name].verbose_name))
        for kind in FacilityKind:
            for damage in DamageClass:
                field = _count_field(f"{kind.label} — {damage.label}")
                field.required = False
                self.fields[f"facility_{kind.value}_{damage.value}"] = field
        clusters = [("", "—")] + [
            (cluster.code, f"{cluster.parent.name} › {cluster.name}" if cluster.parent_id else cluster.name)
            for cluster in Cluster.objects.filter(is_active=True).select_related("parent").order_by("position", "code")
        ]
        rows = max(NEED_ROWS, len(report.needs.all()) + 1) if report is not None else NEED_ROWS
        self.need_rows = rows
        for index in range(rows):
            self.fields[f"need_{index}_cluster"] = forms.ChoiceField(
                label=_("Cluster"), choices=clusters, required=False
            )
            self.fields[f"need_{index}_description"] = forms.CharField(
                label=_("Urgent need"), max_length=500, required=False
            )
            self.fields[f"need_{index}_people"] = _count_field(_("People in need"))
            self.fields[f"need_{index}_people"].required = False
            self.fields[f"need_{index}_priority"] = forms.ChoiceField(
                label=_("Priority"), choices=NeedPriority.choices, initial=NeedPriority.URGENT, required=False
            )
        self.fields["area"].choices = area_choices(
            user=user, kabkota_codes=[region.code for region in disaster.affected_kabkota.all()]
        )
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
            self.initial.setdefault("observed_at", timezone.localtime().replace(second=0, microsecond=0))
            if report is not None:
                self._initial_from(report)
        _style(self)

    def _initial_from(self, report: FieldReport) -> None:
        self.initial.update(
            {
                "kind": report.kind,
                "area": report.area_id,
                "observed_at": timezone.localtime(report.observed_at),
                "notes": report.notes,
                **{name: getattr(report, name) for name in (*PEOPLE_FIELDS, *HOUSE_FIELDS)},
            }
        )
        for kind, classes in (report.facilities_damaged or {}).items():
            for damage, count in classes.items():
                self.initial[f"facility_{kind}_{damage}"] = count
        for index, need in enumerate(report.needs.all()):
            self.initial[f"need_{index}_cluster"] = need.cluster.code
            self.initial[f"need_{index}_description"] = need.description
            self.initial[f"need_{index}_people"] = need.people_in_need
            self.initial[f"need_{index}_priority"] = need.priority

    def people_fields(self):
        return [self[name] for name in PEOPLE_FIELDS]

    def house_fields(self):
        return [self[name] for name in HOUSE_FIELDS]

    def facility_rows(self):
        return [
            (kind.label, [self[f"facility_{kind.value}_{damage.value}"] for damage in DamageClass])
            for kind in FacilityKind
        ]

    def need_fields(self):
        return [
            [self[f"need_{index}_{part}"] for part in ("cluster", "description", "people", "priority")]
            for index in range(self.need_rows)
        ]

    def clean(self):
        data = super().clean()
        clusters = {cluster.code: cluster for cluster in Cluster.objects.filter(is_active=True)}
        needs = []
        for index in range(self.need_rows):
            code = data.get(f"need_{index}_cluster")
            text = (data.get(f"need_{index}_description") or "").strip()
            if code and not text:
                self.add_error(f"need_{index}_description", _("Describe the need for this cluster."))
            elif text and not code:
                self.add_error(f"need_{index}_cluster", _("Choose the cluster of this need."))
            elif code and text:
                needs.append(
                    {
                        "cluster": clusters[code],
                        "description": text,
                        "people_in_need": data.get(f"need_{index}_people") or 0,
                        "priority": data.get(f"need_{index}_priority") or NeedPriority.URGENT,
                    }
                )
        data["needs"] = needs
        facilities = {}
        for kind in FacilityKind:
            counts = {
                damage.value: data.get(f"facility_{kind.value}_{damage.value}") or 0
                for damage in DamageClass
                if data.get(f"facility_{kind.value}_{damage.value}")
            }
            if counts:
                facilities[kind.value] = counts
        data["facilities_damaged"] = facilities
        if data.get("area"):
            data["area"] = Region.objects.filter(code=data["area"]).first()
        return data

    def service_figures(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "notes": data.get("notes", ""),
            "facilities_damaged": data["facilities_damaged"],
            **{name: data.get(name) for name in (*PEOPLE_FIELDS, *HOUSE_FIELDS)},
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What must be corrected"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )


def _affected_regions_field(*, label, level, parent, placeholder, waiting_for_parent, help_text):
    """An optional, searchable choice of several regions of one level, offering those under the parent field's."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Region.objects.filter(level=level).select_related("parent"),
        required=False,
        widget=forms.SelectMultiple(
            attrs=searchable_region_attrs(parent=parent, placeholder=placeholder, waiting_for_parent=waiting_for_parent)
        ),
        help_text=help_text,
    )


class DisasterForm(forms.Form):
    disaster_type = forms.ModelChoiceField(
        label=_("Disaster type"), queryset=DisasterType.objects.filter(is_active=True)
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(label=_("Started on"), widget=forms.DateInput(attrs={"type": "date"}))
    affected_kabkota = forms.ModelMultipleChoiceField(
        label=_("Affected kabupaten/kota"),
        queryset=Region.objects.filter(level=RegionLevel.KABKOTA),
        widget=forms.CheckboxSelectMultiple,
    )
    # Searchable, and only the kecamatan of the kab/kota ticked above, the desa of the kecamatan chosen above
    # (static/js/region-select.js).
    affected_kecamatan = _affected_regions_field(
        label=_("Affected kecamatan"),
        level=RegionLevel.KECAMATAN,
        parent="affected_kabkota",
        placeholder=_("Type a kecamatan name"),
        waiting_for_parent=_("Tick the affected kabupaten/kota first"),
        help_text=_("Optional; type to search, choose as many as needed."),
    )
    affected_desa = _affected_regions_field(
        label=_("Affected desa/kelurahan"),
        level=RegionLevel.DESA,
        parent="affected_kecamatan",
        placeholder=_("Type a desa/kelurahan name"),
        waiting_for_parent=_("Choose the affected kecamatan first"),
        help_text=_("Optional; for a disaster reported per desa, the desa expected to report each day."),
    )
    # Left out of a post (an older form), the disaster is reported per kecamatan, as before the choice existed.
    reporting_level = forms.TypedChoiceField(
        label=_("Reporting level"),
        choices=ReportingLevel.choices,
        initial=ReportingLevel.KECAMATAN,
        required=False,
        empty_value=ReportingLevel.KECAMATAN,
        help_text=_(
            "Per desa: each affected desa (or, where none is chosen, every desa of the affected kecamatan) needs its "
            "own report verified by the province each day."
        ),
    )
    status = forms.ChoiceField(
        label=_("Emergency status"),
        choices=[(value, label) for value, label in EmergencyStatus.choices if value != EmergencyStatus.SELESAI],
        initial=EmergencyStatus.TANGGAP,
    )
    decree_number = forms.CharField(label=_("Decree number"), max_length=120, required=False)
    status_valid_from = forms.DateField(
        label=_("Status valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status_valid_until = forms.DateField(
        label=_("Status valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affected_kabkota"].queryset = kabkota_list()
        self.fields["affected_kecamatan"].label_from_instance = lambda region: f"{region.name} — {region.parent.name}"
        self.fields["affected_desa"].label_from_instance = lambda region: f"{region.name} — {region.parent.name}"
        _style(self)


class DisasterStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New emergency status"), choices=EmergencyStatus.choices)
    decree_number = forms.CharField(label=_("Decree number"), max_length=120, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
