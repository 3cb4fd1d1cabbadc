"""Report builders and situation-report sections, found through settings so apps plug in without this app
importing them (and without them importing this app).

``REPORT_BUILDERS``: dotted paths to builder objects. A builder is any object with::

    kind: str                      # "pmks_statistics"
    label: str                     # gettext_lazy("PMKS statistics per kabupaten/kota")
    formats: tuple[str, ...]       # ("xlsx",)
    view_perm: str                 # a Perm value; who may list and download such reports (with the scope rule)
    request_perm: str              # who may ask for one
    form_class                     # a django Form taking ``user=``; its cleaned_data are the parameters
    def clean_parameters(self, *, user, data: dict) -> dict      # JSON-able parameters; raise Http404 or
                                                                 # ValidationError for what the user may not ask
    def disaster_id(self, parameters: dict) -> int | None        # the disaster the report is about, if any
    def title(self, *, parameters: dict) -> str
    def build(self, *, report, viewer, progress) -> bytes        # the file; ``viewer`` is the user whose scope
                                                                 # the contents must respect; call
                                                                 # ``progress(percent, note)`` between steps
    # or, for files too large to hold in memory (the list exports of core.table_exports):
    def write(self, *, report, viewer, progress, path) -> ExportOutcome  # streams the file to ``path``; the
                                                                 # outcome names the exported records (audit)

``SITUATION_REPORT_SECTIONS``: dotted paths to extra sections of the situation report (volunteers deployed, open
action items ...). A section is a callable ``section(*, disaster, viewer) -> dict | None`` returning::

    {"title": str, "columns": [str, ...], "rows": [[str | int | float, ...], ...], "note": str (optional)}

already limited to what ``viewer`` may see; None (or no rows) leaves the section out. Each becomes a table in the
PDF and a sheet in the XLSX.
"""

from django.conf import settings
from django.http import Http404
from django.utils.module_loading import import_string

from banten_dinsos.core.table_exports import table_exports

DEFAULT_BUILDERS = ("banten_dinsos.reports.situation.SITUATION_REPORT",)
DEFAULT_SECTIONS = ()


def report_builders() -> dict:
    """The builders named in settings, then the large list exports the apps registered
    (``banten_dinsos.core.table_exports``), which write their file with ``write(..., path=)`` instead of ``build``."""
    paths = getattr(settings, "REPORT_BUILDERS", None) or DEFAULT_BUILDERS
    builders = {}
    for path in paths:
        builder = import_string(path)
        builders[builder.kind] = builder
    builders.update(table_exports())
    return builders


def report_builder(kind: str):
    builder = report_builders().get(kind)
    if builder is None:
        raise Http404
    return builder


def situation_sections() -> list:
    paths = getattr(settings, "SITUATION_REPORT_SECTIONS", None) or DEFAULT_SECTIONS
    return [import_string(path) for path in paths]
