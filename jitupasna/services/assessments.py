from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from banten_dinsos.agencies.models import Agency
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.services import model_update
from clusters.models import DamageClass, Disaster
from meetings.models import Meeting
from meetings.services import input_round_close, input_round_open

from ..models import Assessment, AssessmentStatus, DamageEntry, DamageFactor, LossEntry, OutputFormat, SubSector
from .common import lock_assessment, raise_if, require_manage, require_not_final

EDITABLE_FIELDS = (
    "title",
    "notes",
    "bbb_uplift_percent",
    "factor_heavy",
    "factor_moderate",
    "factor_light",
    "factors_source",
)
FACTOR_FIELDS = {
    DamageClass.HEAVY: "factor_heavy",
    DamageClass.MODERATE: "factor_moderate",
    DamageClass.LIGHT: "factor_light",
}


def _meeting_errors(*, disaster: Disaster, meetings: list[Meeting]) -> dict:
    other = [meeting.title for meeting in meetings if meeting.disaster_id and meeting.disaster_id != disaster.pk]
    if other:
        return {"meetings": _("These meetings are about another disaster: %(titles)s.") % {"titles": "; ".join(other)}}
    return {}


def _reference_factors() -> tuple[dict[str, Decimal], str]:
    factors = {row.damage_class: row for row in DamageFactor.objects.all()}
    missing = [str(label) for value, label in DamageClass.choices if value not in factors]
    if missing:
        raise ValidationError(
            _("The damage class factors are missing for: %(classes)s. Load the reference data first.")
            % {"classes": ", ".join(missing)}
        )
    values = {FACTOR_FIELDS[name]: factors[name].factor for name in DamageClass.values}
    # One line per distinct source, naming the classes it covers: "RB, RS, RR: Perka BNPB 15/2011 ...".
    by_source = {}
    for name in DamageClass.values:
        by_source.setdefault(factors[name].source, []).append(name.upper())
    return values, " · ".join(f"{', '.join(names)}: {source}" for source, names in by_source.items())


@transaction.atomic
def assessment_create(
    *,
    user,
    disaster: Disaster,
    title: str = "",
    bbb_uplift_percent: Decimal = Decimal(0),
    notes: str = "",
    meetings: Iterable[Meeting] = (),
) -> Assessment:
    """Start the Jitupasna of a disaster as a draft, with the damage class factors of the reference data (and their
    source) copied onto it."""
    require_manage(user=user)
    meetings = list(meetings)
    errors = {}
    existing = Assessment.objects.filter(disaster=disaster).first()
    if existing is not None:
        errors["disaster"] = _("“%(disaster)s” already has a Jitupasna: %(title)s.") % {
            "disaster": disaster.title,
            "title": existing.title,
        }
    errors.update(_meeting_errors(disaster=disaster, meetings=meetings))
    raise_if(errors)
    factors, source = _reference_factors()
    if not title.strip():
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Jitupasna %(disaster)s") % {"disaster": disaster.title}
    assessment = Assessment(
        disaster=disaster,
        title=title.strip(),
        notes=notes.strip(),
        bbb_uplift_percent=bbb_uplift_percent,
        factors_source=source,
        created_by=user,
        **factors,
    )
    assessment.full_clean()
    assessment.save()
    assessment.meetings.set(meetings)
    audit_record(actor=user, action=AuditAction.CREATE, instance=assessment)
    return assessment


@transaction.atomic
def assessment_update(
    *, user, assessment: Assessment, data: Mapping, meetings: Iterable[Meeting] | None = None
) -> Assessment:
    """Change the title, notes, build-back-better uplift or damage class factors of an assessment that is not final.

    Changed factors need their source: the figures people quote must say where the numbers come from."""
    require_manage(user=user, assessment=assessment)
    current = lock_assessment(assessment)
    require_not_final(current)
    old_source = current.factors_source
    changed = model_update(instance=current, data=data, fields=EDITABLE_FIELDS)
    errors = {}
    factors_changed = any(name in changed for name in FACTOR_FIELDS.values())
    if factors_changed and current.factors_source == old_source:
        errors["factors_source"] = _("The damage class factors changed: say where the new numbers come from.")
    if not current.factors_source:
        errors["factors_source"] = _("Say where the damage class factors come from.")
    if meetings is not None:
        meetings = list(meetings)
        errors.update(_meeting_errors(disaster=current.disaster, meetings=meetings))
    raise_if(errors)
    current.full_clean()
    current.save()
    if meetings is not None:
        current.meetings.set(meetings)
        changed.append("meetings")
    audit_record(actor=user, action=AuditAction.CHANGE, instance=current, fields=changed)
    return current


def default_input_agencies() -> list[Agency]:
    """The agencies responsible for the active sub-sectors: each is asked for its sub-sectors' input."""
    return list(
        Agency.objects.filter(
            pk__in=SubSector.objects.filter(is_active=True, sector__is_active=True).values("responsible_agency_id")
        ).order_by("name")
    )


def _portal_url(assessment: Assessment) -> str:
    base = getattr(settings, "PORTAL_BASE_URL", "") or "http://127.0.0.1:8000"
    return f"{base.rstrip('/')}{assessment.get_absolute_url()}"


@transaction.atomic
def assessment_open_for_input(
    *,
    user,
    assessment: Assessment,
    deadline: datetime,
    agencies: Iterable[Agency] | None = None,
    description: str = "",
) -> Assessment:
    """Open a draft for input: an input round (the meetings app's document input rounds) asks each responsible
    agency for its sub-sectors' figures by ``deadline``; officers enter their kabupaten/kota's meanwhile."""
    require_manage(user=user, assessment=assessment)
    current = lock_assessment(assessment)
    require_not_final(current)
    if current.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("This Jitupasna is already open for input."))
    agencies = default_input_agencies() if agencies is None else list(agencies)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Jitupasna input: %(title)s") % {"title": current.title}
        default_description = _(
            "Enter the damage, loss and needs of your sub-sectors in the portal's Jitupasna pages, then mark your "
            "input as submitted."
        )
    input_round = input_round_open(
        user=user,
        title=title[:255],
        deadline=deadline,
        agencies=agencies,
        description=description.strip() or default_description,
        document_url=_portal_url(current),
    )
    current.input_round = input_round
    current.status = AssessmentStatus.OPEN
    current.opened_at = timezone.now()
    current.save(update_fields=["input_round", "status", "opened_at", "updated_at"])
    audit_record(actor=user, action=AuditAction.CHANGE, instance=current, fields=["status", "input_round"])
    return current


@transaction.atomic
def assessment_finalise(*, user, assessment: Assessment) -> Assessment:
    """Make the assessment final: the input round closes, no figure changes any more, and the XLSX and PDF
    documents are built in the background."""
    from .outputs import assessment_output_request

    require_manage(user=user, assessment=assessment)
    current = lock_assessment(assessment)
    require_not_final(current)
    has_entries = (
        DamageEntry.objects.filter(assessment=current).exists() or LossEntry.objects.filter(assessment=current).exists()
    )
    if not has_entries:
        raise ValidationError(_("There is nothing to finalise yet: enter the damage or the loss first."))
    if current.input_round_id and not current.input_round.is_closed:
        input_round_close(user=user, input_round=current.input_round)
    current.status = AssessmentStatus.FINAL
    current.finalised_at = timezone.now()
    current.finalised_by = user
    current.save(update_fields=["status", "finalised_at", "finalised_by", "updated_at"])
    audit_record(actor=user, action=AuditAction.CHANGE, instance=current, fields=["status"])
    assessment_output_request(user=user, assessment=current, formats=OutputFormat.values)
    return current
