"""Pre-fill damage entries from the verified field reports: houses by damage class, and the damaged schools,
places of worship, health facilities, offices, public facilities and bridges, per kabupaten/kota.

The counts are those of the cluster-status read model (``clusters.cluster_status``): the latest verified report
of each area, with a kecamatan recap and its desa reports never counted twice. Pre-filled entries are marked as
such and stay editable; a later pre-fill updates only those nobody has changed since."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.formatting import format_number
from clusters.cluster_status import counted_reports, latest_verified_reports
from clusters.models import DamageClass, FacilityKind, FieldReport

from ..models import Assessment, DamageEntry, EntrySource, SubSector
from .common import lock_assessment, require_manage, require_not_final

HOUSES = "houses"
HOUSE_FIELDS = {
    DamageClass.HEAVY: "houses_heavily_damaged",
    DamageClass.MODERATE: "houses_moderately_damaged",
    DamageClass.LIGHT: "houses_lightly_damaged",
}
# What a field report counts -> (sub-sector code, asset written on the entry).
PREFILL_TARGETS = {
    HOUSES: ("perumahan", gettext_lazy("Houses")),
    FacilityKind.SCHOOL: ("pendidikan", gettext_lazy("School buildings")),
    FacilityKind.WORSHIP: ("keagamaan", gettext_lazy("Places of worship")),
    FacilityKind.HEALTH: ("kesehatan", gettext_lazy("Health facilities")),
    FacilityKind.OFFICE: ("pemerintahan", gettext_lazy("Government offices")),
    FacilityKind.PUBLIC: ("prasarana-lingkungan", gettext_lazy("Public facilities")),
    FacilityKind.BRIDGE: ("transportasi", gettext_lazy("Bridges")),
}


@dataclass
class PrefillResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # entries changed by people since, left alone
    reports: int = 0

    @property
    def message(self) -> str:
        text = _(
            "Pre-filled from %(reports)s verified field reports: %(created)s entries added, %(updated)s updated, "
            "%(unchanged)s unchanged."
        ) % {
            "reports": format_number(self.reports),
            "created": format_number(self.created),
            "updated": format_number(self.updated),
            "unchanged": format_number(self.unchanged),
        }
        if self.kept:
            text += " " + _("Left alone because they were changed by hand: %(entries)s.") % {
                "entries": "; ".join(self.kept)
            }
        return text


def _count(value) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def verified_damage_counts(*, assessment: Assessment) -> tuple[dict, dict, int]:
    """{(source, kabkota): {class: units}}, {kabkota: (report ids, latest observation)} and the number of reports."""
    codes = list(assessment.disaster.affected_kabkota.values_list("code", flat=True))
    reports = counted_reports(
        latest_verified_reports(FieldReport.objects.filter(disaster=assessment.disaster, kabkota__in=codes))
    )
    facilities = dict(
        FieldReport.objects.filter(pk__in=[row["id"] for row in reports]).values_list("id", "facilities_damaged")
    )
    counts = defaultdict(lambda: dict.fromkeys(DamageClass.values, 0))
    sources = defaultdict(lambda: ([], None))
    for row in reports:
        kabkota = row["kabkota_id"]
        for damage_class, name in HOUSE_FIELDS.items():
            # A house count not reported (None) adds no damaged units to the prefill.
            counts[(HOUSES, kabkota)][damage_class] += row[name] or 0
        for kind, by_class in (facilities.get(row["id"]) or {}).items():
            if kind in PREFILL_TARGETS and isinstance(by_class, dict):
                for damage_class in DamageClass.values:
                    counts[(kind, kabkota)][damage_class] += _count(by_class.get(damage_class))
        ids, latest = sources[kabkota]
        ids.append(row["id"])
        sources[kabkota] = (ids, max(latest, row["observed_at"]) if latest else row["observed_at"])
    counts = {key: value for key, value in counts.items() if any(value.values())}
    return counts, dict(sources), len(reports)


def _note(ids: list[int], latest) -> str:
    return _("Verified field reports %(ids)s; latest observation %(date)s.") % {
        "ids": ", ".join(f"#{pk}" for pk in sorted(ids)),
        "date": formats.date_format(timezone.localtime(latest), "j F Y H.i") + " WIB",
    }


@transaction.atomic
def assessment_prefill(*, user, assessment: Assessment) -> PrefillResult:
    """Create or refresh the pre-filled damage entries; entries changed by hand since are left alone. Safe to run
    any number of times: unchanged counts change nothing."""
    require_manage(user=user, assessment=assessment)
    current = lock_assessment(assessment)
    require_not_final(current)
    counts, sources, report_count = verified_damage_counts(assessment=current)
    sub_sectors = {sub_sector.code: sub_sector for sub_sector in SubSector.objects.filter(is_active=True)}
    result = PrefillResult(reports=report_count)
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        for (kind, kabkota), units in sorted(counts.items()):
            code, asset = PREFILL_TARGETS[kind]
            sub_sector = sub_sectors.get(code)
            if sub_sector is None:
                continue
            asset = str(asset)
            prefill_units = {name: units[damage_class] for damage_class, name in _unit_fields().items()}
            note = _note(*sources[kabkota])
            entry = DamageEntry.objects.filter(
                assessment=current, sub_sector=sub_sector, kabkota_id=kabkota, kecamatan__isnull=True, asset_kind=asset
            ).first()
            if entry is None:
                entry = DamageEntry(
                    assessment=current,
                    sub_sector=sub_sector,
                    kabkota_id=kabkota,
                    asset_kind=asset,
                    unit_label="unit",
                    source=EntrySource.PREFILL,
                    created_by=user,
                )
                action = AuditAction.CREATE
                result.created += 1
            elif (
                entry.source != EntrySource.PREFILL
                or entry.edited_since_prefill
                or (entry.total_stock is not None and sum(units.values()) > entry.total_stock)
            ):
                # Changed by hand, or the reports now count more than the stock someone entered: theirs to correct.
                result.kept.append(f"{entry.asset_kind} ({entry.kabkota.name})")
                continue
            elif entry.prefill_units == prefill_units and all(
                getattr(entry, name) == Decimal(value) for name, value in prefill_units.items()
            ):
                result.unchanged += 1
                continue
            else:
                action = AuditAction.CHANGE
                result.updated += 1
            for name, value in prefill_units.items():
                setattr(entry, name, Decimal(value))
            entry.prefill_units = prefill_units
            entry.prefill_note = note[:500]
            entry.prefilled_at = now
            entry.edited_since_prefill = False
            entry.updated_by = user
            entry.full_clean()
            entry.save()
            audit_record(
                actor=user,
                action=action,
                instance=entry,
                kabkota_code=kabkota,
                note="prefill",
            )
    return result


def _unit_fields() -> dict[str, str]:
    return {
        DamageClass.HEAVY: "units_heavy",
        DamageClass.MODERATE: "units_moderate",
        DamageClass.LIGHT: "units_light",
    }
