"""BMKG early warnings: recorded when they touch Banten, announced to the people of the areas they name."""

import logging
import urllib.request
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.core.outbound import outbound_opener, outbound_url_check
from banten_dinsos.regions.models import Region

from ..bmkg import CapError, banten_area, feed_links, parse_cap
from ..bmkg_places import kabkota_under
from ..models import AlertKind, ExternalWarning, IgnoredWarning, Severity
from .alerts import alert_emit
from .warning_places import warning_places

logger = logging.getLogger(__name__)
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


def fetch_url(url: str) -> bytes:
    """GET over http(s) with a timeout and a size limit (the default ``fetch`` of the ingest)."""
    # BMKG's hosts only, and never an internal address (the feed decides which links are read).
    limits = {"allowed_hosts": settings.BMKG_ALLOWED_HOSTS, "allow_internal": settings.BMKG_ALLOW_INTERNAL_ADDRESSES}
    outbound_url_check(url, **limits)
    request = urllib.request.Request(url, headers={"User-Agent": "DinsosBanten-CAP/1.0"})
    opener = outbound_opener(**limits)
    with opener.open(request, timeout=float(getattr(settings, "BMKG_TIMEOUT", 15))) as response:
        document = response.read(MAX_DOCUMENT_BYTES + 1)
    if len(document) > MAX_DOCUMENT_BYTES:
        raise ValueError("document too large")
    return document


def _severity(value: str) -> str:
    return value if value in Severity.values else Severity.UNKNOWN


def _record(*, document: bytes, source_url: str) -> ExternalWarning | None:
    """One CAP message: recorded (and announced) when it is an actual warning touching Banten; else None."""
    parsed = parse_cap(document)
    if parsed.status != "Actual":
        return None
    info = parsed.preferred_info()
    if info is None:
        return None
    touches, codes, descriptions = banten_area(info)
    if not touches:
        return None
    places, polygons = warning_places(info)
    codes = _target_kabkota(codes, places=places, polygons=polygons)
    with transaction.atomic():
        warning, created = ExternalWarning.objects.get_or_create(
            sender=parsed.sender,
            identifier=parsed.identifier,
            defaults={
                "sent": parsed.sent,
                "status": parsed.status,
                "msg_type": parsed.msg_type,
                "event": info.event[:200],
                "headline": info.headline[:300],
                "description": info.description,
                "instruction": info.instruction,
                "category": info.category[:20],
                "urgency": info.urgency[:20],
                "severity": info.severity[:20],
                "certainty": info.certainty[:20],
                "effective": info.effective,
                "expires": info.expires,
                "area_desc": "; ".join(descriptions),
                "kabkota_codes": codes,
                "kecamatan_codes": places.kecamatan_codes,
                "unmatched_places": places.unmatched,
                "ambiguous_places": places.ambiguous,
                "polygons": polygons,
                "source_url": source_url[:500],
                "raw_xml": document.decode("utf-8", errors="replace"),
            },
        )
        if created and not warning.is_expired and warning.msg_type != "Cancel":
            # "Banten" without a kabupaten/kota concerns every kabupaten/kota.
            audience = codes or list(Region.objects.kabkota().values_list("code", flat=True))
            alert_emit(
                kind=AlertKind.BMKG_WARNING,
                title=_("BMKG: %(headline)s") % {"headline": warning.headline or warning.event},
                body="\n\n".join(
                    part for part in (warning.area_desc, warning.description, warning.instruction) if part
                ),
                severity=_severity(warning.severity),
                kabkota_codes=audience,
                dedupe_key=f"bmkg:{warning.sender}:{warning.identifier}"[:200],
                payload={"warning_id": warning.pk, "identifier": warning.identifier},
                url=reverse("notifications:warning-detail", args=[warning.pk]),
            )
    return warning if created else None


def _target_kabkota(codes: list[str], *, places, polygons) -> list[str]:
    """The kabupaten/kota a warning is for: those its area names, plus those of the kecamatan its description lists.

    Only when neither names one do the polygons decide (the kabupaten/kota whose extent they touch); a warning
    that still names none concerns all of Banten.
    """
    targeted = set(codes) | set(places.kabkota_codes)
    if not targeted and polygons:
        targeted = kabkota_under([[tuple(point) for point in ring] for ring in polygons])
    return sorted(targeted)


def _remember_elsewhere(*, document: bytes, source_url: str) -> None:
    """A message that is not (or no longer) a warning for Banten: keep its address so it is not fetched again."""
    try:
        parsed = parse_cap(document)
        identifier, sender = parsed.identifier[:200], parsed.sender[:200]
    except (CapError, ValueError, SyntaxError):
        identifier, sender = "", ""
    IgnoredWarning.objects.get_or_create(
        source_url=source_url[:500], defaults={"identifier": identifier, "sender": sender}
    )


def warnings_ingest(*, url: str, fetch=fetch_url) -> dict:
    """Read the CAP feed at ``url`` and record new warnings touching Banten. Safe to run any number of times."""
    summary = {"new": 0, "skipped": 0, "errors": 0}
    if not url:
        return summary
    document = fetch(url)
    links = feed_links(document)
    if links is None:
        summary["new"] += int(_record(document=document, source_url=url) is not None)
        return summary
    links = [urljoin(url, link) for link in links]
    known = set(ExternalWarning.objects.filter(source_url__in=links).values_list("source_url", flat=True))
    known |= set(IgnoredWarning.objects.filter(source_url__in=links).values_list("source_url", flat=True))
    for link in links:
        if link in known:
            summary["skipped"] += 1
            continue
        try:
            document = fetch(link)
            recorded = _record(document=document, source_url=link)
            summary["new"] += int(recorded is not None)
            if recorded is None and not ExternalWarning.objects.filter(source_url=link).exists():
                _remember_elsewhere(document=document, source_url=link)
        except (CapError, ValueError, OSError, SyntaxError) as exc:
            # One bad message must not stop the others; the next run tries it again.
            summary["errors"] += 1
            logger.warning("BMKG CAP message %s not read: %s", link, exc.__class__.__name__)
    return summary


@transaction.atomic
def warning_link_disaster(*, user, warning: ExternalWarning, disaster_id: int) -> ExternalWarning:
    """Note that ``user`` declared disaster ``disaster_id`` from this warning (called by the clusters app)."""
    require_perm(user, Perm.DISASTER_MANAGE)
    current = ExternalWarning.objects.select_for_update().get(pk=warning.pk)
    if current.disaster_id and current.disaster_id != disaster_id:
        raise ValidationError({"warning": [_("A disaster event was already declared from this warning.")]})
    current.disaster_id, current.converted_by, current.converted_at = disaster_id, user, timezone.now()
    current.save(update_fields=["disaster_id", "converted_by", "converted_at"])
    return current
