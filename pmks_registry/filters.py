"""The filters of the PMKS client list and statistics, used by the selectors, the API and the pages alike."""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from banten_dinsos.accounts.forms import scoped_kabkota_list
from banten_dinsos.core.filtering import PortalFilterSet
from banten_dinsos.regions.filters import KabkotaFilter

from .models import Client, ClientPmksType, ClientStatus, DataSource, PmksType


class ClientFilter(PortalFilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Name starts with"),
        max_length=60,
        # Names only: a NIK typed here would travel in the URL. The browser refuses digits, the filter too.
        validators=[RegexValidator(r"^[^0-9]*$", _("Search NIKs with the NIK search box, not here."))],
    )
    kabkota = KabkotaFilter()
    wilayah = django_filters.CharFilter(
        # A prefix of the desa code: served by the varchar_pattern_ops index on desa_id.
        field_name="desa__code",
        lookup_expr="startswith",
        label=_("Kecamatan or desa code"),
        max_length=13,
        validators=[RegexValidator(r"^36(\.[0-9]{2}){1,2}(\.[0-9]{4})?$", _("Use a code such as 36.02.13."))],
    )
    pmks_type = django_filters.ModelChoiceFilter(
        queryset=PmksType.objects.only("number", "name"),
        method="filter_pmks_type",
        label=_("PMKS type"),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(choices=ClientStatus.choices, label=_("Status"), empty_label=_("All"))
    source = django_filters.ChoiceFilter(choices=DataSource.choices, label=_("Data source"), empty_label=_("All"))

    class Meta(PortalFilterSet.Meta):
        model = Client
        fields = ["q", "kabkota", "wilayah", "pmks_type", "status", "source"]

    def limit_choices(self):
        self.filters["kabkota"].queryset = scoped_kabkota_list(self.user)

    @property
    def form(self):
        form = super().form
        form.fields["q"].widget.attrs.update({"pattern": "[^0-9]*", "autocomplete": "off"})
        return form

    def filter_q(self, queryset, name, value):
        return queryset.filter(name_key__startswith=" ".join(value.split()).upper())

    def filter_pmks_type(self, queryset, name, value):
        return queryset.filter(Exists(ClientPmksType.objects.filter(client=OuterRef("pk"), pmks_type=value)))


class StatisticsFilter(PortalFilterSet):
    """The statistics are aggregated by the selector; this only chooses the kabupaten/kota."""

    kabkota = KabkotaFilter()

    class Meta(PortalFilterSet.Meta):
        model = Client
        fields = ["kabkota"]

    def limit_choices(self):
        self.filters["kabkota"].queryset = scoped_kabkota_list(self.user)
