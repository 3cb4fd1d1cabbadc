"""Feedback on the field-report workflow, through the notification pipe: the reporter hears that a report was
returned, approved or verified; approvers hear that a report is waiting in their queue, once a day what still waits,
and a kabupaten/kota hears when its areas are late with the day's report.

These alerts are personal work, not news: they are addressed to the people concerned only (``addressed_only``).
Written in the portal's language (Bahasa Indonesia), whoever caused them.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Role
from banten_dinsos.notifications.models import AlertKind, Severity
from banten_dinsos.notifications.services import alert_emit

from .models import Disaster, FieldReport, ReportState


def _wib(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H.%M WIB")


def _describe(report: FieldReport) -> str:
    return _("report #%(id)s (%(area)s, %(disaster)s, observed %(at)s)") % {
        "id": report.pk,
        "area": report.area.name,
        "disaster": report.disaster.title,
        "at": _wib(report.observed_at),
    }


def _reporter_ids(report: FieldReport) -> list[int]:
    return sorted({pk for pk in (report.created_by_id, report.submitted_by_id) if pk})


def kabkota_approver_ids(kabkota_code: str) -> list[int]:
    """The koordinator kab/kota of one kabupaten/kota: the first approval level of its reports."""
    users = get_user_model().objects.filter(is_active=True, role=Role.KOORDINATOR_KABKOTA, kabkota_id=kabkota_code)
    return list(users.values_list("pk", flat=True))


def province_verifier_ids() -> list[int]:
    users = get_user_model().objects.filter(is_active=True, role=Role.STAF_PROVINSI)
    return list(users.values_list("pk", flat=True))


def kabkota_people_ids(kabkota_code: str) -> list[int]:
    users = get_user_model().objects.filter(is_active=True, kabkota_id=kabkota_code)
    return list(users.values_list("pk", flat=True))


def _emit(*, kind, report: FieldReport, key: str, title: str, body: str, user_ids, actor, severity=Severity.MINOR):
    if not user_ids:
        return None
    return alert_emit(
        kind=kind,
        title=title,
        body=body,
        severity=severity,
        kabkota_codes=[report.kabkota_id],
        disaster_id=report.disaster_id,
        dedupe_key=key,
        payload={"report_id": report.pk, "state": report.state, "area": report.area_id},
        url=report.get_absolute_url(),
        user_ids=user_ids,
        addressed_only=True,
        actor=actor,
    )


def _step_key(report: FieldReport, step: str) -> str:
    # One alert per workflow step: a retried request finds the same step and adds nothing.
    last = report.events.order_by("-at", "-id").values_list("pk", flat=True).first()
    return f"fieldreport:{report.pk}:{step}:{last}"


def report_returned_alert(*, report: FieldReport, actor) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Report returned for correction: %(area)s") % {"area": report.area.name}
        body = _("Your %(report)s was returned by %(by)s. Reason: %(reason)s") % {
            "report": _describe(report),
            "by": actor.get_full_name() or actor.get_username(),
            "reason": report.return_reason,
        }
    _emit(
        kind=AlertKind.FIELD_REPORT_RETURNED,
        report=report,
        key=_step_key(report, "returned"),
        title=title,
        body=body,
        user_ids=_reporter_ids(report),
        actor=actor,
        severity=Severity.MODERATE,
    )


def report_approved_alert(*, report: FieldReport, actor) -> None:
    """The reporter hears of the kab/kota approval; the province hears that the report waits for verification."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Report approved by the kabupaten/kota: %(area)s") % {"area": report.area.name}
        body = _("Your %(report)s was approved by %(by)s and goes to the province for verification.") % {
            "report": _describe(report),
            "by": actor.get_full_name() or actor.get_username(),
        }
    _emit(
        kind=AlertKind.FIELD_REPORT_APPROVED,
        report=report,
        key=_step_key(report, "approved"),
        title=title,
        body=body,
        user_ids=_reporter_ids(report),
        actor=actor,
    )
    report_waiting_alert(report=report, actor=actor)


def report_verified_alert(*, report: FieldReport, actor) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Report verified by the province: %(area)s") % {"area": report.area.name}
        body = _("Your %(report)s was verified and now counts in the cluster status.") % {"report": _describe(report)}
    _emit(
        kind=AlertKind.FIELD_REPORT_APPROVED,
        report=report,
        key=_step_key(report, "verified"),
        title=title,
        body=body,
        user_ids=_reporter_ids(report),
        actor=actor,
    )


def report_waiting_alert(*, report: FieldReport, actor) -> None:
    """The report entered someone's queue: the koordinator kab/kota (two levels, just submitted) or the province."""
    if report.state == ReportState.SUBMITTED and report.disaster.two_levels:
        approvers = kabkota_approver_ids(report.kabkota_id)
    else:
        approvers = province_verifier_ids()
    approvers = [pk for pk in approvers if pk not in _reporter_ids(report)]
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Report waiting for you: %(area)s") % {"area": report.area.name}
        body = _("%(report)s waits in your queue since %(since)s.") % {
            "report": _describe(report).capitalize(),
            "since": _wib(timezone.now()),
        }
    _emit(
        kind=AlertKind.FIELD_REPORT_WAITING,
        report=report,
        key=_step_key(report, "waiting"),
        title=title,
        body=body,
        user_ids=approvers,
        actor=actor,
    )


def approver_digest_alert(*, user, waiting: list[FieldReport], day) -> None:
    """Once a day, to an approver with reports waiting: how many, the oldest first, and for how long."""
    if not waiting:
        return
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(count)s field reports wait for your approval") % {
            "count": number_format(len(waiting), force_grouping=True)
        }
        lines = []
        for report in waiting[:20]:
            since = report.approved_at if report.state == ReportState.APPROVED else report.submitted_at
            hours = max(0, int((now - since).total_seconds() // 3600))
            lines.append(
                _("#%(id)s %(area)s (%(disaster)s): waiting %(hours)s hours, since %(since)s.")
                % {
                    "id": report.pk,
                    "area": report.area.name,
                    "disaster": report.disaster.title,
                    "hours": number_format(hours, force_grouping=True),
                    "since": _wib(since),
                }
            )
        if len(waiting) > 20:
            lines.append(_("…and %(more)s more.") % {"more": number_format(len(waiting) - 20, force_grouping=True)})
    alert_emit(
        kind=AlertKind.FIELD_REPORT_DIGEST,
        title=title,
        body="\n".join(lines),
        severity=Severity.MINOR,
        kabkota_codes=sorted({report.kabkota_id for report in waiting}),
        dedupe_key=f"fieldreport-digest:{user.pk}:{day.isoformat()}",
        payload={"report_ids": [report.pk for report in waiting], "day": day.isoformat()},
        url=reverse("clusters:report-queue"),
        user_ids=[user.pk],
        addressed_only=True,
    )


def reporting_late_alert(*, disaster: Disaster, kabkota_code: str, kabkota_name: str, late: list[str], day) -> None:
    """A reminder to a kabupaten/kota whose kecamatan (or desa, for a disaster declared at desa level, named with
    their kecamatan) have no approved report for the day past the deadline."""
    people = kabkota_people_ids(kabkota_code)
    if not people or not late:
        return
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Daily report late: %(kabkota)s, %(disaster)s") % {
            "kabkota": kabkota_name,
            "disaster": disaster.title,
        }
        body = _("No approved report for %(day)s by %(deadline)s from: %(areas)s.") % {
            "day": day.strftime("%d-%m-%Y"),
            "deadline": disaster.report_deadline.strftime("%H.%M WIB"),
            "areas": ", ".join(late),
        }
    alert_emit(
        kind=AlertKind.REPORTING_LATE,
        title=title,
        body=body,
        severity=Severity.MODERATE,
        kabkota_codes=[kabkota_code],
        disaster_id=disaster.pk,
        dedupe_key=f"reporting-late:{disaster.pk}:{kabkota_code}:{day.isoformat()}",
        payload={"late": late, "day": day.isoformat()},
        url=f"{reverse('clusters:disaster-completeness', args=[disaster.pk])}?tanggal={day.isoformat()}",
        user_ids=people,
        addressed_only=True,
    )
