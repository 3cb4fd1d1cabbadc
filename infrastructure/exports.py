"""HXL-tagged CSV of access and basic services, streamed row by row (iterator, no whole-table list in memory)."""

from django.http import StreamingHttpResponse
from django.utils import timezone

from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.downloads import download_filename, name_download
from banten_dinsos.core.exports import csv_writer

from .models import AccessStatus
from .selectors import access_status_list, area_access_list

# (header, HXL hashtag, how to read the value from an AccessStatus)
COLUMNS = [
    ("kode_kabkota", "#adm2+code", lambda s: s.kabkota_id),
    ("kabkota", "#adm2+name", lambda s: s.kabkota.name),
    ("kode_kecamatan", "#adm3+code", lambda s: s.area_id[:8]),
    ("kode_desa", "#adm4+code", lambda s: s.area_id if len(s.area_id) > 8 else ""),
    ("wilayah", "#loc+name", lambda s: s.area.name),
    ("akses_jalan", "#status+access", lambda s: s.road_access),
    ("jembatan", "#status+bridges", lambda s: s.bridges),
    ("listrik", "#status+electricity", lambda s: s.electricity),
    ("air_bersih", "#status+water", lambda s: s.clean_water),
    ("telekomunikasi", "#status+telecom", lambda s: s.telecom),
    ("waktu_pengamatan", "#date", lambda s: timezone.localtime(s.observed_at).isoformat(timespec="minutes")),
    (
        "perkiraan_pulih",
        "#date+restoration",
        lambda s: s.expected_restoration.isoformat() if s.expected_restoration else "",
    ),
    ("sumber", "#meta+source", lambda s: s.source),
]
CURRENT_COLUMNS = [
    (
        "terputus_sejak",
        "#date+cut_off",
        lambda a: timezone.localtime(a.cut_off_since).isoformat(timespec="minutes") if a.cut_off_since else "",
    ),
]


class _Echo:
    def write(self, value):
        return value


def _rows(*, user, filters: dict, history: bool):
    writer = csv_writer(_Echo(), lineterminator="\n")  # neutralises formula-like cells
    extra = [] if history else CURRENT_COLUMNS
    yield writer.writerow([header for header, _tag, _read in COLUMNS + extra])
    yield writer.writerow([tag for _header, tag, _read in COLUMNS + extra])
    if history:
        for status in access_status_list(user=user, filters=filters).iterator(chunk_size=500):
            yield writer.writerow([read(status) for _h, _t, read in COLUMNS])
        return
    for current in area_access_list(user=user, filters=filters).iterator(chunk_size=500):
        status: AccessStatus = current.latest
        status.area, status.kabkota = current.area, current.kabkota
        yield writer.writerow([read(status) for _h, _t, read in COLUMNS] + [read(current) for _h, _t, read in extra])


def access_hxl_response(*, user, filters: dict, history: bool) -> StreamingHttpResponse:
    """Check the permission first (so a refusal is a 403, not a broken stream), log the export, then stream."""
    access_status_list(user=user)
    audit_record(actor=user, action=AuditAction.EXPORT, model="infrastructure.accessstatus", note="hxl csv")
    response = StreamingHttpResponse(_rows(user=user, filters=filters, history=history), content_type="text/csv")
    name = "akses-riwayat" if history else "akses-terkini"
    name_download(response, download_filename(name, None, None, "csv"))
    return response
