"""One name and one header for every file the portal hands out: ``<kind>-<subject>-<date>.<ext>``, e.g.
``laporan-situasi-banjir-tangerang-raya-2026-12-03.pdf`` or ``notulen-rapat-koordinasi-banjir-2026-01-26.pdf``.

The kind says what the paper is (in Indonesian, as the office files it), the subject which event or record, the
date (ISO, so files sort by day in a folder) which day it holds. ``Content-Disposition`` carries the name both as
plain ASCII and as RFC 6266 ``filename*`` (UTF-8), so every browser saves it under that name, never "unduh"."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.text import slugify

SUBJECT_LENGTH = 60


def download_filename(kind: str, subject: str | int | None, day: date | datetime | None, ext: str) -> str:
    """('laporan-situasi', 'Banjir Tangerang Raya', 3 Dec 2026, 'pdf')
    → 'laporan-situasi-banjir-tangerang-raya-2026-12-03.pdf'. ``day`` None is today (WIB); a datetime its WIB day."""
    if day is None:
        day = timezone.localdate()
    elif isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    parts = [slugify(kind)]
    subject_slug = slugify(str(subject)) if subject not in (None, "") else ""
    if subject_slug.startswith(parts[0] + "-"):
        subject_slug = subject_slug[len(parts[0]) + 1 :]  # "jitupasna" + "Jitupasna Banjir …" names the kind once
    if subject_slug:
        parts.append(subject_slug[:SUBJECT_LENGTH].rstrip("-"))
    parts.append(day.isoformat())
    return "-".join(part for part in parts if part) + "." + ext.lstrip(".").lower()


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The header value: ``attachment`` (or ``inline`` for a PDF opened in the browser) with the file name."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "berkas"
    ascii_name = ascii_name.replace("\\", "").replace('"', "")
    return f"{'inline' if inline else 'attachment'}; filename=\"{ascii_name}\"; filename*=UTF-8''{iri_to_uri(filename)}"


def name_download(response, filename: str, *, inline: bool = False):
    """Set the response's ``Content-Disposition`` to ``filename`` and return the response."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response
