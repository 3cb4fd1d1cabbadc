"""HTML pages of the PMKS registry: thin, calling the same services and selectors as the API."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.audit.models import AuditAction
from banten_dinsos.audit.personal_data import audits_personal_data
from banten_dinsos.audit.services import audit_record
from banten_dinsos.core.downloads import download_filename, name_download
from banten_dinsos.core.filtering import page_filterset
from banten_dinsos.core.formatting import format_number
from banten_dinsos.core.forms import form_add_service_errors as _apply_service_errors
from banten_dinsos.core.forms import form_response_status as _form_status
from banten_dinsos.core.nik import mask_number

from . import exports
from .filters import ClientFilter, StatisticsFilter
from .forms import (
    AdmitForm,
    ClientForm,
    DischargeForm,
    ImportForm,
    MergeForm,
    NikSearchForm,
    ServiceForm,
    StatusChangeForm,
)
from .models import ClientStatus, DataSource
from .selectors import (
    client_duplicates,
    client_find_by_nik,
    client_get,
    client_history,
    client_page,
    import_job_get,
    import_job_list,
    panti_choices,
    panti_get,
    panti_list,
    panti_residents,
    placement_get,
    pmks_statistics,
    statistics_kabkota,
    subject_report_data,
)
from .services import (
    client_access_record,
    client_create,
    client_merge,
    client_service_record,
    client_status_change,
    client_update,
    import_job_create,
    placement_admit,
    placement_discharge,
)

PAGE_SIZE = 25


def _nik_shaped(value: str) -> bool:
    digits = "".join(value.split())
    return len(digits) >= 6 and digits.isdigit()


def _int_param(request, name):
    try:
        return int(request.GET[name])
    except (KeyError, ValueError):
        return None


def _errors_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(" ".join(messages_) for messages_ in error.message_dict.values())
    return " ".join(error.messages)


def _form_errors_text(form) -> str:
    """'Tanggal: Isian ini wajib.' - each message with the label of the field it belongs to."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------------------------
# Clients
# ---------------------------------------------------------------------------------------------------------------
@login_required
@audits_personal_data(model="pmks_registry.client", what="PMKS client list page (names, birth dates, PMKS types)")
def client_index(request):
    require_perm(request.user, Perm.PMKS_VIEW)
    if _nik_shaped(request.GET.get("q", "")):
        # A NIK in a GET lands in the address bar, the history and the server log: send people to the POST search.
        messages.error(request, _("Search by NIK with the NIK search field: the name search cannot take a NIK."))
        return redirect("pmks_registry:client-list")
    filterset, filters = page_filterset(request, ClientFilter)
    page = client_page(
        user=request.user,
        filters=filters,
        after=_int_param(request, "after"),
        before=_int_param(request, "before"),
        size=PAGE_SIZE,
    )
    request.audit_record_count = len(page.rows)
    return render(
        request,
        "pmks_registry/client_list.html",
        {
            "form": filterset.form,
            "page": page,
            "nik_form": NikSearchForm(),
            "can_change": has_perm(request.user, Perm.PMKS_CHANGE),
            "can_export": has_perm(request.user, Perm.PMKS_EXPORT),
        },
    )


@login_required
@require_POST
@audits_personal_data(model="pmks_registry.client", what="PMKS search by NIK (page)")
def client_search_nik(request):
    """Search by NIK: a POST, so the NIK never appears in a URL, a query string or an access log."""
    require_perm(request.user, Perm.PMKS_VIEW)
    form = NikSearchForm(request.POST)
    if form.is_valid():
        client = client_find_by_nik(user=request.user, nik=form.cleaned_data["nik"])
        if client is not None:
            return redirect(client)
        messages.warning(request, _("No client with this NIK in your area."))
    else:
        messages.error(request, _("NIK must have exactly 16 digits."))
    return redirect("pmks_registry:client-list")


@login_required
def client_detail(request, pk):
    client = client_get(user=request.user, pk=pk)
    show_nik = has_perm(request.user, Perm.PMKS_VIEW_NIK)
    client_access_record(user=request.user, client=client)
    can_change = has_perm(request.user, Perm.PMKS_CHANGE)
    today = timezone.localdate()
    return render(
        request,
        "pmks_registry/client_detail.html",
        {
            "client": client,
            "nik": client.nik if show_nik else mask_number(client.nik),
            "no_kk": client.no_kk if show_nik else mask_number(client.no_kk),
            **client_history(client=client),
            "can_change": can_change,
            "status_form": StatusChangeForm(initial={"changed_on": today}) if can_change else None,
            "service_form": ServiceForm(initial={"provided_on": today}) if can_change else None,
            "admit_form": (
                AdmitForm(panti_queryset=panti_choices(user=request.user), initial={"admitted_on": today})
                if can_change
                else None
            ),
            "discharge_form": DischargeForm(initial={"discharged_on": today}) if can_change else None,
        },
    )


@login_required
def client_new(request):
    require_perm(request.user, Perm.PMKS_CHANGE)
    form = ClientForm(request.POST or None, user=request.user, initial={"source": DataSource.FIELD_ASSESSMENT})
    if request.method == "POST" and form.is_valid():
        try:
            client = client_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Client “%(name)s” was registered.") % {"name": client.name})
            return redirect(client)
    return render(
        request, "pmks_registry/client_form.html", {"form": form, "client": None}, status=_form_status(request, form)
    )


@login_required
@audits_personal_data(model="pmks_registry.client", what="PMKS client edit page (NIK, No. KK)")
def client_edit(request, pk):
    require_perm(request.user, Perm.PMKS_CHANGE)
    client = client_get(user=request.user, pk=pk)
    initial = {
        "nik": client.nik,
        "no_kk": client.no_kk,
        "name": client.name,
        "sex": client.sex,
        "birth_date": client.birth_date,
        "desa": client.desa,
        "address": client.address,
        "types": list(client.types.all()),
        "source": client.source,
        "last_verified_on": client.last_verified_on,
    }
    form = ClientForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        types = data.pop("types")
        try:
            client = client_update(user=request.user, client=client, data=data, types=types)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Changes to “%(name)s” were saved.") % {"name": client.name})
            return redirect(client)
    return render(
        request, "pmks_registry/client_form.html", {"form": form, "client": client}, status=_form_status(request, form)
    )


def _client_action(request, pk, form, action):
    """Run a small POST action on one client's page and come back to it with the outcome as a message."""
    client = client_get(user=request.user, pk=pk)
    if not form.is_valid():
        messages.error(request, _("Please check the form: %(errors)s") % {"errors": _form_errors_text(form)})
        return redirect(client)
    try:
        message = action(client, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _errors_text(error))
    else:
        messages.success(request, message)
    return redirect(client)


@login_required
@require_POST
def client_status(request, pk):
    require_perm(request.user, Perm.PMKS_CHANGE)

    def action(client, data):
        client_status_change(user=request.user, client=client, **data)
        return _("Status changed to “%(status)s”.") % {"status": ClientStatus(data["status"]).label}

    return _client_action(request, pk, StatusChangeForm(request.POST), action)


@login_required
@require_POST
def client_service_add(request, pk):
    require_perm(request.user, Perm.PMKS_CHANGE)

    def action(client, data):
        client_service_record(user=request.user, client=client, **data)
        return _("The service was recorded.")

    return _client_action(request, pk, ServiceForm(request.POST), action)


@login_required
@require_POST
def client_admit(request, pk):
    require_perm(request.user, Perm.PMKS_CHANGE)

    def action(client, data):
        placement_admit(
            user=request.user,
            client=client,
            panti=data["panti"],
            admitted_on=data["admitted_on"],
            reason=data["admission_reason"],
        )
        return _("The client was admitted to %(panti)s.") % {"panti": data["panti"].name}

    return _client_action(request, pk, AdmitForm(request.POST, panti_queryset=panti_choices(user=request.user)), action)


@login_required
@require_POST
def client_discharge(request, pk, placement_pk):
    require_perm(request.user, Perm.PMKS_CHANGE)

    def action(client, data):
        placement = placement_get(user=request.user, client=client, pk=placement_pk)
        placement_discharge(
            user=request.user,
            placement=placement,
            discharged_on=data["discharged_on"],
            reason=data["discharge_reason"],
        )
        return _("The stay in the panti was ended.")

    return _client_action(request, pk, DischargeForm(request.POST), action)


# ---------------------------------------------------------------------------------------------------------------
# Duplicates
# ---------------------------------------------------------------------------------------------------------------
@login_required
def duplicates(request):
    groups = client_duplicates(user=request.user)
    return render(
        request,
        "pmks_registry/duplicates.html",
        {"groups": groups, "can_merge": has_perm(request.user, Perm.PMKS_MERGE)},
    )


@login_required
@require_POST
def duplicates_merge(request):
    require_perm(request.user, Perm.PMKS_MERGE)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for merging."))
        return redirect("pmks_registry:duplicates")
    keep = client_get(user=request.user, pk=form.cleaned_data["keep"])
    merge = client_get(user=request.user, pk=form.cleaned_data["merge"])
    try:
        kept = client_merge(user=request.user, keep=keep, merge=merge, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, _errors_text(error))
        return redirect("pmks_registry:duplicates")
    messages.success(request, _("The records were merged into “%(name)s”.") % {"name": kept.name})
    return redirect(kept)


# ---------------------------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------------------------
@login_required
def import_index(request):
    require_perm(request.user, Perm.PMKS_IMPORT)
    if request.method == "POST" and _upload_too_large(request):
        # Refused from the request's declared size, before Django stores the upload on disk.
        message = _("The file is larger than %(max)s MB; split it into smaller files.") % {
            "max": format_number(settings.PMKS_IMPORT_MAX_BYTES // (1024 * 1024))
        }
        context = {"form": ImportForm(), "jobs": import_job_list(user=request.user), "upload_error": message}
        return render(request, "pmks_registry/import.html", context, status=413)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                user=request.user,
                uploaded_file=form.cleaned_data["file"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            return redirect(job)
    return render(
        request,
        "pmks_registry/import.html",
        {"form": form, "jobs": import_job_list(user=request.user)},
        status=_form_status(request, form),
    )


def _upload_too_large(request) -> bool:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return declared > settings.PMKS_IMPORT_MAX_BYTES + 64 * 1024  # room for the form's other fields


@login_required
def import_detail(request, pk):
    job = import_job_get(user=request.user, pk=pk)
    return render(request, "pmks_registry/import_detail.html", {"job": job})


@login_required
def import_progress(request, pk):
    """The progress fragment the import page polls with htmx until the job has finished."""
    job = import_job_get(user=request.user, pk=pk)
    return render(request, "pmks_registry/_import_progress.html", {"job": job})


@login_required
def import_error_report(request, pk):
    job = import_job_get(user=request.user, pk=pk)
    if not job.error_report:
        raise Http404
    return FileResponse(
        job.error_report.open("rb"),
        as_attachment=True,
        filename=download_filename("galat-impor-pmks", job.pk, job.created_at, "csv"),
        content_type="text/csv; charset=utf-8",
    )


@login_required
def import_template(request, fmt):
    require_perm(request.user, Perm.PMKS_IMPORT)
    if fmt == "xlsx":
        response = HttpResponse(exports.import_template_xlsx(), content_type=exports.XLSX_TYPE)
    else:
        response = HttpResponse(exports.import_template_csv(), content_type="text/csv; charset=utf-8")
    name_download(response, f"templat-impor-pmks.{fmt}")  # a template holds no day
    return response


# ---------------------------------------------------------------------------------------------------------------
# Statistics
# ---------------------------------------------------------------------------------------------------------------
@login_required
def statistics(request):
    filterset, filters = page_filterset(request, StatisticsFilter)
    stats = pmks_statistics(user=request.user, filters=filters)
    chart = {
        "types": {
            "labels": [f"{row['type'].number}" for row in stats["matrix"]],
            "names": [row["type"].name for row in stats["matrix"]],
            "values": [row["total"] for row in stats["matrix"]],
        },
        "status": {
            "labels": [str(label) for _c, label, _n in stats["by_status"]],
            "values": [n for *_x, n in stats["by_status"]],
        },
        "months": {
            "labels": [month.strftime("%m/%Y") for month, _n in stats["per_month"]],
            "values": [n for _m, n in stats["per_month"]],
        },
        "label_clients": _("Clients"),
        "label_new": _("New clients"),
    }
    return render(
        request,
        "pmks_registry/statistics.html",
        {
            "form": filterset.form,
            "stats": stats,
            "chart": chart,
            "can_export": has_perm(request.user, Perm.PMKS_EXPORT),
        },
    )


@login_required
def statistics_export(request):
    require_perm(request.user, Perm.PMKS_EXPORT)
    _filterset, filters = page_filterset(request, StatisticsFilter)
    stats = pmks_statistics(user=request.user, filters=filters)
    chosen = statistics_kabkota(user=request.user, filters=filters)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        model="pmks_registry.client",
        kabkota_code=chosen.code if chosen else "",
        note="statistics xlsx",
    )
    response = HttpResponse(exports.statistics_xlsx(stats), content_type=exports.XLSX_TYPE)
    name_download(response, download_filename("statistik-pmks", None, None, "xlsx"))
    return response


# ---------------------------------------------------------------------------------------------------------------
# Panti sosial
# ---------------------------------------------------------------------------------------------------------------
@login_required
def panti_index(request):
    return render(request, "pmks_registry/panti_list.html", {"panti_list": panti_list(user=request.user)})


@login_required
def panti_detail(request, pk):
    panti = panti_get(user=request.user, pk=pk)
    return render(
        request,
        "pmks_registry/panti_detail.html",
        {"panti": panti, "residents": panti_residents(user=request.user, panti=panti)},
    )


# ---------------------------------------------------------------------------------------------------------------
# Data-subject report (access requests under UU 27/2022)
# ---------------------------------------------------------------------------------------------------------------
@login_required
def subject_report(request):
    """Everything held about one NIK. The NIK only ever travels in POST bodies; each report is audited."""
    require_perm(request.user, Perm.PMKS_SUBJECT_REPORT)
    form = NikSearchForm(request.POST or None)
    context = {"form": form, "data": None, "searched": False}
    if request.method == "POST" and form.is_valid():
        data = subject_report_data(user=request.user, nik=form.cleaned_data["nik"])
        context.update(searched=True, data=data)
        fmt = request.POST.get("format", "")
        if data is None:
            audit_record(
                actor=request.user,
                action=AuditAction.VIEW,
                model="pmks_registry.client",
                note="data-subject report: nothing held",
            )
        elif fmt in ("json", "pdf"):
            client_access_record(
                user=request.user,
                client=data["client"],
                action=AuditAction.EXPORT,
                note=f"data-subject report ({fmt})",
            )
            if fmt == "json":
                response = HttpResponse(exports.subject_report_json(data), content_type="application/json")
            else:
                response = HttpResponse(exports.subject_report_pdf(data), content_type="application/pdf")
            name_download(response, download_filename("laporan-data-pribadi", data["client"].pk, None, fmt))
            return response
        else:
            client_access_record(user=request.user, client=data["client"], note="data-subject report (screen)")
    return render(request, "pmks_registry/subject_report.html", context, status=_form_status(request, form))
