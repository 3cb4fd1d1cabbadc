"""How a disaster's field reports are approved and by when each day they are expected."""

from datetime import time

from django.db import transaction
from django.utils import timezone

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.services import model_update

from ..models import Disaster


@transaction.atomic
def disaster_set_reporting(*, user, disaster: Disaster, approval_levels: int, report_deadline: time) -> Disaster:
    """Set the approval levels (one: the province verifies directly; two: the kab/kota approves first) and the daily
    reporting deadline. Reports already in a queue follow the new setting from now on."""
    require_perm(user, Perm.DISASTER_MANAGE)
    current = Disaster.objects.select_for_update().get(pk=disaster.pk)
    changed = model_update(
        instance=current,
        data={"approval_levels": approval_levels, "report_deadline": report_deadline},
        fields=("approval_levels", "report_deadline"),
    )
    if changed:
        current.full_clean()
        current.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=user, action=AuditAction.CHANGE, instance=current, kabkota_code="", fields=changed)
    return current


def approver_digests_send(*, day=None) -> int:
    """The daily digest: every approver with reports waiting in their queue hears how many and for how long (once a
    day: a second run finds the alerts of the first). Returns the number of approvers told."""
    from django.contrib.auth import get_user_model

    from banten_dinsos.accounts.roles import Role

    from ..approval_alerts import approver_digest_alert
    from ..selectors import verification_queue

    day = day or timezone.localdate()
    approvers = (
        get_user_model()
        .objects.filter(is_active=True, role__in=[Role.KOORDINATOR_KABKOTA, Role.STAF_PROVINSI])
        .order_by("pk")
    )
    told = 0
    for approver in approvers:
        waiting = list(verification_queue(user=approver).select_related("approved_by"))
        if waiting:
            with transaction.atomic():
                approver_digest_alert(user=approver, waiting=waiting, day=day)
            told += 1
    return told


def reporting_reminders_send(*, now=None) -> int:
    """After each open disaster's deadline, remind every affected kab/kota whose kecamatan (or desa, for a disaster
    declared at desa level) have no approved report for the day, naming them (once per disaster, kab/kota and day).
    Returns the number of reminders raised or found."""
    from ..approval_alerts import reporting_late_alert
    from ..approval_selectors import completeness_compute
    from ..models import EmergencyStatus

    now = now or timezone.now()
    day = timezone.localtime(now).date()
    sent = 0
    disasters = Disaster.objects.exclude(status=EmergencyStatus.SELESAI).filter(started_on__lte=day)
    for disaster in disasters.prefetch_related("affected_kabkota", "affected_kecamatan"):
        if timezone.localtime(now).time() < disaster.report_deadline:
            continue
        table = completeness_compute(disaster=disaster, kabkota=list(disaster.affected_kabkota.all()), day=day, now=now)
        for row in table:
            late = [area.label for area in row.late]
            if late:
                with transaction.atomic():
                    reporting_late_alert(
                        disaster=disaster, kabkota_code=row.code, kabkota_name=row.name, late=late, day=day
                    )
                sent += 1
    return sent


def approval_seed_demo(**_ignored) -> dict:
    """Demo: the default validation rules, and the demo flood run with two approval levels so that both queues show
    work: the oldest submitted report of each kab/kota approved by its koordinator kab/kota (demo logins
    ``koordinator.<kab/kota>``), the others waiting for them. Safe to run again."""
    from banten_dinsos.accounts.models import User
    from banten_dinsos.accounts.roles import Role

    from ..models import ApprovalLevels, FieldReport, ReportState
    from .approval import field_report_approve
    from .demo import demo_disaster
    from .validation_rules import validation_rules_load_defaults

    staf = User.objects.get(username="staf.provinsi")
    rules = validation_rules_load_defaults(user=staf)
    disaster = demo_disaster()
    if disaster is None or disaster.two_levels:
        return {"rules": rules, "approved": 0}
    disaster = disaster_set_reporting(
        user=staf,
        disaster=disaster,
        approval_levels=ApprovalLevels.KABKOTA_THEN_PROVINCE,
        report_deadline=disaster.report_deadline,
    )
    approved, seen = 0, set()
    waiting = FieldReport.objects.filter(disaster=disaster, state=ReportState.SUBMITTED).order_by("submitted_at", "id")
    for report in waiting:
        approver = User.objects.filter(role=Role.KOORDINATOR_KABKOTA, kabkota_id=report.kabkota_id).first()
        if report.kabkota_id in seen or approver is None:
            continue
        field_report_approve(user=approver, report=report)
        seen.add(report.kabkota_id)
        approved += 1
    return {"rules": rules, "approved": approved}
