"""Aiming BMKG warnings at kecamatan: the name index, the aliases staff keep, and mapping a name by hand."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.regions.models import Region, RegionLevel

from ..bmkg import CapInfo
from ..bmkg_places import PlaceMatch, match_places, normalise, place_names
from ..models import AlertKind, ExternalWarning, KecamatanAlias, Severity
from .alerts import alert_emit

# BMKG's spellings the issue found (Kemendagri 2025 writes "Pulo Ampel", "Gerogol", "Curugbitung",
# "Lebakgedong"). Normalisation already joins spaces; the rows are there so staff see them and can edit them.
SEED_ALIASES = [
    ("Puloampel", "36.04.08"),
    ("Grogol", "36.72.06"),
    ("Curug Bitung", "36.02.23"),
    ("Lebak Gedong", "36.02.25"),
]


@transaction.atomic
def kecamatan_aliases_load_reference(**_ignored) -> dict:
    """The aliases of SEED_ALIASES, added when missing (an alias staff removed or changed is not brought back)."""
    created = 0
    known = set(Region.objects.filter(level=RegionLevel.KECAMATAN).values_list("code", flat=True))
    for name, code in SEED_ALIASES:
        if code in known and not KecamatanAlias.objects.filter(kecamatan_id=code).exists():
            KecamatanAlias(name=name, kecamatan_id=code).save()
            created += 1
    return {"created": created, "total": KecamatanAlias.objects.count()}


def kecamatan_name_index() -> dict[str, list[str]]:
    """{normalised name: [kecamatan codes]} from the Banten kecamatan and the aliases (two queries)."""
    index: dict[str, list[str]] = {}
    for code, name in Region.objects.filter(level=RegionLevel.KECAMATAN).values_list("code", "name"):
        index.setdefault(normalise(name), []).append(code)
    for key, code in KecamatanAlias.objects.values_list("normalised", "kecamatan_id"):
        if code not in index.setdefault(key, []):
            index[key].append(code)
    return index


def warning_places(info: CapInfo) -> tuple[PlaceMatch, list[list[list[float]]]]:
    """The kecamatan an <info> names in its description, and its polygons as [[lat, lon], ...] rings."""
    polygons = [polygon for area in info.areas for polygon in area.polygons]
    match = match_places(place_names(info.description), index=kecamatan_name_index(), polygons=polygons)
    return match, [[[lat, lon] for lat, lon in polygon] for polygon in polygons]


@transaction.atomic
def warning_place_map(*, user, warning: ExternalWarning, name: str, kecamatan: Region) -> KecamatanAlias:
    """Staff say which kecamatan an unmatched name is: remembered as an alias, and this warning now includes it."""
    require_perm(user, Perm.NOTIFICATION_MANAGE)
    current = ExternalWarning.objects.select_for_update().get(pk=warning.pk)
    if name not in current.unmatched_places:
        raise ValidationError({"name": [_("This name is not among the warning's unmatched names.")]})
    if kecamatan.level != RegionLevel.KECAMATAN:
        raise ValidationError({"kecamatan": [_("Choose a kecamatan.")]})
    alias = KecamatanAlias.objects.filter(normalised=normalise(name), kecamatan=kecamatan).first()
    if alias is None:
        alias = KecamatanAlias(name=name, kecamatan=kecamatan, created_by=user)
        alias.full_clean(exclude=["normalised"])
        alias.save()
        audit_record(actor=user, action=AuditAction.CREATE, instance=alias, kabkota_code=kecamatan.kabkota_code)
    newly_warned = bool(current.kabkota_codes) and kecamatan.kabkota_code not in current.kabkota_codes
    current.unmatched_places = [place for place in current.unmatched_places if place != name]
    current.kecamatan_codes = sorted(set(current.kecamatan_codes) | {kecamatan.code})
    current.kabkota_codes = sorted(set(current.kabkota_codes) | {kecamatan.kabkota_code})
    current.save(update_fields=["unmatched_places", "kecamatan_codes", "kabkota_codes"])
    if newly_warned and not current.is_expired and current.msg_type != "Cancel":
        # The people of a kabupaten/kota the warning now reaches have not been told yet.
        alert_emit(
            kind=AlertKind.BMKG_WARNING,
            title=_("BMKG: %(headline)s") % {"headline": current.headline or current.event},
            body="\n\n".join(part for part in (current.description, current.instruction) if part),
            severity=current.severity if current.severity in Severity.values else Severity.UNKNOWN,
            kabkota_codes=[kecamatan.kabkota_code],
            dedupe_key=f"bmkg:{current.sender}:{current.identifier}:{kecamatan.kabkota_code}"[:200],
            payload={"warning_id": current.pk, "identifier": current.identifier},
            url=reverse("notifications:warning-detail", args=[current.pk]),
            actor=user,
        )
    return alias
