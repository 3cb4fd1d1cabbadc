"""The PMKS client list as a background export (CSV or XLSX), however many clients: no row cap.

Rows come from a server-side cursor as tuples; NIK and No. KK are masked by the database (they never reach Python
unmasked), the PMKS types are one correlated sub-select per client on the (client, type) index, and the status and
source labels are looked up once per export, not translated per row.
"""

from django.db import connection
from django.db.models import CharField
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banten_dinsos.accounts.roles import Perm
from banten_dinsos.core.table_exports import CHUNK_ROWS, TableExport, filter_form, masked_number

from .filters import ClientFilter
from .models import Client, ClientPmksType, ClientStatus, DataSource
from .selectors import client_list

COLUMNS = (
    "pk",
    "nik_masked",
    "no_kk_masked",
    "name",
    "sex",
    "birth_date",
    "desa_id",
    "kabkota_id",
    "type_numbers",
    "status",
    "source",
    "last_verified_on",
)


def type_numbers() -> RawSQL:
    """A client's PMKS type numbers, comma-separated in order (one index look-up per client)."""
    client, link = Client._meta.db_table, ClientPmksType._meta.db_table
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT string_agg(l.pmks_type_id::text, ',' ORDER BY l.pmks_type_id) FROM {link} l "
            f'WHERE l.client_id = "{client}"."id"'
        )
    else:
        sql = (
            f"SELECT group_concat(pmks_type_id, ',') FROM (SELECT l.pmks_type_id FROM {link} l "
            f'WHERE l.client_id = "{client}"."id" ORDER BY 1)'
        )
    return RawSQL(sql, (), output_field=CharField())


def client_export_rows(*, user, filters: dict):
    """The clients of the filtered list as tuples in ``COLUMNS`` order, newest first, from a server-side cursor."""
    queryset = client_list(user=user, filters=filters).select_related(None).prefetch_related(None)
    statuses, sources = dict(ClientStatus.choices), dict(DataSource.choices)
    statuses = {code: str(label) for code, label in statuses.items()}
    sources = {code: str(label) for code, label in sources.items()}
    rows = (
        queryset.annotate(
            nik_masked=masked_number("nik"), no_kk_masked=masked_number("no_kk"), type_numbers=type_numbers()
        )
        .values_list(*COLUMNS)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    for pk, nik, no_kk, name, sex, born, desa, kab, types, status, source, verified in rows:
        yield pk, nik, no_kk, name, sex, born, desa, kab, types or "", statuses[status], sources[source], verified


class PmksClientsExport(TableExport):
    """Every PMKS client of the filtered list (NIK and No. KK masked)."""

    kind = "pmks_clients"
    label = gettext_lazy("PMKS clients (list export)")
    view_perm = Perm.PMKS_VIEW
    request_perm = Perm.PMKS_EXPORT
    filterset_class = ClientFilter
    form_class = filter_form(ClientFilter)
    model = "pmks_registry.client"
    sheet_title = gettext_lazy("PMKS clients")

    def header(self) -> list[str]:
        return [
            _("NIK"),
            _("No. KK"),
            _("Name"),
            _("Sex"),
            _("Birth date"),
            _("Desa/kelurahan code"),
            _("Kabupaten/kota code"),
            _("PMKS types"),
            _("Status"),
            _("Data source"),
            _("Last verified on"),
        ]

    def count(self, *, viewer, filters: dict) -> int:
        return client_list(user=viewer, filters=filters).select_related(None).prefetch_related(None).order_by().count()

    def rows(self, *, viewer, filters: dict):
        return client_export_rows(user=viewer, filters=filters)


PMKS_CLIENTS_EXPORT = PmksClientsExport()
