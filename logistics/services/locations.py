"""Warehouses, KSB stores, shelters, desa and donors as places of the ledger."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.regions.models import Region, RegionLevel, kabkota_code_of

from ..models import VIRTUAL_KINDS, Location, LocationKind
from .common import LOGISTICS_CLUSTERS


@transaction.atomic
def location_create(*, user, name: str, kind: str, region: Region, code: str = "", ksb_unit=None, **fields) -> Location:
    """Register a place. Officers register places of their own kabupaten/kota; provincial places need staf.

    A KSB store (lumbung) names its KSB unit (``ksb_unit``), and lies in the unit's desa.
    """
    require_perm(user, Perm.LOCATION_MANAGE)
    errors = {}
    if kind in VIRTUAL_KINDS:
        errors["kind"] = [_("The system keeps this kind of place itself.")]
    kabkota = kabkota_code_of(region.code)
    if kind == LocationKind.GUDANG_PROVINSI and kabkota is not None:
        errors["region"] = [_("A provincial warehouse belongs to the province: choose Provinsi Banten.")]
    elif kind in (LocationKind.GUDANG_KABKOTA, LocationKind.POSKO) and region.level not in (
        RegionLevel.KABKOTA,
        RegionLevel.KECAMATAN,
        RegionLevel.DESA,
    ):
        errors["region"] = [_("Choose the kabupaten/kota, kecamatan or desa where it is.")]
    elif kind in (LocationKind.DESA, LocationKind.LUMBUNG_KSB) and region.level != RegionLevel.DESA:
        errors["region"] = [_("Choose the desa/kelurahan.")]
    if not scope_allows(user, kabkota_code=kabkota, clusters=LOGISTICS_CLUSTERS):
        errors["region"] = [_("Region not found.")]
    if kind == LocationKind.LUMBUNG_KSB:
        if ksb_unit is None:
            errors["ksb_unit"] = [_("Choose the KSB unit whose store this is.")]
        elif ksb_unit.desa_id != region.code:
            errors["ksb_unit"] = [_("The KSB unit is in another desa/kelurahan.")]
    elif ksb_unit is not None:
        errors["ksb_unit"] = [_("Only a KSB store belongs to a KSB unit.")]
    if kind == LocationKind.SUPPLIER and not fields.get("donor_type"):
        errors["donor_type"] = [_("Choose the type of donor.")]
    if errors:
        raise ValidationError(errors)
    code = code or slugify(f"{kind}-{name}")[:60]
    if Location.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Another place already has the code %(code)s.") % {"code": code}})
    location = Location(code=code, name=name, kind=kind, region=region, kabkota_id=kabkota, ksb_unit=ksb_unit, **fields)
    location.full_clean()
    location.save()
    audit_record(actor=user, action=AuditAction.CREATE, instance=location, kabkota_code=kabkota)
    return location


def location_for_shelter(*, shelter) -> Location:
    """The ledger's place for a shelter, registered on first use (goods issued to a posko land here)."""
    location, _created = Location.objects.get_or_create(
        shelter=shelter,
        defaults={
            "code": f"posko-{shelter.pk}",
            "name": shelter.name,
            "kind": LocationKind.POSKO,
            "region_id": shelter.desa_id,
            "kabkota_id": shelter.kabkota_id,
            "latitude": shelter.latitude,
            "longitude": shelter.longitude,
        },
    )
    return location


def ksb_unit_queryset():
    """KSB units, reached through the model reference so no code of ksb_volunteers (same layer) is imported."""
    return Location._meta.get_field("ksb_unit").related_model.objects.all()
