import hashlib
import logging
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import has_perm, require_perm

from .models import ReportStatus
from .registry import report_builder, report_builders
from .selectors import report_get, report_list
from .services import report_downloaded, report_request

logger = logging.getLogger(__name__)


@login_required
def report_index(request):
    reports = report_list(user=request.user, filters={"disaster": request.GET.get("disaster") or None})
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    requestable = [builder for builder in report_builders().values() if has_perm(request.user, builder.request_perm)]
    return render(request, "reports/list.html", {"page": page, "requestable": requestable})


@login_required
def report_new(request, kind):
    builder = report_builder(kind)
    require_perm(request.user, builder.request_perm)
    # A list page's "export" link carries its filters in the query string: they start as the form's choices.
    initial = request.GET.dict() or None
    form = builder.form_class(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        formats = data.pop("formats", None) or builder.formats
        try:
            reports = report_request(user=request.user, kind=kind, data=data, formats=formats)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, _("The report is being built. This page shows its progress."))
            return redirect(reports[0])
    return render(
        request,
        "reports/form.html",
        {"form": form, "builder": builder},
        status=400 if request.method == "POST" else 200,
    )


def _siblings(report, user):
    """The other formats asked for at the same time (PDF and XLSX of one request)."""
    return (
        report_list(user=user)
        .filter(
            kind=report.kind,
            requested_by_id=report.requested_by_id,
            created_at__range=(report.created_at - timedelta(seconds=5), report.created_at + timedelta(seconds=5)),
            parameters=report.parameters,
        )
        .exclude(pk=report.pk)[:5]
    )


@login_required
def report_detail(request, pk):
    report = report_get(user=request.user, pk=pk)
    return render(request, "reports/detail.html", {"report": report, "siblings": _siblings(report, request.user)})


@login_required
def report_progress(request, pk):
    """The fragment the report page polls with htmx until the build has finished."""
    report = report_get(user=request.user, pk=pk)
    return render(request, "reports/_progress.html", {"report": report})


@login_required
def report_download(request, pk):
    report = report_get(user=request.user, pk=pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404
    # Checked in blocks, then streamed: an export of millions of rows never sits in the web process's memory.
    digest = hashlib.sha256()
    with report.file.open("rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    if digest.hexdigest() != report.checksum_sha256:
        # The stored file no longer matches what was built: never hand out a damaged or altered report.
        logger.error("report %s: stored file does not match its checksum", report.pk)
        return HttpResponse(_("This file is damaged. Ask for the report again."), status=410)
    report_downloaded(user=request.user, report=report)
    response = FileResponse(
        report.file.open("rb"), as_attachment=True, filename=report.filename, content_type=report.content_type
    )
    response["Content-Length"] = str(report.size)
    response["Cache-Control"] = "private, no-store"
    return response
