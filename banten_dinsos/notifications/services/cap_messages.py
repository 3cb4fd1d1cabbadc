"""Public CAP messages written by provincial staff: written by one person, approved by another, then published.

Publishing records a public alert (the outbox): the CAP feed lists it and the people of the area are told. An
update or a cancellation is a new message that refers to the published original and is approved the same way.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.regions.models import Region, RegionLevel

from ..cap_templates import fill_tokens
from ..models import AlertKind, CapMessage, CapMessageState, CapMsgType, Severity
from .alerts import alert_emit

CAP_CATEGORIES = ("Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra")
CAP_CATEGORIES += ("CBRNE", "Other")
CAP_URGENCIES = ("Immediate", "Expected", "Future", "Past", "Unknown")
CAP_CERTAINTIES = ("Observed", "Likely", "Possible", "Unlikely", "Unknown")
LONGEST_VALIDITY = timedelta(days=14)
TEXT_FIELDS = (
    "headline_id",
    "description_id",
    "instruction_id",
    "headline_en",
    "description_en",
    "instruction_en",
)


def _area(kabkota_codes, kecamatan_codes) -> tuple[list[str], list[str], str, dict]:
    """Kab/kota and kecamatan codes checked against Kemendagri, the kab/kota of each kecamatan, and the area text."""
    kabkota = {r.code: r for r in Region.objects.filter(level=RegionLevel.KABKOTA, code__in=list(kabkota_codes))}
    kecamatan = {
        r.code: r
        for r in Region.objects.filter(level=RegionLevel.KECAMATAN, code__in=list(kecamatan_codes)).select_related(
            "parent"
        )
    }
    errors = {}
    unknown = sorted(set(kabkota_codes) - set(kabkota))
    if unknown:
        errors["kabkota_codes"] = [_("Unknown kabupaten/kota code: %(codes)s.") % {"codes": ", ".join(unknown)}]
    unknown = sorted(set(kecamatan_codes) - set(kecamatan))
    if unknown:
        errors["kecamatan_codes"] = [_("Unknown kecamatan code: %(codes)s.") % {"codes": ", ".join(unknown)}]
    if not kabkota and not kecamatan:
        errors["kabkota_codes"] = [_("Choose at least one kabupaten/kota or kecamatan.")]
    for region in kecamatan.values():
        kabkota.setdefault(region.parent_id, region.parent)
    parts = []
    for code in sorted(kabkota):
        names = [kecamatan[k].name for k in sorted(kecamatan) if k.startswith(code + ".")]
        parts.append(f"{kabkota[code].name} ({', '.join(names)})" if names else kabkota[code].name)
    return sorted(kabkota), sorted(kecamatan), "; ".join(parts), errors


def _check_original(original: CapMessage | None, msg_type: str) -> dict:
    if msg_type == CapMsgType.ALERT:
        return {"references": [_("A new message refers to no earlier one.")]} if original else {}
    if original is None:
        return {"references": [_("An update or cancellation must refer to a published message.")]}
    if original.state != CapMessageState.PUBLISHED:
        return {"references": [_("Only a published message can be updated or cancelled.")]}
    if (
        original.msg_type == CapMsgType.CANCEL
        or original.followed_by.filter(msg_type=CapMsgType.CANCEL, state=CapMessageState.PUBLISHED).exists()
    ):
        return {"references": [_("This message was cancelled: write a new one instead.")]}
    return {}


@transaction.atomic
def cap_message_write(
    *,
    user,
    template: str,
    event: str,
    kabkota_codes,
    kecamatan_codes=(),
    effective: datetime | None = None,
    expires: datetime,
    texts: dict[str, str],
    tokens: dict[str, str] | None = None,
    category: str = "Safety",
    urgency: str = "Expected",
    severity: str = Severity.MODERATE,
    certainty: str = "Observed",
    disaster_id: int | None = None,
    msg_type: str = CapMsgType.ALERT,
    references: CapMessage | None = None,
) -> CapMessage:
    """Write a message (new, update or cancellation) and leave it waiting for a second person's approval."""
    require_perm(user, Perm.NOTIFICATION_MANAGE)
    now = timezone.now()
    effective = effective or now
    kabkota, kecamatan, area_desc, errors = _area(kabkota_codes, kecamatan_codes)
    errors.update(_check_original(references, msg_type))
    if expires <= max(effective, now):
        errors["expires"] = [_("The expiry must be later than now and than the time the message takes effect.")]
    elif expires - effective > LONGEST_VALIDITY:
        errors["expires"] = [_("A message may be valid for at most 14 days; publish an update to extend it.")]
    if category not in CAP_CATEGORIES:
        errors["category"] = [_("Unknown CAP category.")]
    if urgency not in CAP_URGENCIES:
        errors["urgency"] = [_("Unknown CAP urgency.")]
    if certainty not in CAP_CERTAINTIES:
        errors["certainty"] = [_("Unknown CAP certainty.")]
    values = {"area": area_desc, "event": event, **(tokens or {})}
    filled = {name: fill_tokens(texts.get(name, "") or "", values).strip() for name in TEXT_FIELDS}
    message = CapMessage(
        template=template,
        msg_type=msg_type,
        references=references,
        disaster_id=disaster_id,
        event=event,
        category=category,
        urgency=urgency,
        severity=severity,
        certainty=certainty,
        kabkota_codes=kabkota,
        kecamatan_codes=kecamatan,
        area_desc=area_desc[:500],
        effective=effective,
        expires=expires,
        created_by=user,
        **filled,
    )
    try:
        message.full_clean(exclude=["alert", "area_desc"] if not area_desc else ["alert"])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    message.save()
    audit_record(actor=user, action=AuditAction.CREATE, instance=message, kabkota_code=None)
    return message


def _locked(message: CapMessage) -> CapMessage:
    return CapMessage.objects.select_for_update(of=("self",)).select_related("references__alert").get(pk=message.pk)


@transaction.atomic
def cap_message_approve(*, user, message: CapMessage) -> CapMessage:
    """A second person approves: the message is published to the CAP feed and its area's people are told."""
    require_perm(user, Perm.NOTIFICATION_MANAGE)
    current = _locked(message)
    if current.state != CapMessageState.PENDING:
        raise ValidationError({"state": [_("Only a message waiting for approval can be approved.")]})
    if current.created_by_id == user.pk:
        raise ValidationError({"state": [_("A second person must approve the message, not its author.")]})
    if current.expires <= timezone.now():
        raise ValidationError({"expires": [_("The message has already expired: write it again with a later expiry.")]})
    errors = _check_original(current.references, current.msg_type)
    if errors:
        raise ValidationError(errors)
    current.alert = alert_emit(
        kind=AlertKind.CAP_MESSAGE,
        title=current.headline_id,
        body="\n\n".join(part for part in (current.description_id, current.instruction_id) if part),
        severity=current.severity,
        kabkota_codes=current.kabkota_codes,
        disaster_id=current.disaster_id,
        public=True,
        dedupe_key=f"cap-message:{current.pk}",
        payload={"cap_message_id": current.pk},
        url=current.get_absolute_url(),
        actor=user,
        cap={
            "event": current.event,
            "category": current.category,
            "urgency": current.urgency,
            "certainty": current.certainty,
            "msg_type": current.msg_type,
        },
    )
    current.state, current.decided_by, current.decided_at = CapMessageState.PUBLISHED, user, timezone.now()
    current.save(update_fields=["alert", "state", "decided_by", "decided_at"])
    audit_record(actor=user, action=AuditAction.CHANGE, instance=current, kabkota_code=None, note="published")
    return current


@transaction.atomic
def cap_message_reject(*, user, message: CapMessage, reason: str) -> CapMessage:
    """The second person sends the message back with a reason; it is never published."""
    require_perm(user, Perm.NOTIFICATION_MANAGE)
    current = _locked(message)
    if current.state != CapMessageState.PENDING:
        raise ValidationError({"state": [_("Only a message waiting for approval can be rejected.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the message is rejected.")]})
    current.state, current.decided_by, current.decided_at = CapMessageState.REJECTED, user, timezone.now()
    current.rejection_reason = reason.strip()
    current.save(update_fields=["state", "decided_by", "decided_at", "rejection_reason"])
    audit_record(actor=user, action=AuditAction.CHANGE, instance=current, kabkota_code=None, note="rejected")
    return current
