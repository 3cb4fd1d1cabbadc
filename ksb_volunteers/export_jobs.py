"""The TAGANA member list as a background export (CSV or XLSX), NIK masked, every member of the filtered list."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banten_dinsos.accounts.roles import Perm
from banten_dinsos.core.table_exports import CHUNK_ROWS, TableExport, filter_form, masked_number

from .filters import MemberFilter
from .models import Availability
from .selectors import member_list

COLUMNS = (
    "pk",
    "member_number",
    "nik_masked",
    "full_name",
    "sex",
    "birth_date",
    "kabkota_id",
    "availability",
    "joined_on",
)


class TaganaMembersExport(TableExport):
    """Every TAGANA member of the filtered list in the user's area."""

    kind = "tagana_members"
    label = gettext_lazy("TAGANA members (list export)")
    # Names and birth dates: those who may see members' personal data ask for it and read it.
    view_perm = Perm.VOLUNTEER_VIEW_PERSONAL
    request_perm = Perm.VOLUNTEER_VIEW_PERSONAL
    filterset_class = MemberFilter
    form_class = filter_form(MemberFilter)
    model = "ksb_volunteers.taganamember"
    sheet_title = gettext_lazy("TAGANA members")

    def header(self) -> list[str]:
        return [
            _("Member number"),
            _("NIK"),
            _("Full name"),
            _("Sex"),
            _("Birth date"),
            _("Kabupaten/kota code"),
            _("Availability"),
            _("Member since"),
        ]

    def _queryset(self, viewer, filters):
        return member_list(user=viewer, filters=filters).select_related(None).order_by("-id")

    def count(self, *, viewer, filters: dict) -> int:
        return self._queryset(viewer, filters).order_by().count()

    def rows(self, *, viewer, filters: dict):
        availability = {code: str(label) for code, label in Availability.choices}
        rows = (
            self._queryset(viewer, filters)
            .annotate(nik_masked=masked_number("nik"))
            .values_list(*COLUMNS)
            .iterator(chunk_size=CHUNK_ROWS)
        )
        for row in rows:
            yield (*row[:7], availability.get(row[7], row[7]), row[8])


TAGANA_MEMBERS_EXPORT = TaganaMembersExport()
