from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.choices import Sex
from banten_dinsos.core.formatting import format_number

from ..models import AgeGroup, Complaint, Consultation, ConsultationCount, HealthPost
from .common import check_health_scope
from .signals import health_signals_evaluate
from .totals import health_post_totals_refresh

OUTCOME_FIELDS = ("referrals", "referred_ldp", "deaths", "pregnant_women", "infants", "disabled")


def _clean_counts(counts: Iterable[Mapping]) -> list[dict]:
    """Validate the complaint × age group × sex cells; zero cells are dropped, repeated cells refused."""
    complaints = {complaint.code: complaint for complaint in Complaint.objects.filter(is_active=True)}
    cleaned, seen = [], set()
    for cell in counts:
        code = getattr(cell.get("complaint"), "code", cell.get("complaint"))
        complaint = complaints.get(code)
        if complaint is None:
            raise ValidationError({"counts": _("Unknown complaint: %(code)s.") % {"code": code}})
        if cell.get("age_group") not in AgeGroup.values:
            raise ValidationError({"counts": _("Unknown age group: %(value)s.") % {"value": cell.get("age_group")}})
        if cell.get("sex") not in Sex.values:
            raise ValidationError({"counts": _("Unknown sex: %(value)s.") % {"value": cell.get("sex")}})
        count = cell.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValidationError({"counts": _("Each count must be a whole number, zero or more.")})
        key = (complaint.code, cell["age_group"], cell["sex"])
        if key in seen:
            raise ValidationError({"counts": _("The same complaint, age group and sex is given twice.")})
        seen.add(key)
        if count:
            cleaned.append({"complaint": complaint, "age_group": cell["age_group"], "sex": cell["sex"], "count": count})
    return cleaned


def _check_figures(*, post: HealthPost, on: date, total: int, outcomes: dict, cells: list[dict]) -> None:
    today = timezone.localdate()
    if on > today:
        raise ValidationError({"date": _("The date is in the future.")})
    if on < post.opened_on:
        raise ValidationError(
            {"date": _("The post opened on %(day)s: no consultations before that.") % {"day": post.opened_on}}
        )
    if post.closed_on and on > post.closed_on:
        raise ValidationError(
            {"date": _("The post closed on %(day)s: no consultations after that.") % {"day": post.closed_on}}
        )
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise ValidationError({"total": _("The total must be a whole number, zero or more.")})
    errors = {}
    counted = sum(cell["count"] for cell in cells)
    if counted > total:
        errors["counts"] = _("The counts by complaint together (%(sum)s) are more than the total (%(total)s).") % {
            "sum": format_number(counted),
            "total": format_number(total),
        }
    for name in OUTCOME_FIELDS:
        value = outcomes.get(name, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors[name] = _("The number must be a whole number, zero or more.")
        elif value > total:
            errors[name] = _("%(value)s is more than the total of consultations (%(total)s).") % {
                "value": format_number(value),
                "total": format_number(total),
            }
    psychosocial = sum(cell["count"] for cell in cells if cell["complaint"].is_psychosocial)
    if "referred_ldp" not in errors and outcomes.get("referred_ldp", 0) > psychosocial:
        errors["referred_ldp"] = _(
            "Only psychosocial complaints (%(count)s today) can be referred to LDP psychosocial support."
        ) % {"count": format_number(psychosocial)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consultation_record(
    *,
    user,
    post: HealthPost,
    date: date,
    total: int,
    counts: Iterable[Mapping] = (),
    note: str = "",
    **outcomes,
) -> Consultation:
    """Record (or correct) one day's consultations at a post, then check the early-warning thresholds.

    A second call for the same post and day replaces that day's figures; a signal already raised stays raised
    and is not announced again.
    """
    require_perm(user, Perm.HEALTH_RECORD)
    check_health_scope(user, kabkota_code=post.kabkota_id, field="post")
    outcomes = {name: outcomes.get(name, 0) for name in OUTCOME_FIELDS}
    cells = _clean_counts(counts)
    _check_figures(post=post, on=date, total=total, outcomes=outcomes, cells=cells)
    consultation = Consultation.objects.select_for_update().filter(post=post, date=date).first()
    created = consultation is None
    if created:
        consultation = Consultation(post=post, date=date, disaster_id=post.disaster_id, kabkota_id=post.kabkota_id)
    consultation.total = total
    consultation.note = note
    consultation.recorded_by = user
    for name, value in outcomes.items():
        setattr(consultation, name, value)
    consultation.full_clean(exclude=["post", "disaster", "kabkota"])
    consultation.save()
    consultation.counts.all().delete()
    ConsultationCount.objects.bulk_create(ConsultationCount(consultation=consultation, **cell) for cell in cells)
    audit_record(
        actor=user,
        action=AuditAction.CREATE if created else AuditAction.CHANGE,
        instance=consultation,
        kabkota_code=post.kabkota_id,
        fields=["total", "counts", *OUTCOME_FIELDS],
    )
    health_signals_evaluate(post=post, on=date, actor=user)
    health_post_totals_refresh(post_id=post.pk)
    return consultation
