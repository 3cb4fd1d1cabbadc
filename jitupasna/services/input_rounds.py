"""Agencies mark their sub-sectors' input as submitted, through the meetings app's document input rounds: the
round records who submitted, when, and whether it was after the deadline."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from banten_dinsos.agencies.models import Agency
from meetings.models import DocumentInput
from meetings.services import document_input_submit

from ..models import AssessmentStatus, DamageEntry, LossEntry, SubSector, format_number
from ..selectors import entry_damage, submittable_agencies
from .common import lock_assessment, require_not_final


def _input_text(*, assessment, agency: Agency, note: str) -> str:
    sub_sectors = list(SubSector.objects.filter(responsible_agency=agency, is_active=True).order_by("position"))
    if not sub_sectors:
        text = _("No sub-sector is assigned to %(agency)s.") % {"agency": agency.name}
    else:
        damage = list(
            DamageEntry.objects.filter(assessment=assessment, sub_sector__in=sub_sectors).only(
                "units_heavy", "units_moderate", "units_light", "unit_cost"
            )
        )
        losses = list(LossEntry.objects.filter(assessment=assessment, sub_sector__in=sub_sectors))
        text = _(
            "Sub-sectors %(names)s: %(damage_count)s damage entries (Rp %(damage)s), %(loss_count)s loss entries "
            "(Rp %(loss)s)."
        ) % {
            "names": ", ".join(sub_sector.name for sub_sector in sub_sectors),
            "damage_count": format_number(Decimal(len(damage))),
            "damage": format_number(sum((entry_damage(entry, assessment) for entry in damage), start=Decimal(0))),
            "loss_count": format_number(Decimal(len(losses))),
            "loss": format_number(sum((entry.total for entry in losses), start=Decimal(0))),
        }
    if note.strip():
        text = f"{text}\n{note.strip()}"
    return text


@transaction.atomic
def agency_input_submit(*, user, assessment, agency: Agency, note: str = "") -> DocumentInput:
    """Mark ``agency``'s input as submitted; after the deadline it is accepted and marked late. Officers and agency
    users submit for their own agency; BPBD and provincial staff may record any agency asked."""
    current = lock_assessment(assessment)
    require_not_final(current)
    if current.status != AssessmentStatus.OPEN or current.input_round is None:
        raise ValidationError(_("This Jitupasna is not open for input."))
    allowed = {candidate.pk for candidate in submittable_agencies(user=user, assessment=current)}
    if agency.pk not in allowed:
        if not current.input_round.agencies.filter(pk=agency.pk).exists():
            raise ValidationError({"agency": _("%(agency)s was not asked for input.") % {"agency": agency.name}})
        raise PermissionDenied(_("You can only submit the input of your own agency."))
    with translation.override(settings.LANGUAGE_CODE):
        text = _input_text(assessment=current, agency=agency, note=note)
    return document_input_submit(user=user, input_round=current.input_round, agency=agency, text=text)
