"""Checks shared by the Jitupasna services: a final assessment is frozen, and who may change what."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from banten_dinsos.regions.models import Region, RegionLevel

from ..models import Assessment
from ..selectors import can_manage


def lock_assessment(assessment: Assessment) -> Assessment:
    """Re-read the assessment under a row lock, so an entry cannot slip in while it is being finalised."""
    return Assessment.objects.select_for_update(of=("self",)).select_related("disaster").get(pk=assessment.pk)


def require_not_final(assessment: Assessment) -> None:
    if assessment.is_final:
        raise ValidationError(
            _("The Jitupasna “%(title)s” is final: its figures can no longer be changed.") % {"title": assessment.title}
        )


def require_manage(*, user, assessment: Assessment | None = None) -> None:
    if not can_manage(user=user, assessment=assessment):
        raise PermissionDenied(_("Only BPBD and provincial staff may do this."))


def area_errors(*, assessment: Assessment, kabkota: Region | None, kecamatan: Region | None) -> dict[str, str]:
    """The kabupaten/kota must be one the disaster affects, and the kecamatan must lie in it."""
    errors = {}
    if kabkota is None:
        return {"kabkota": _("Choose the kabupaten/kota.")}
    if kabkota.level != RegionLevel.KABKOTA:
        return {"kabkota": _("%(region)s is not a kabupaten/kota.") % {"region": kabkota.name}}
    affected = list(assessment.disaster.affected_kabkota.order_by("code"))
    if kabkota.code not in {region.code for region in affected}:
        errors["kabkota"] = _("%(kabkota)s is not affected by “%(disaster)s” (affected: %(affected)s).") % {
            "kabkota": kabkota.name,
            "disaster": assessment.disaster.title,
            "affected": ", ".join(region.name for region in affected),
        }
    if kecamatan is not None:
        if kecamatan.level != RegionLevel.KECAMATAN:
            errors["kecamatan"] = _("%(region)s is not a kecamatan.") % {"region": kecamatan.name}
        elif kecamatan.kabkota_code != kabkota.code:
            errors["kecamatan"] = _("Kecamatan %(kecamatan)s does not lie in %(kabkota)s.") % {
                "kecamatan": kecamatan.name,
                "kabkota": kabkota.name,
            }
    return errors


def raise_if(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
