from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.regions.models import Region, RegionLevel

from ..models import LdpPost, LdpReferral, LdpSession, ReferralStatus, Shelter
from .registry import SHELTER_CLUSTERS

REACHED_FIELDS = (
    "reached_children_male",
    "reached_children_female",
    "reached_adult_male",
    "reached_adult_female",
    "reached_older",
)
# Workers per 1,000 displaced people are averaged over this window (the known gap is too few workers).
PROVIDER_WINDOW_DAYS = 7


@transaction.atomic
def ldp_post_create(*, user, name: str, kind: str, desa: Region, shelter: Shelter | None = None) -> LdpPost:
    require_perm(user, Perm.LDP_RECORD)
    if desa.level != RegionLevel.DESA:
        raise ValidationError({"desa": _("Choose a desa/kelurahan, not a higher region.")})
    if not scope_allows(user, kabkota_code=desa.kabkota_code, clusters=SHELTER_CLUSTERS):
        raise ValidationError({"desa": _("This desa/kelurahan is outside your kabupaten/kota.")})
    post = LdpPost(name=name, kind=kind, desa=desa, kabkota_id=desa.kabkota_code, shelter=shelter)
    post.full_clean()
    post.save()
    audit_record(actor=user, action=AuditAction.CREATE, instance=post, kabkota_code=post.kabkota_id)
    return post


@transaction.atomic
def ldp_session_record(
    *,
    user,
    held_on: date,
    kind: str,
    provider: str,
    shelter: Shelter | None = None,
    post: LdpPost | None = None,
    providers_count: int = 1,
    notes: str = "",
    referrals: list[dict] | None = None,
    **reached: int,
) -> LdpSession:
    """Record a psychosocial session at a shelter or post in the user's area, with any referrals it made."""
    require_perm(user, Perm.LDP_RECORD)
    unknown = set(reached) - set(REACHED_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    if shelter is None and post is None:
        raise ValidationError({"shelter": _("Choose the shelter or the LDP post where the session took place.")})
    place = shelter or post
    if not scope_allows(user, kabkota_code=place.kabkota_id, clusters=SHELTER_CLUSTERS):
        raise ValidationError({"shelter" if shelter else "post": _("This place is outside your kabupaten/kota.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The session date cannot be in the future.")})
    if providers_count < 1:
        raise ValidationError({"providers_count": _("At least one worker delivers a session.")})
    session = LdpSession(
        shelter=shelter,
        post=post,
        kabkota_id=place.kabkota_id,
        held_on=held_on,
        kind=kind,
        provider=provider,
        providers_count=providers_count,
        notes=notes,
        recorded_by=user,
        **reached,
    )
    session.full_clean()
    if session.reached_total == 0:
        raise ValidationError({"reached_adult_female": _("Enter how many people the session reached.")})
    session.save()
    for referral in referrals or []:
        item = LdpReferral(session=session, **referral)
        item.full_clean(exclude=["session"])
        item.save()
    audit_record(actor=user, action=AuditAction.CREATE, instance=session, kabkota_code=session.kabkota_id)
    return session


@transaction.atomic
def ldp_referral_update(*, user, referral: LdpReferral, status: str, outcome: str = "") -> LdpReferral:
    require_perm(user, Perm.LDP_RECORD)
    if status not in ReferralStatus.values:
        raise ValidationError({"status": _("Unknown referral status.")})
    referral.status, referral.outcome = status, outcome
    referral.full_clean()
    referral.save()
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=referral,
        kabkota_code=referral.session.kabkota_id,
        fields=["status", "outcome"],
    )
    return referral


def ldp_coverage(*, sessions, displaced: int, today: date | None = None) -> dict:
    """People reached and psychosocial workers per 1,000 displaced people for a set of sessions (one query)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=PROVIDER_WINDOW_DAYS - 1)
    totals = sessions.aggregate(
        **{field: Sum(field, default=0) for field in REACHED_FIELDS},
        worker_days=Sum("providers_count", filter=Q(held_on__gte=since, held_on__lte=today), default=0),
    )
    reached = sum(totals[field] for field in REACHED_FIELDS)
    workers_per_day = totals["worker_days"] / PROVIDER_WINDOW_DAYS
    per_thousand = round(workers_per_day * 1000 / displaced, 2) if displaced else None
    return {
        "reached": reached,
        "workers_per_day": round(workers_per_day, 2),
        "workers_per_1000_displaced": per_thousand,
        "reached_per_1000_displaced": round(reached * 1000 / displaced, 1) if displaced else None,
    }
