"""The levels of the field-report workflow beyond submit/verify/return: the kabupaten/kota's approval, taking an
approval back (with a reason, audited) and the reporter withdrawing a report that is not verified yet."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, require_perm

from ..approval_alerts import report_approved_alert
from ..models import FieldReport, ReportAction, ReportState
from ..read_models import apply_reports_change
from .field_reports import _check_may_act, _event, _locked, _locked_for_approver, _state_changed, _state_error


def _wib(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H.%M WIB")


@transaction.atomic
def field_report_approve(*, user, report: FieldReport) -> FieldReport:
    """The koordinator kab/kota approves a submitted report of their kabupaten/kota; it then waits for the province.

    Refused, with nothing changed: one's own report, a report of another kabupaten/kota, a report approved already
    (a retry), a disaster the province verifies directly.
    """
    require_perm(user, Perm.FIELDREPORT_APPROVE)
    current = _locked(report)
    _check_may_act(user, current)
    if current.state == ReportState.APPROVED:
        raise ValidationError(
            {
                "state": [
                    _("Report #%(id)s was already approved by %(by)s on %(at)s.")
                    % {
                        "id": current.pk,
                        "by": current.approved_by.get_full_name() or current.approved_by.get_username(),
                        "at": _wib(current.approved_at),
                    }
                ]
            }
        )
    if current.state != ReportState.SUBMITTED:
        raise _state_error(current, _("approved"))
    if not current.disaster.two_levels:
        raise ValidationError({"state": [_("The province verifies the reports of this disaster directly.")]})
    if user.pk in (current.created_by_id, current.submitted_by_id):
        raise ValidationError({"state": [_("You cannot approve a report you wrote or submitted yourself.")]})
    current.state, current.approved_by, current.approved_at = ReportState.APPROVED, user, timezone.now()
    current.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
    _state_changed(current, ReportAction.APPROVE, user, audit_note="approved")
    report_approved_alert(report=current, actor=user)
    return current


def _reinstate_corrected(*, user, report: FieldReport) -> FieldReport | None:
    """Unapproving a verified correction puts back the report it had superseded (it counts again)."""
    if not report.supersedes_id:
        return None
    corrected = FieldReport.objects.select_for_update().get(pk=report.supersedes_id)
    if corrected.state != ReportState.SUPERSEDED or corrected.superseded_by_id != report.pk:
        return None
    corrected.state, corrected.superseded_by = ReportState.VERIFIED, None
    corrected.save(update_fields=["state", "superseded_by", "updated_at"])
    _event(corrected, ReportAction.REINSTATE, user, note=f"#{report.pk}")
    return corrected


@transaction.atomic
def field_report_unapprove(*, user, report: FieldReport, reason: str) -> FieldReport:
    """Take an approval back, with the reason (recorded in the report's history and the audit log).

    The province unapproves a verified report: it stops counting and goes back one level (approved, or submitted
    for a one-level disaster). The koordinator kab/kota unapproves their approval of a report the province has not
    verified yet: it is submitted again, in their queue.
    """
    current, province = _locked_for_approver(user, report)
    reason = (reason or "").strip()
    allowed = (ReportState.VERIFIED, ReportState.APPROVED) if province else (ReportState.APPROVED,)
    if current.state not in allowed:
        if current.state == ReportState.VERIFIED:
            raise ValidationError({"state": [_("Only the province can unapprove a verified report.")]})
        raise ValidationError(
            {
                "state": [
                    _("Report #%(id)s is “%(state)s”: there is no approval to take back.")
                    % {"id": current.pk, "state": ReportState(current.state).label.lower()}
                ]
            }
        )
    if not reason:
        raise ValidationError({"reason": [_("Write why the approval is taken back.")]})
    previous = current.state
    fields = ["state", "updated_at"]
    reinstated = None
    if previous == ReportState.VERIFIED:
        current.state = ReportState.APPROVED if current.disaster.two_levels else ReportState.SUBMITTED
        current.verified_by, current.verified_at = None, None
        fields += ["verified_by", "verified_at"]
        reinstated = _reinstate_corrected(user=user, report=current)
    else:
        current.state = ReportState.SUBMITTED
        current.approved_by, current.approved_at = None, None
        fields += ["approved_by", "approved_at"]
    current.save(update_fields=fields)
    _state_changed(
        current, ReportAction.UNAPPROVE, user, audit_note=f"unapproved ({previous}): {reason}"[:500], note=reason
    )
    if previous == ReportState.VERIFIED:
        # It no longer counts (and a report it had corrected counts again): the read model follows, same transaction.
        apply_reports_change([current, reinstated] if reinstated else [current])
    return current


@transaction.atomic
def field_report_withdraw(*, user, report: FieldReport, reason: str = "") -> FieldReport:
    """The reporter takes back (tarik) a report the province has not verified: it becomes a draft again, out of
    every queue (a duplicate sent twice, a mistake seen after sending)."""
    require_perm(user, Perm.FIELDREPORT_CREATE)
    current = _locked(report)
    _check_may_act(user, current)
    if user.pk not in (current.created_by_id, current.submitted_by_id):
        raise ValidationError({"state": [_("Only the person who wrote or submitted a report can withdraw it.")]})
    if not current.is_withdrawable:
        if current.state == ReportState.VERIFIED:
            raise ValidationError({"state": [_("A verified report cannot be withdrawn; send a correction instead.")]})
        raise _state_error(current, _("withdrawn"))
    previous = current.state
    current.state = ReportState.DRAFT
    current.approved_by, current.approved_at = None, None
    current.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
    _state_changed(
        current, ReportAction.WITHDRAW, user, audit_note=f"withdrawn ({previous})", note=(reason or "").strip()
    )
    # Not counted before (only verified reports count), not counted now; the read model's version still moves so
    # clients holding the status see that something changed.
    apply_reports_change([current])
    return current
