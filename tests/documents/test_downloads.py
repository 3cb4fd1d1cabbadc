"""Every download is named ``<kind>-<subject>-<date>.<ext>`` through one helper, never "unduh" or "download.xlsx"."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.http import HttpResponse

from banten_dinsos.core.downloads import download_filename, name_download


def test_a_download_is_named_by_kind_subject_and_day():
    name = download_filename("laporan-situasi", "Banjir Tangerang Raya: Desember", date(2026, 12, 3), "PDF")
    assert name == "laporan-situasi-banjir-tangerang-raya-desember-2026-12-03.pdf"


def test_a_moment_counts_by_its_day_in_wib_and_the_kind_is_named_once():
    late_evening_utc = datetime(2026, 12, 3, 20, 30, tzinfo=ZoneInfo("UTC"))  # 03.30 WIB on 4 December
    assert download_filename("jitupasna", "Jitupasna Banjir", late_evening_utc, "xlsx") == (
        "jitupasna-banjir-2026-12-04.xlsx"
    )
    assert download_filename("statistik-pmks", None, date(2026, 1, 5), "xlsx") == "statistik-pmks-2026-01-05.xlsx"


def test_the_header_carries_the_name_for_every_browser():
    response = name_download(HttpResponse(b"x"), "surat-jalan-sj-2026-0042-2026-12-03.pdf", inline=True)
    header = response["Content-Disposition"]
    assert header.startswith('inline; filename="surat-jalan-sj-2026-0042-2026-12-03.pdf"')
    assert "filename*=UTF-8''surat-jalan-sj-2026-0042-2026-12-03.pdf" in header
