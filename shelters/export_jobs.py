"""The evacuee list as a background export (CSV or XLSX), every row of the filtered list, NIK and No. KK masked."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banten_dinsos.accounts.roles import Perm
from banten_dinsos.core.table_exports import CHUNK_ROWS, TableExport, filter_form, masked_number

from .filters import EvacueeFilter
from .models import EvacueeStatus
from .selectors import evacuee_list

COLUMNS = (
    "pk",
    "nik_masked",
    "no_kk_masked",
    "full_name",
    "sex",
    "birth_date",
    "origin_desa_id",
    "kabkota_id",
    "shelter__name",
    "status",
    "is_pregnant",
    "is_nursing",
    "has_disability",
    "is_chronically_ill",
    "is_unaccompanied_child",
    "created_at",
)


class EvacueesExport(TableExport):
    """Every evacuee of the filtered list in the user's area."""

    kind = "evacuees"
    label = gettext_lazy("Evacuees (list export)")
    # The file names people: only those who may see evacuees' identity numbers may ask for it or read it.
    view_perm = Perm.EVACUEE_VIEW_NIK
    request_perm = Perm.EVACUEE_VIEW_NIK
    filterset_class = EvacueeFilter
    form_class = filter_form(EvacueeFilter)
    model = "shelters.evacuee"
    sheet_title = gettext_lazy("Evacuees")

    def header(self) -> list[str]:
        return [
            _("NIK"),
            _("No. KK"),
            _("Full name"),
            _("Sex"),
            _("Birth date"),
            _("Desa/kelurahan of origin"),
            _("Kabupaten/kota code"),
            _("Shelter"),
            _("Status"),
            _("Pregnant"),
            _("Nursing mother"),
            _("Has a disability"),
            _("Chronic illness"),
            _("Unaccompanied or separated child"),
            _("Registered at"),
        ]

    def _queryset(self, viewer, filters):
        return evacuee_list(user=viewer, filters=filters).select_related(None).order_by("-id")

    def count(self, *, viewer, filters: dict) -> int:
        return self._queryset(viewer, filters).order_by().count()

    def rows(self, *, viewer, filters: dict):
        statuses = {code: str(label) for code, label in EvacueeStatus.choices}
        yes, no = _("yes"), _("no")
        rows = (
            self._queryset(viewer, filters)
            .annotate(nik_masked=masked_number("nik"), no_kk_masked=masked_number("no_kk"))
            .values_list(*COLUMNS)
            .iterator(chunk_size=CHUNK_ROWS)
        )
        for row in rows:
            flags = [yes if flag else no for flag in row[10:15]]
            yield (*row[:9], statuses.get(row[9], row[9]), *flags, row[15])


EVACUEES_EXPORT = EvacueesExport()
