"""Writes on panti sosial and on clients' stays in them."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.formatting import format_number
from banten_dinsos.regions.models import RegionLevel

from ..models import Client, ClientStatus, Panti, Placement


def panti_save(*, panti: Panti) -> Panti:
    """Save a panti edited by an administrator, keeping its stored kab/kota in line with its desa."""
    if panti.desa_id and panti.desa.level != RegionLevel.DESA:
        raise ValidationError({"desa": _("Choose a desa/kelurahan, not a higher region.")})
    panti.kabkota_id = panti.desa.kabkota_code
    panti.full_clean()
    panti.save()
    return panti


@transaction.atomic
def placement_admit(*, user, client: Client, panti: Panti, admitted_on: datetime.date, reason: str) -> Placement:
    """Admit a client to a panti that has a free place; the client must not be staying elsewhere."""
    require_perm(user, Perm.PMKS_CHANGE)
    if not scope_allows(user, kabkota_code=client.kabkota_id):
        raise PermissionDenied(_("This client is outside your kabupaten/kota."))
    # Locking the panti row serialises admissions, so two officers cannot both take its last place.
    panti = Panti.objects.select_for_update().get(pk=panti.pk)
    errors = {}
    if not panti.is_active:
        errors["panti"] = _("This panti is no longer active.")
    elif panti.placements.filter(discharged_on__isnull=True).count() >= panti.capacity:
        errors["panti"] = _("This panti is full (%(capacity)s residents).") % {
            "capacity": format_number(panti.capacity)
        }
    if admitted_on > timezone.localdate():
        errors["admitted_on"] = _("The date cannot be in the future.")
    if client.status in (ClientStatus.DECEASED, ClientStatus.MOVED, ClientStatus.TERMINATED):
        errors["panti"] = _("A client whose case has ended cannot be admitted; change the status first.")
    if not reason.strip():
        errors["admission_reason"] = _("Give the reason for admission.")
    if errors:
        raise ValidationError(errors)
    placement = Placement(
        client=client, panti=panti, admitted_on=admitted_on, admission_reason=reason.strip(), recorded_by=user
    )
    placement.full_clean()
    placement.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        instance=placement,
        kabkota_code=client.kabkota_id,
        note=f"client {client.pk} panti {panti.pk}",
    )
    return placement


@transaction.atomic
def placement_discharge(*, user, placement: Placement, discharged_on: datetime.date, reason: str) -> Placement:
    """End a client's stay in a panti."""
    require_perm(user, Perm.PMKS_CHANGE)
    placement = Placement.objects.select_for_update().select_related("client").get(pk=placement.pk)
    if not scope_allows(user, kabkota_code=placement.client.kabkota_id):
        raise PermissionDenied(_("This client is outside your kabupaten/kota."))
    errors = {}
    if placement.discharged_on:
        errors["discharged_on"] = _("This stay has already ended.")
    elif discharged_on < placement.admitted_on:
        errors["discharged_on"] = _("The discharge date cannot be before the admission date.")
    if discharged_on > timezone.localdate():
        errors["discharged_on"] = _("The date cannot be in the future.")
    if not reason.strip():
        errors["discharge_reason"] = _("Give the reason for discharge.")
    if errors:
        raise ValidationError(errors)
    placement.discharged_on = discharged_on
    placement.discharge_reason = reason.strip()
    placement.full_clean()
    placement.save()
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=placement,
        kabkota_code=placement.client.kabkota_id,
        fields=["discharged_on", "discharge_reason"],
    )
    return placement
