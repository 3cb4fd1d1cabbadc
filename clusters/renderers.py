"""CSV with an HXL hashtag row under the header, for ``?format=csv`` on cluster status and the 3W list."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from rest_framework.renderers import BaseRenderer, JSONRenderer

from banten_dinsos.core.downloads import name_download
from banten_dinsos.core.exports import csv_safe_row


@dataclass(frozen=True)
class Column:
    header: str
    hxl: str
    key: str


@dataclass
class CSVTable:
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    filename: str = "export.csv"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


class HXLCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, CSVTable):
            # Errors keep their JSON body; the view switches renderer for them (see CSVExportMixin).
            return JSONRenderer().render(data, accepted_media_type, renderer_context)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([str(column.header) for column in data.columns])
        writer.writerow([column.hxl for column in data.columns])
        for row in data.rows:
            writer.writerow(csv_safe_row(_cell(row.get(column.key)) for column in data.columns))
        return buffer.getvalue().encode(self.charset)


class CSVExportMixin:
    """Error answers stay JSON ``{"message", "errors"}`` even when CSV was asked for."""

    def wants_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format == "csv"

    def handle_exception(self, exc):
        if self.wants_csv():
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def csv_response_headers(self, response, filename: str):
        name_download(response, filename)
        return response
