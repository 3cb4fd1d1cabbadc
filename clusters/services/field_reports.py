import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status as http_status

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.exceptions import ApplicationError
from banten_dinsos.core.services import model_update
from banten_dinsos.regions.models import Region, RegionLevel

from ..alerts import casualties_alert
from ..approval_alerts import report_returned_alert, report_verified_alert, report_waiting_alert
from ..models import (
    IMPACT_FIELDS,
    MAX_COUNT,
    Cluster,
    DamageClass,
    Disaster,
    FacilityKind,
    FieldReport,
    FieldReportEvent,
    Need,
    NeedPriority,
    ReportAction,
    ReportKind,
    ReportState,
)
from ..read_models import apply_report_change, apply_reports_change, reports_received_move
from .common import closed_disaster_errors, cluster_errors, location_errors, merge_errors, sector_of
from .validation_rules import rules_check_on_submit

REPORT_LEVELS = (RegionLevel.KECAMATAN, RegionLevel.DESA)
DETAIL_FIELDS = ("kind", *IMPACT_FIELDS, "facilities_damaged", "notes")
EDITABLE_FIELDS = ("area", "observed_at", *DETAIL_FIELDS)
# Phones' clocks drift; an observation a few minutes "in the future" is a clock, not a mistake.
CLOCK_TOLERANCE = timedelta(minutes=10)


def clean_facilities(value) -> tuple[dict, list[str]]:
    """Normalise ``{"school": {"rb": 1}}``: known kinds and classes only, whole numbers >= 0, zeros dropped."""
    if value in (None, ""):
        return {}, []
    if not isinstance(value, dict):
        return {}, [_("Give damaged facilities as {kind: {rb, rs, rr}}.")]
    cleaned, problems = {}, []
    for kind, classes in value.items():
        if kind not in FacilityKind.values:
            problems.append(_("Unknown facility kind “%(kind)s”.") % {"kind": kind})
            continue
        if not isinstance(classes, dict):
            problems.append(_("Give the damage of “%(kind)s” as {rb, rs, rr}.") % {"kind": kind})
            continue
        counts = {}
        for damage, count in classes.items():
            if damage not in DamageClass.values:
                problems.append(_("Unknown damage class “%(damage)s”.") % {"damage": damage})
            elif not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_COUNT:
                problems.append(
                    _("%(kind)s %(damage)s must be a whole number, 0 or more.")
                    % {"kind": FacilityKind(kind).label, "damage": damage.upper()}
                )
            elif count:
                counts[damage] = count
        if counts:
            cleaned[kind] = counts
    return cleaned, problems


def _observed_at_errors(*, observed_at: datetime, disaster: Disaster) -> dict:
    if observed_at is None:
        return {}
    if observed_at > timezone.now() + CLOCK_TOLERANCE:
        return {"observed_at": [_("The time of observation cannot be in the future.")]}
    if timezone.localtime(observed_at).date() < disaster.started_on:
        return {"observed_at": [_("The time of observation is before the disaster event started.")]}
    return {}


def _supersedes_errors(*, supersedes: FieldReport | None, disaster: Disaster, area: Region) -> dict:
    if supersedes is None:
        return {}
    if supersedes.state != ReportState.VERIFIED:
        return {"supersedes": [_("Only a verified report can be corrected; change the draft itself instead.")]}
    if supersedes.disaster_id != disaster.pk or supersedes.area_id != area.pk:
        return {
            "supersedes": [_("A correction must be for the same disaster event and area as the report it corrects.")]
        }
    return {}


def _needs_build(*, report: FieldReport, needs: Sequence[dict], user) -> tuple[list[Need], dict]:
    """Needs written in a report: one cluster each, located where the report is."""
    built, problems = [], []
    for position, item in enumerate(needs, start=1):
        cluster: Cluster = item["cluster"]
        problems += [f"{position}: {message}" for message in cluster_errors(cluster).get("cluster", [])]
        need = Need(
            disaster=report.disaster,
            report=report,
            cluster=cluster,
            sector=sector_of(cluster),
            area=report.area,
            kabkota_id=report.kabkota_id,
            description=item.get("description", ""),
            people_in_need=item.get("people_in_need") or 0,
            priority=item.get("priority") or NeedPriority.URGENT,
            created_by=user,
        )
        try:
            need.full_clean(exclude=["report"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                problems += [f"{position} ({field}): {message}" for message in messages]
        built.append(need)
    return built, ({"needs": problems} if problems else {})


def _event(report: FieldReport, action: str, user, note: str = "") -> None:
    FieldReportEvent.objects.create(report=report, action=action, actor=user, note=note)


def _state_changed(report: FieldReport, action: str, user, *, audit_note: str, note: str = "") -> None:
    """A report moved along the workflow: a line in its history (with the reason or comment shown to people) and one
    in the audit log (with what the audit trail keeps)."""
    _event(report, action, user, note=note)
    audit_record(
        actor=user,
        action=AuditAction.CHANGE,
        instance=report,
        kabkota_code=report.kabkota_id,
        fields=["state"],
        note=audit_note,
    )


def _report_for_key(key: uuid.UUID) -> FieldReport | None:
    return FieldReport.objects.filter(idempotency_key=key).first()


def _replay(existing: FieldReport, user, request: dict | None = None) -> FieldReport:
    """A retry of a report this user already created returns it; anyone else's key is refused without detail.

    A key resent with other figures is not a retry but a second report under a reused key: 422, never the first
    report silently returned as if the new figures had been saved.
    """
    if existing.created_by_id != user.pk:
        raise ApplicationError(
            _("This idempotency key was already used. Generate a new key for a new report."),
            errors={"idempotency_key": [_("Already used.")]},
            status_code=http_status.HTTP_409_CONFLICT,
        )
    differing = sorted(name for name, value in (request or {}).items() if getattr(existing, name) != value)
    if differing:
        raise ApplicationError(
            _("This idempotency key was already used for a report with other data (%(fields)s). Generate a new key.")
            % {"fields": ", ".join(differing)},
            errors={"idempotency_key": [_("Already used for other data.")]},
            status_code=http_status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    return existing


def field_report_create(
    *,
    user,
    disaster: Disaster,
    area: Region,
    observed_at: datetime,
    idempotency_key: uuid.UUID,
    kind: str = ReportKind.RAPID_ASSESSMENT,
    supersedes: FieldReport | None = None,
    needs: Sequence[dict] = (),
    submit: bool = False,
    warning_comment: str = "",
    **figures,
) -> tuple[FieldReport, bool]:
    """Create a field report (and submit it at once if asked). Returns ``(report, created)``.

    A retry with the same ``idempotency_key`` returns the report the first attempt created, even when both
    arrive at the same moment: the database's unique index decides, and the loser reads the winner's row.
    """
    require_perm(user, Perm.FIELDREPORT_CREATE)
    unknown = set(figures) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unknown field report fields: {sorted(unknown)}")
    # What a true retry repeats exactly; the report's other parts (needs, attachments) follow from these.
    request = {"disaster_id": disaster.pk, "area_id": area.pk, "observed_at": observed_at, "kind": kind, **figures}
    existing = _report_for_key(idempotency_key)
    if existing is not None:
        return _replay(existing, user, request), False
    try:
        with transaction.atomic():
            report = _create(
                user=user,
                disaster=disaster,
                area=area,
                observed_at=observed_at,
                idempotency_key=idempotency_key,
                kind=kind,
                supersedes=supersedes,
                needs=needs,
                figures=figures,
            )
            if submit:
                report = _submit(user=user, report=report, warning_comment=warning_comment)
    except IntegrityError:
        existing = _report_for_key(idempotency_key)
        if existing is None:
            raise
        return _replay(existing, user, request), False
    return report, True


def _create(*, user, disaster, area, observed_at, idempotency_key, kind, supersedes, needs, figures):
    errors = {}
    merge_errors(errors, closed_disaster_errors(disaster))
    merge_errors(errors, location_errors(user=user, disaster=disaster, area=area, levels=REPORT_LEVELS))
    merge_errors(errors, _observed_at_errors(observed_at=observed_at, disaster=disaster))
    merge_errors(errors, _supersedes_errors(supersedes=supersedes, disaster=disaster, area=area))
    facilities, problems = clean_facilities(figures.pop("facilities_damaged", None))
    if problems:
        errors["facilities_damaged"] = problems
    report = FieldReport(
        disaster=disaster,
        area=area,
        kabkota_id=area.kabkota_code,
        observed_at=observed_at,
        idempotency_key=idempotency_key,
        kind=kind,
        supersedes=supersedes,
        facilities_damaged=facilities,
        created_by=user,
        **figures,
    )
    try:
        # The unique key is the database's to enforce (a concurrent twin must reach the index).
        report.full_clean(validate_unique=False)
    except ValidationError as error:
        errors = merge_errors(dict(error.message_dict), errors)
    built, need_errors = _needs_build(report=report, needs=needs, user=user)
    merge_errors(errors, need_errors)
    if errors:
        raise ValidationError(errors)
    report.save()
    for need in built:
        need.report = report
    Need.objects.bulk_create(built)
    _event(report, ReportAction.CREATE, user)
    audit_record(actor=user, action=AuditAction.CREATE, instance=report, kabkota_code=report.kabkota_id)
    return report


def _locked(report: FieldReport) -> FieldReport:
    # Lock the report only: other reports of the same disaster go on being submitted and verified meanwhile.
    return FieldReport.objects.select_for_update(of=("self",)).select_related("disaster", "area").get(pk=report.pk)


def _locked_for_approver(user, report: FieldReport) -> tuple[FieldReport, bool]:
    """The report locked for an approver's step, and whether the approver acts for the province (any kab/kota)
    rather than as koordinator kab/kota (their own kab/kota only)."""
    province = has_perm(user, Perm.FIELDREPORT_VERIFY)
    if not province:
        require_perm(user, Perm.FIELDREPORT_APPROVE)
    current = _locked(report)
    if not province:
        _check_may_act(user, current)
    return current, province


def _state_error(report: FieldReport, action: str) -> ValidationError:
    return ValidationError(
        {
            "state": [
                _("A report that is “%(state)s” cannot be %(action)s.")
                % {"state": ReportState(report.state).label.lower(), "action": action}
            ]
        }
    )


def _check_may_act(user, report: FieldReport) -> None:
    if not scope_allows(user, kabkota_code=report.kabkota_id):
        raise ValidationError({"area": [_("This area is outside your kabupaten/kota.")]})


@transaction.atomic
def field_report_update(*, user, report: FieldReport, data: dict, needs: Sequence[dict] | None = None) -> FieldReport:
    """Change a draft or returned report; ``needs`` (when given) replaces the needs written in it."""
    require_perm(user, Perm.FIELDREPORT_CREATE)
    current = _locked(report)
    _check_may_act(user, current)
    if not current.is_editable:
        raise ValidationError(
            {
                "state": [
                    _(
                        "Only a draft or returned report can be changed. A submitted report waits for verification "
                        "(withdraw it to change it); approved and verified data is locked: a verified report is "
                        "corrected with a new report."
                    )
                ]
            }
        )
    errors = {}
    previous = (current.kabkota_id, current.submitted_at)
    changed = model_update(instance=current, data=data, fields=EDITABLE_FIELDS)
    if "facilities_damaged" in data:
        current.facilities_damaged, problems = clean_facilities(data["facilities_damaged"])
        if problems:
            errors["facilities_damaged"] = problems
    if "area" in changed:
        merge_errors(
            errors, location_errors(user=user, disaster=current.disaster, area=current.area, levels=REPORT_LEVELS)
        )
        merge_errors(
            errors, _supersedes_errors(supersedes=current.supersedes, disaster=current.disaster, area=current.area)
        )
        current.kabkota_id = current.area.kabkota_code
    if "observed_at" in changed:
        merge_errors(errors, _observed_at_errors(observed_at=current.observed_at, disaster=current.disaster))
    try:
        current.full_clean(validate_unique=False)
    except ValidationError as error:
        errors = merge_errors(dict(error.message_dict), errors)
    built = []
    if needs is not None:
        built, need_errors = _needs_build(report=current, needs=needs, user=user)
        merge_errors(errors, need_errors)
    if errors:
        raise ValidationError(errors)
    current.save()
    if current.kabkota_id != previous[0]:
        reports_received_move(current, previous=previous)  # a returned report counts where its area now is
    if needs is not None:
        current.needs.all().delete()
        Need.objects.bulk_create(built)
        changed.append("needs")
    if changed:
        _event(current, ReportAction.EDIT, user)
        audit_record(
            actor=user,
            action=AuditAction.CHANGE,
            instance=current,
            kabkota_code=current.kabkota_id,
            fields=changed,
        )
    return current


@transaction.atomic
def field_report_submit(*, user, report: FieldReport, warning_comment: str = "") -> FieldReport:
    """Send a draft (or a returned report, once fixed) for approval: to the koordinator kab/kota when the disaster
    runs with two levels, else to the province. Hard validation rules refuse it; soft ones need ``warning_comment``.
    """
    require_perm(user, Perm.FIELDREPORT_CREATE)
    return _submit(user=user, report=_locked(report), warning_comment=warning_comment)


def _submit(*, user, report: FieldReport, warning_comment: str = "") -> FieldReport:
    _check_may_act(user, report)
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise _state_error(report, _("submitted"))
    errors = closed_disaster_errors(report.disaster)
    if errors:
        raise ValidationError(errors)
    warning_comment = (warning_comment or "").strip()
    warnings = rules_check_on_submit(report, comment=warning_comment)
    report.rule_warnings = warnings
    report.warning_comment = warning_comment if warnings else ""
    previous = (report.kabkota_id, report.submitted_at)
    report.state = ReportState.SUBMITTED
    report.submitted_by, report.submitted_at = user, timezone.now()
    report.save(
        update_fields=["state", "submitted_by", "submitted_at", "rule_warnings", "warning_comment", "updated_at"]
    )
    reports_received_move(report, previous=previous)
    _state_changed(report, ReportAction.SUBMIT, user, audit_note="submitted", note=warning_comment if warnings else "")
    report_waiting_alert(report=report, actor=user)
    return report


def ready_for_province(disaster: Disaster) -> tuple[str, ...]:
    """The states in which a report waits for the province: approved by the kab/kota; with one level also submitted
    (and approved, for reports approved before the disaster was switched to one level)."""
    if disaster.two_levels:
        return (ReportState.APPROVED,)
    return (ReportState.SUBMITTED, ReportState.APPROVED)


@transaction.atomic
def field_report_verify(*, user, report: FieldReport) -> FieldReport:
    """Accept a report at the province (the last level); it counts in the cluster status from now on. A verified
    correction supersedes the report it corrects."""
    require_perm(user, Perm.FIELDREPORT_VERIFY)
    current = _locked(report)
    if current.state == ReportState.VERIFIED:
        raise ValidationError(
            {
                "state": [
                    _("Report #%(id)s was already verified on %(at)s.")
                    % {"id": current.pk, "at": timezone.localtime(current.verified_at).strftime("%d-%m-%Y %H.%M WIB")}
                ]
            }
        )
    if current.state == ReportState.SUBMITTED and current.disaster.two_levels:
        raise ValidationError(
            {"state": [_("This disaster runs with two levels: the koordinator kab/kota approves the report first.")]}
        )
    if current.state not in ready_for_province(current.disaster):
        raise _state_error(current, _("verified"))
    if user.pk in (current.created_by_id, current.submitted_by_id):
        raise ValidationError({"state": [_("A report is verified by someone other than the person who wrote it.")]})
    now = timezone.now()
    if current.supersedes_id:
        corrected = FieldReport.objects.select_for_update().get(pk=current.supersedes_id)
        if corrected.state != ReportState.VERIFIED:
            raise ValidationError(
                {
                    "supersedes": [
                        _("Report #%(id)s was already corrected by report #%(other)s.")
                        % {"id": corrected.pk, "other": corrected.superseded_by_id}
                    ]
                }
            )
        corrected.state, corrected.superseded_by = ReportState.SUPERSEDED, current
        corrected.save(update_fields=["state", "superseded_by", "updated_at"])
        _event(corrected, ReportAction.SUPERSEDE, user, note=f"#{current.pk}")
    current.state, current.verified_by, current.verified_at = ReportState.VERIFIED, user, now
    current.save(update_fields=["state", "verified_by", "verified_at", "updated_at"])
    apply_reports_change([current, corrected] if current.supersedes_id else [current])
    _state_changed(current, ReportAction.VERIFY, user, audit_note="verified")
    casualties_alert(report=current, actor=user)
    report_verified_alert(report=current, actor=user)
    return current


@transaction.atomic
def field_report_return(*, user, report: FieldReport, reason: str) -> FieldReport:
    """Send a report back to its officer with what must be corrected: the koordinator kab/kota a submitted one of
    their kabupaten/kota, the province one that is submitted or approved (not yet verified)."""
    current, province = _locked_for_approver(user, report)
    returnable = (ReportState.SUBMITTED, ReportState.APPROVED) if province else (ReportState.SUBMITTED,)
    if current.state not in returnable:
        raise _state_error(current, _("returned"))
    if not province and not current.disaster.two_levels:
        raise ValidationError({"state": [_("The province verifies the reports of this disaster directly.")]})
    if user.pk in (current.created_by_id, current.submitted_by_id):
        raise ValidationError({"state": [_("A report is returned by someone other than the person who wrote it.")]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Write what the officer must correct.")]})
    current.state, current.returned_by, current.returned_at = ReportState.RETURNED, user, timezone.now()
    current.return_reason = reason
    current.save(update_fields=["state", "returned_by", "returned_at", "return_reason", "updated_at"])
    apply_report_change(current)
    _state_changed(current, ReportAction.RETURN, user, audit_note="returned", note=reason)
    report_returned_alert(report=current, actor=user)
    return current
