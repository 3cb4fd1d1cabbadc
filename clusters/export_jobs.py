"""The field-report list as a background export (CSV or XLSX): every report of the filtered list, one row each."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banten_dinsos.accounts.roles import Perm
from banten_dinsos.core.table_exports import CHUNK_ROWS, TableExport, filter_form

from .filters import FieldReportFilter
from .models import ReportKind, ReportState
from .selectors import field_report_list

COUNTS = (
    "dead",
    "missing",
    "injured",
    "affected_people",
    "affected_families",
    "displaced",
    "houses_heavily_damaged",
    "houses_moderately_damaged",
    "houses_lightly_damaged",
    "houses_submerged",
)
COLUMNS = ("pk", "disaster__title", "kind", "state", "area_id", "kabkota_id", "observed_at", *COUNTS, "notes")


class FieldReportsExport(TableExport):
    """Every field report of the filtered list the user may see."""

    kind = "field_reports"
    label = gettext_lazy("Field reports (list export)")
    view_perm = Perm.FIELDREPORT_VIEW
    request_perm = Perm.FIELDREPORT_VIEW
    filterset_class = FieldReportFilter
    form_class = filter_form(FieldReportFilter)
    model = "clusters.fieldreport"
    sheet_title = gettext_lazy("Field reports")

    def header(self) -> list[str]:
        return [
            _("Disaster event"),
            _("Kind"),
            _("State"),
            _("Area code"),
            _("Kabupaten/kota code"),
            _("Time of observation"),
            _("Dead"),
            _("Missing"),
            _("Injured"),
            _("Affected people"),
            _("Affected families (KK)"),
            _("Displaced people"),
            _("Houses heavily damaged"),
            _("Houses moderately damaged"),
            _("Houses lightly damaged"),
            _("Houses submerged"),
            _("Notes"),
        ]

    def _queryset(self, viewer, filters):
        return field_report_list(user=viewer, filters=filters).select_related(None).order_by("-observed_at", "-id")

    def count(self, *, viewer, filters: dict) -> int:
        return self._queryset(viewer, filters).order_by().count()

    def rows(self, *, viewer, filters: dict):
        kinds = {code: str(label) for code, label in ReportKind.choices}
        states = {code: str(label) for code, label in ReportState.choices}
        rows = self._queryset(viewer, filters).values_list(*COLUMNS).iterator(chunk_size=CHUNK_ROWS)
        for pk, disaster, kind, state, *rest in rows:
            yield (pk, disaster, kinds.get(kind, kind), states.get(state, state), *rest)


FIELD_REPORTS_EXPORT = FieldReportsExport()
