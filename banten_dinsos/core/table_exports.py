"""Large exports (every PMKS client, evacuee, field report, TAGANA member, distribution line) as background jobs.

A ``TableExport`` is a report builder (see ``banten_dinsos.reports.registry``) whose ``write`` streams rows from a
server-side cursor (``QuerySet.values_list(...).iterator(chunk_size=...)``: tuples, never model instances) into a
CSV or a write-only XLSX on the worker's disk, cell by cell through the formula-safe helpers of
``banten_dinsos.core.exports``. Memory stays flat whatever the number of rows, and there is no row cap. The reports
app stores the file (``STORAGES["private"]``), checksums it, audits the export and announces it.

Apps register their exports in ``AppConfig.ready`` with ``register_table_export``, so the reports app lists them
without importing the apps (and the apps never import the reports app).
"""

import csv
import datetime
import decimal
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banten_dinsos.core.formatting import format_number

from .documents import document
from .exports import FORMULA_PREFIXES, is_formula_like, xlsx_row, xlsx_sheet_title

CHUNK_ROWS = 5000
# Up to this many exported records are named one by one in the audit (8 bytes each while exporting).
NAMED_RECORDS_MAX = 250_000
PROGRESS_EVERY = 20_000
_FORMULA_START = frozenset(prefix[0] for prefix in FORMULA_PREFIXES)
# Cells of these exact types go to the CSV writer as they are (it writes None as an empty cell, the others as str()
# does): what ``_csv_cell`` would return unchanged, decided without a call per cell.
_CSV_AS_IS = frozenset({int, float, bool, type(None), datetime.date})
# Ids taken off the rows are hashed and kept this many at a time.
_ID_BATCH = 5000

_REGISTRY: dict[str, "TableExport"] = {}


def register_table_export(export: "TableExport") -> None:
    """Make ``export`` one of the reports anyone with its permission may ask for (called from ``ready()``)."""
    _REGISTRY[export.kind] = export


def table_exports() -> dict[str, "TableExport"]:
    return dict(_REGISTRY)


@dataclass
class ExportOutcome:
    """What a written export holds, for the audit row: how many records of which model, and which."""

    model: str
    rows: int = 0
    first_id: int | None = None
    last_id: int | None = None
    ids_digest: str = ""
    # Every exported record's id, for the audit line's subjects (each person's data-subject report lists the
    # export); None when there were more than NAMED_RECORDS_MAX (the line then keeps count, range and digest).
    record_ids: object = None
    extra: dict = field(default_factory=dict)


def _csv_cell(value):
    # Inlined ``csv_safe`` for the hot loop: only text starting like a formula is looked at twice.
    if value.__class__ is str:
        if value and value[0] in _FORMULA_START and is_formula_like(value):
            return "'" + value
        return value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return value


def _xlsx_cell(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones: WIB wall time
    return value


@document("table-export-xlsx", format="xlsx")
def write_table(path: str, *, fmt: str, header: list[str], rows, sheet_title: str = "Data", progress=None) -> int:
    """Stream ``rows`` (iterables of cell values) into a CSV (UTF-8 with BOM, for Excel in Indonesia) or a
    write-only XLSX at ``path``; every text cell is formula-safe. ``progress(rows_written)`` is called every
    ``PROGRESS_EVERY`` rows. Returns the number of rows written (the header not counted)."""
    count = 0
    if fmt == "csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([_csv_cell(str(title)) for title in header])
            as_is, start, cell = _CSV_AS_IS, _FORMULA_START, _csv_cell
            for row in rows:
                # ``_csv_cell`` only for what it changes: text starting like a formula, date-times, decimals.
                writer.writerow(
                    [
                        value
                        if value.__class__ in as_is or (value.__class__ is str and (not value or value[0] not in start))
                        else cell(value)
                        for value in row
                    ]
                )
                count += 1
                if progress is not None and count % PROGRESS_EVERY == 0:
                    progress(count)
        return count
    if fmt != "xlsx":
        raise ValueError(fmt)
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(xlsx_sheet_title(sheet_title))
    sheet.append([str(title) for title in header])
    for row in rows:
        sheet.append(xlsx_row(sheet, [_xlsx_cell(value) for value in row]))
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    workbook.save(path)
    return count


class TableExportForm(forms.Form):
    """The formats of an export, then the filters of the list it exports (its FilterSet's own fields, limited to
    the user's choices), so the export holds exactly what the filtered list shows."""

    formats = forms.MultipleChoiceField(
        label=gettext_lazy("Formats"),
        choices=[("csv", "CSV"), ("xlsx", gettext_lazy("Excel (XLSX)"))],
        initial=["csv"],
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("CSV is several times faster to build and to open for very large lists."),
    )
    filterset_class = None

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.filterset_class is not None:
            for name, field in self.filterset_class(None, user=user).form.fields.items():
                self.fields[name] = field


def filter_form(filterset_class) -> type[TableExportForm]:
    """The export form of a list filtered by ``filterset_class``."""
    return type(f"{filterset_class.__name__}ExportForm", (TableExportForm,), {"filterset_class": filterset_class})


def masked_number(field: str):
    """``core.nik.mask_number`` in SQL (the first and last four digits of a 16-digit number, stars otherwise), so
    whole identity numbers never leave the database in an export."""
    from django.db.models import Case, CharField, Value, When
    from django.db.models.functions import Concat, Left, Length, Repeat, Right

    from .nik import MASK

    return Case(
        When(**{f"{field}__regex": r"^.{16}$"}, then=Concat(Left(field, 4), Value(MASK), Right(field, 4))),
        default=Repeat(Value("*"), Length(field)),
        output_field=CharField(),
    )


def _plain(value):
    """A cleaned filter value as it travels in a query string (model choices by key, dates in ISO)."""
    if hasattr(value, "_meta"):
        return str(value.pk)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class TableExport:
    """A report builder that streams a list into CSV or XLSX. Subclasses set the attributes and implement
    ``clean_filters``, ``header`` and ``rows``."""

    kind = ""
    label = ""
    formats = ("csv", "xlsx")
    view_perm = ""
    request_perm = ""
    form_class = TableExportForm  # or filter_form(<the list's FilterSet>)
    model = ""  # app_label.model of the exported records (the audit row)
    sheet_title = gettext_lazy("Data")

    # --- the report builder protocol (banten_dinsos.reports.registry) -------------------------------------------
    def clean_parameters(self, *, user, data: dict) -> dict:
        return {"filters": self.clean_filters(user=user, data=data)}

    def disaster_id(self, parameters: dict) -> int | None:
        return None

    def title(self, *, parameters: dict) -> str:
        filters = parameters.get("filters") or {}
        chosen = ", ".join(f"{key}={value}" for key, value in sorted(filters.items()) if value)
        return f"{self.label}" + (f" ({chosen})" if chosen else "")

    def build(self, *, report, viewer, progress) -> bytes:
        raise NotImplementedError(_("This report is written to a file; see write()."))

    def write(self, *, report, viewer, progress, path: str) -> ExportOutcome:
        """Write the export of ``report`` as ``viewer`` sees it to ``path``; progress as rows go by."""
        filters = (report.parameters or {}).get("filters") or {}
        total = self.count(viewer=viewer, filters=filters)
        outcome = ExportOutcome(model=self.model)
        progress(2, _("%(rows)s rows to write") % {"rows": format_number(total)})

        def on_rows(done: int) -> None:
            share = min(97, 2 + int(95 * done / total)) if total else 50
            progress(
                share,
                _("%(done)s of %(rows)s rows written") % {"done": format_number(done), "rows": format_number(total)},
            )

        tracker = _IdTracker()
        rows = tracker.follow(self.rows(viewer=viewer, filters=filters))
        outcome.rows = write_table(
            path,
            fmt=report.format,
            header=self.header(),
            rows=rows,
            sheet_title=self.sheet_title,
            progress=on_rows,
        )
        outcome.first_id, outcome.last_id, outcome.ids_digest = tracker.first, tracker.last, tracker.digest()
        outcome.record_ids = tracker.ids
        return outcome

    # --- what subclasses provide -----------------------------------------------------------------------------
    filterset_class = None

    def clean_filters(self, *, user, data: dict) -> dict:
        """The chosen filters as query data, checked again by the list's FilterSet for this user (a kab/kota
        outside their scope is "not a choice", as on the list page)."""
        if self.filterset_class is None:
            return {}
        chosen = {
            name: _plain(value)
            for name, value in data.items()
            if name in self.filterset_class.base_filters and value not in (None, "", [])
        }
        filterset = self.filterset_class(chosen, user=user)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors.as_data())
        return chosen

    def header(self) -> list[str]:
        raise NotImplementedError

    def count(self, *, viewer, filters: dict) -> int:
        """How many rows the export will have (for the progress bar); one COUNT on the same queryset."""
        return 0

    def rows(self, *, viewer, filters: dict):
        """Rows as tuples whose FIRST value is the record's id (used for the audit, not written)."""
        raise NotImplementedError


class _IdTracker:
    """Strips the record id off each row and keeps the first, the last and a digest of all of them, so the
    export's audit row names exactly the records that left the portal without listing millions of ids."""

    def __init__(self):
        import hashlib
        from array import array

        self.first = None
        self.last = None
        self._hash = hashlib.sha256()
        self.ids = array("q")  # compact: 8 bytes an id

    def follow(self, rows):
        batch: list[int] = []
        keep = batch.append
        for row in rows:
            keep(row[0])
            if len(batch) == _ID_BATCH:
                self._take(batch)
            yield row[1:]
        self._take(batch)

    def _take(self, batch: list[int]) -> None:
        """Fold a batch of ids into first, last, the digest (the same bytes as "id," per row) and the kept ids."""
        if not batch:
            return
        if self.first is None:
            self.first = batch[0]
        self.last = batch[-1]
        self._hash.update(("".join(f"{record_id}," for record_id in batch)).encode())
        if self.ids is not None:
            self.ids.extend(batch)
            if len(self.ids) > NAMED_RECORDS_MAX:
                self.ids = None
        batch.clear()

    def digest(self) -> str:
        return self._hash.hexdigest()
