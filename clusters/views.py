from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import scope_allows
from banten_dinsos.core.exceptions import ApplicationError
from banten_dinsos.core.filtering import page_filterset
from banten_dinsos.core.forms import form_add_service_errors as _apply_service_errors
from banten_dinsos.core.forms import form_response_status as _form_status
from banten_dinsos.notifications.selectors import warning_get
from banten_dinsos.notifications.services import warning_link_disaster

from .approval_selectors import likely_duplicates
from .cluster_status import cluster_status
from .filters import DisasterFilter, FieldReportFilter, VerificationQueueFilter
from .forms import DisasterForm, DisasterStatusForm, FieldReportForm, ReturnForm
from .models import IMPACT_FIELDS, STATUS_TRANSITIONS, EmergencyStatus, FacilityKind, ReportState
from .selectors import disaster_get, disaster_list, field_report_get, field_report_list, verification_queue
from .services import (
    disaster_change_status,
    disaster_create,
    field_report_create,
    field_report_return,
    field_report_submit,
    field_report_update,
    field_report_verify,
)
from .services.field_reports import ready_for_province

# ---------------------------------------------------------------------------------------------------------------
# Disasters
# ---------------------------------------------------------------------------------------------------------------


@login_required
def disaster_index(request):
    filterset, filters = page_filterset(request, DisasterFilter)
    disasters = disaster_list(user=request.user, filters=filters).prefetch_related("affected_kabkota")
    page = Paginator(disasters, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "clusters/disaster_list.html",
        {
            "form": filterset.form,
            "page": page,
            "can_manage": has_perm(request.user, Perm.DISASTER_MANAGE),
        },
    )


def _impact_by_kabkota(rows: list[dict]) -> list[dict]:
    seen, table = set(), []
    for row in rows:
        if row["kabkota"] in seen:
            continue
        seen.add(row["kabkota"])
        table.append(
            {
                "kabkota": row["kabkota"],
                "kabkota_name": row["kabkota_name"],
                # (value, areas that reported it): None is "belum dilaporkan", not 0.
                "figures": [(row[name], row["reported_areas"][name]) for name in IMPACT_FIELDS],
                "areas_reported": row["areas_reported"],
                "last_observed_at": row["last_observed_at"],
            }
        )
    return table


@login_required
def disaster_detail(request, pk):
    disaster = disaster_get(user=request.user, pk=pk)
    status = cluster_status(user=request.user, disaster_id=disaster.pk)
    reports = field_report_list(user=request.user, filters={"disaster": disaster.pk})[:10]
    user = request.user
    can_report = has_perm(user, Perm.FIELDREPORT_CREATE) and not disaster.is_closed
    if can_report:
        can_report = any(scope_allows(user, kabkota_code=region.code) for region in disaster.affected_kabkota.all())
    return render(
        request,
        "clusters/disaster_detail.html",
        {
            "disaster": disaster,
            "status": status,
            "impact_rows": _impact_by_kabkota(status["rows"]),
            "cluster_rows": [
                {
                    **row,
                    "contributed_values": [row["contributed"].get(f.name, 0) for f in status["contributed_figures"]],
                }
                for row in status["rows"]
            ],
            "impact_totals": [status["totals"][name] for name in IMPACT_FIELDS],
            "reports": reports,
            "can_report": can_report,
            "can_manage": has_perm(user, Perm.DISASTER_MANAGE) and bool(STATUS_TRANSITIONS[disaster.status]),
        },
    )


@login_required
def disaster_new(request):
    require_perm(request.user, Perm.DISASTER_MANAGE)
    form = DisasterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            disaster = disaster_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Disaster event “%(title)s” was declared.") % {"title": disaster.title})
            return redirect(disaster)
    return render(request, "clusters/disaster_form.html", {"form": form}, status=_form_status(request, form))


# BMKG event words (Indonesian) to BNPB disaster types, to preselect the type of a disaster declared from a warning.
WARNING_EVENT_TYPES = (
    ("tsunami", "109"),
    ("gempa", "108"),
    ("longsor", "102"),
    ("banjir", "101"),
    ("gelombang", "104"),
    ("rob", "104"),
    ("puting beliung", "105"),
    ("angin", "105"),
    ("kekeringan", "106"),
    ("kebakaran", "107"),
    ("erupsi", "111"),
    ("gunung", "111"),
)


def _warning_initial(warning) -> dict:
    text = f"{warning.event} {warning.headline}".lower()
    disaster_type = next((code for word, code in WARNING_EVENT_TYPES if word in text), None)
    started = timezone.localdate(warning.effective or warning.sent)
    return {
        "disaster_type": disaster_type,
        "title": (warning.headline or warning.event)[:200],
        "description": "\n\n".join(part for part in (warning.description, warning.area_desc) if part),
        "started_on": min(started, timezone.localdate()),
        "affected_kabkota": warning.kabkota_codes,
        "status": EmergencyStatus.SIAGA,
    }


@login_required
def disaster_from_warning(request, warning_pk):
    """Declare a disaster event from a BMKG warning: the form starts from the warning, which then links to it."""
    require_perm(request.user, Perm.DISASTER_MANAGE)
    warning = warning_get(user=request.user, pk=warning_pk)
    if warning.disaster_id:
        messages.info(request, _("A disaster event was already declared from this warning."))
        return redirect("clusters:disaster-detail", pk=warning.disaster_id)
    form = DisasterForm(request.POST or None, initial=_warning_initial(warning))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                disaster = disaster_create(user=request.user, **form.cleaned_data)
                warning_link_disaster(user=request.user, warning=warning, disaster_id=disaster.pk)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Disaster event “%(title)s” was declared.") % {"title": disaster.title})
            return redirect(disaster)
    return render(
        request,
        "clusters/disaster_from_warning.html",
        {"form": form, "warning": warning},
        status=_form_status(request, form),
    )


@login_required
def disaster_status(request, pk):
    require_perm(request.user, Perm.DISASTER_MANAGE)
    disaster = disaster_get(user=request.user, pk=pk)
    form = DisasterStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            disaster_change_status(user=request.user, disaster=disaster, **form.cleaned_data)
        except ValidationError as error:
            error = ValidationError(
                {
                    ("valid_from" if key == "status_valid_from" else key): value
                    for key, value in error.message_dict.items()
                }
            )
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The emergency status was changed."))
            return redirect(disaster)
    return render(
        request,
        "clusters/disaster_status_form.html",
        {"form": form, "disaster": disaster},
        status=_form_status(request, form),
    )


# ---------------------------------------------------------------------------------------------------------------
# Field reports
# ---------------------------------------------------------------------------------------------------------------


def _save_report(request, form, *, disaster, report=None, supersedes=None):
    """Create or change the report from a valid form; returns the report, or None with errors on the form."""
    data = form.cleaned_data
    submit = request.POST.get("action") == "submit"
    # Soft validation rules ask for the reporter's explanation (see clusters/templates/.../_warning_comment.html).
    warning_comment = request.POST.get("warning_comment", "")
    try:
        if report is None:
            report, _created = field_report_create(
                user=request.user,
                disaster=disaster,
                area=data["area"],
                observed_at=data["observed_at"],
                idempotency_key=data["idempotency_key"],
                supersedes=supersedes,
                needs=data["needs"],
                submit=submit,
                warning_comment=warning_comment,
                **form.service_figures(),
            )
        else:
            report = field_report_update(
                user=request.user,
                report=report,
                data={"area": data["area"], "observed_at": data["observed_at"], **form.service_figures()},
                needs=data["needs"],
            )
            if submit:
                report = field_report_submit(user=request.user, report=report, warning_comment=warning_comment)
    except ValidationError as error:
        _apply_service_errors(form, error)
        form.asks_warning_comment = "warning_comment" in getattr(error, "error_dict", {})
        return None
    except ApplicationError as error:
        form.add_error(None, error.message)
        return None
    if report.state == ReportState.SUBMITTED:
        messages.success(request, _("Report #%(id)s was sent for approval.") % {"id": report.pk})
    else:
        messages.success(request, _("Report #%(id)s was saved as a draft.") % {"id": report.pk})
    return report


def _report_form_page(request, form, *, disaster, report=None, supersedes=None):
    return render(
        request,
        "clusters/report_form.html",
        {
            "form": form,
            "disaster": disaster,
            "report": report,
            "supersedes": supersedes,
            "asks_warning_comment": getattr(form, "asks_warning_comment", False),
            "warning_comment": request.POST.get("warning_comment", ""),
        },
        status=_form_status(request, form),
    )


@login_required
def report_new(request, pk):
    require_perm(request.user, Perm.FIELDREPORT_CREATE)
    disaster = disaster_get(user=request.user, pk=pk)
    form = FieldReportForm(request.POST or None, user=request.user, disaster=disaster)
    if request.method == "POST" and form.is_valid():
        report = _save_report(request, form, disaster=disaster)
        if report is not None:
            return redirect(report)
    return _report_form_page(request, form, disaster=disaster)


@login_required
def report_edit(request, pk):
    require_perm(request.user, Perm.FIELDREPORT_CREATE)
    report = field_report_get(user=request.user, pk=pk)
    if not report.is_editable:
        messages.error(request, _("Only a draft or returned report can be changed."))
        return redirect(report)
    form = FieldReportForm(request.POST or None, user=request.user, disaster=report.disaster, report=report)
    if request.method == "POST" and form.is_valid():
        saved = _save_report(request, form, disaster=report.disaster, report=report)
        if saved is not None:
            return redirect(saved)
    return _report_form_page(request, form, disaster=report.disaster, report=report)


@login_required
def report_correct(request, pk):
    """A verified report is never changed: its correction is a new report that supersedes it once verified."""
    require_perm(request.user, Perm.FIELDREPORT_CREATE)
    original = field_report_get(user=request.user, pk=pk)
    if original.state != ReportState.VERIFIED:
        messages.error(request, _("Only a verified report is corrected with a new report."))
        return redirect(original)
    form = FieldReportForm(request.POST or None, user=request.user, disaster=original.disaster, report=original)
    if request.method == "POST" and form.is_valid():
        report = _save_report(request, form, disaster=original.disaster, supersedes=original)
        if report is not None:
            return redirect(report)
    return _report_form_page(request, form, disaster=original.disaster, supersedes=original)


@login_required
def report_detail(request, pk):
    report = field_report_get(user=request.user, pk=pk)
    user = request.user
    may_act = scope_allows(user, kabkota_code=report.kabkota_id)
    can_write = has_perm(user, Perm.FIELDREPORT_CREATE) and may_act
    author = user.pk in (report.created_by_id, report.submitted_by_id)
    province = has_perm(user, Perm.FIELDREPORT_VERIFY)
    can_verify = province and report.state in ready_for_province(report.disaster)
    can_approve = (
        not province
        and has_perm(user, Perm.FIELDREPORT_APPROVE)
        and may_act
        and report.disaster.two_levels
        and report.state == ReportState.SUBMITTED
    )
    can_unapprove = (province and report.state in (ReportState.VERIFIED, ReportState.APPROVED)) or (
        not province and has_perm(user, Perm.FIELDREPORT_APPROVE) and may_act and report.state == ReportState.APPROVED
    )
    return render(
        request,
        "clusters/report_detail.html",
        {
            "report": report,
            "people": [(report._meta.get_field(name).verbose_name, getattr(report, name)) for name in IMPACT_FIELDS],
            "facilities": [
                (FacilityKind(kind).label, ", ".join(f"{damage.upper()} {count}" for damage, count in classes.items()))
                for kind, classes in (report.facilities_damaged or {}).items()
                if kind in FacilityKind.values
            ],
            "can_edit": can_write and report.is_editable,
            "can_correct": can_write and report.state == ReportState.VERIFIED,
            "can_verify": can_verify and not author,
            "can_approve": can_approve and not author,
            "can_return": (can_verify or can_approve) and not author,
            "can_unapprove": can_unapprove,
            "can_withdraw": author and can_write and report.is_withdrawable,
            "return_form": ReturnForm(),
        },
    )


@login_required
@require_POST
def report_submit(request, pk):
    report = field_report_get(user=request.user, pk=pk)
    try:
        field_report_submit(user=request.user, report=report, warning_comment=request.POST.get("warning_comment", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Report #%(id)s was sent for verification.") % {"id": report.pk})
    return redirect(report)


@login_required
@require_POST
def report_verify(request, pk):
    report = field_report_get(user=request.user, pk=pk)
    try:
        field_report_verify(user=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    messages.success(request, _("Report #%(id)s was verified.") % {"id": report.pk})
    return redirect("clusters:report-queue")


@login_required
@require_POST
def report_return(request, pk):
    report = field_report_get(user=request.user, pk=pk)
    if not has_perm(request.user, Perm.FIELDREPORT_APPROVE):
        require_perm(request.user, Perm.FIELDREPORT_VERIFY)
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        field_report_return(user=request.user, report=report, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    messages.success(request, _("Report #%(id)s was returned to the officer.") % {"id": report.pk})
    return redirect("clusters:report-queue")


@login_required
def report_mine(request):
    require_perm(request.user, Perm.FIELDREPORT_CREATE)
    # Always the officer's own reports; invalid input shows its errors on the form and narrows nothing else.
    filterset = FieldReportFilter({**request.GET.dict(), "mine": True}, user=request.user)
    filters = filterset if filterset.is_valid() else {"mine": True}
    reports = field_report_list(user=request.user, filters=filters).order_by("-created_at", "-id")
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "clusters/report_list.html",
        {"page": page, "form": filterset.form, "queue": False},
    )


@login_required
def report_queue(request):
    if not has_perm(request.user, Perm.FIELDREPORT_APPROVE):
        require_perm(request.user, Perm.FIELDREPORT_VERIFY)
    filterset, filters = page_filterset(request, VerificationQueueFilter)
    page = Paginator(verification_queue(user=request.user, filters=filters), 25).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return render(
        request,
        "clusters/report_list.html",
        {
            "page": page,
            "form": filterset.form,
            "queue": True,
            "duplicates": likely_duplicates(page.object_list),
            "province": has_perm(request.user, Perm.FIELDREPORT_VERIFY),
        },
    )
