"""The distribution lines (the HXL/3W table) as a background export, CSV or XLSX, for the filtered period.

The lines are already aggregated per organisation × desa × item × day by ``distribution_rows`` (a GROUP BY in the
database), so they are far fewer than the stock moves behind them."""

from django.utils.translation import gettext_lazy

from banten_dinsos.accounts.roles import Perm
from banten_dinsos.core.table_exports import TableExport, filter_form
from banten_dinsos.regions.models import Region

from .filters import DistributionFilter
from .hxl import HEADER, PROVINCE_ORG
from .selectors import distribution_rows


class DistributionsExport(TableExport):
    """Net quantities that reached people, one line per organisation × kab/kota × desa × place × item × day."""

    kind = "logistics_distributions"
    label = gettext_lazy("Logistics distributions (list export)")
    view_perm = Perm.LOGISTICS_VIEW
    request_perm = Perm.LOGISTICS_VIEW
    filterset_class = DistributionFilter
    form_class = filter_form(DistributionFilter)
    model = "logistics.stockmove"
    sheet_title = gettext_lazy("Distributions")

    def header(self) -> list[str]:
        return [label for label, _tag in HEADER]

    def write(self, **kwargs):
        outcome = super().write(**kwargs)
        outcome.record_ids = None  # the lines are sums of stock moves, numbered in the file: no record to name
        return outcome

    def _lines(self, viewer, filters):
        return [row for row in distribution_rows(user=viewer, filters=filters) if row["quantity"]]

    def count(self, *, viewer, filters: dict) -> int:
        return len(self._lines(viewer, filters))

    def rows(self, *, viewer, filters: dict):
        names = dict(Region.objects.filter(level__in=["kabkota", "desa"]).values_list("code", "name"))
        for number, row in enumerate(self._lines(viewer, filters), start=1):
            desa = row["desa"] if row["desa"] and len(row["desa"]) > 8 else ""
            org = (
                f"Dinas Sosial {names.get(row['org_kabkota'], row['org_kabkota'])}"
                if row["org_kabkota"]
                else PROVINCE_ORG
            )
            yield (
                number,  # lines have no id of their own: their number in the file
                org,
                "Logistik",
                row["kabkota"],
                names.get(row["kabkota"], ""),
                desa,
                names.get(desa, "") if desa else "",
                row["place_name"],
                row["disaster"],
                row["item"],
                row["item_code"],
                row["unit"],
                row["quantity"],
                row["date"],
            )


DISTRIBUTIONS_EXPORT = DistributionsExport()
