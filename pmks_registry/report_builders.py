"""PMKS statistics per kabupaten/kota as a report of the reports app (``REPORT_BUILDERS`` in the settings).

The reports app finds this builder through the setting; this module does not import it. The file is the same
workbook as the statistics page's export, built for the scope of whoever asked.
"""

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banten_dinsos.accounts.forms import scoped_kabkota_list
from banten_dinsos.accounts.roles import Perm

from .exports import statistics_xlsx
from .selectors import pmks_statistics


def _kabkotas(user):
    return scoped_kabkota_list(user)


class PmksStatisticsReportForm(forms.Form):
    kabkota = forms.ChoiceField(label=gettext_lazy("Kabupaten/kota"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kabkota"].choices = [("", _("All"))] + [(r.code, r.name) for r in _kabkotas(user)]
        self.fields["kabkota"].widget.attrs["class"] = "form-select"


class PmksStatisticsBuilder:
    """PMKS clients by type × kabupaten/kota, by status and new per month (XLSX)."""

    kind = "pmks_statistics"
    label = gettext_lazy("PMKS statistics per kabupaten/kota")
    formats = ("xlsx",)
    view_perm = Perm.PMKS_VIEW
    # The same people who may download the statistics workbook from the statistics page.
    request_perm = Perm.PMKS_EXPORT
    form_class = PmksStatisticsReportForm

    def clean_parameters(self, *, user, data: dict) -> dict:
        code = data.get("kabkota") or ""
        if not code:
            return {"kabkota": "", "kabkota_name": ""}
        region = _kabkotas(user).filter(code=code).first()
        if region is None:
            raise Http404
        return {"kabkota": region.code, "kabkota_name": region.name}

    def disaster_id(self, parameters: dict) -> int | None:
        return None

    def title(self, *, parameters: dict) -> str:
        area = parameters.get("kabkota_name") or _("All kabupaten/kota in scope")
        return _("PMKS statistics: %(area)s") % {"area": area}

    def build(self, *, report, viewer, progress) -> bytes:
        progress(10, _("Counting PMKS clients"))
        kabkota = report.parameters.get("kabkota")
        stats = pmks_statistics(user=viewer, filters={"kabkota": kabkota} if kabkota else None)
        progress(70, _("Writing the file"))
        return statistics_xlsx(stats)


PMKS_STATISTICS_REPORT = PmksStatisticsBuilder()
