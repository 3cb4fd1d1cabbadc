"""HTML pages of the Jitupasna app: parse input, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.core.filtering import page_filterset
from banten_dinsos.core.forms import form_add_service_errors as _apply_service_errors
from banten_dinsos.core.forms import form_response_status as _status
from meetings.formatting import format_datetime

from . import selectors, services
from .filters import AssessmentFilter
from .forms import (
    AssessmentCreateForm,
    AssessmentForm,
    DamageEntryForm,
    LossEntryForm,
    NeedsEntryForm,
    OpenForInputForm,
    SubmitInputForm,
)
from .models import Assessment, OutputFormat


def _refuse_change(request, assessment, list_url):
    """A final assessment answers with its reason on the list page; anyone else not allowed gets 403."""
    if assessment.is_final:
        messages.error(
            request,
            _("The Jitupasna “%(title)s” is final: its figures can no longer be changed.")
            % {"title": assessment.title},
        )
        return redirect(reverse(list_url, args=[assessment.pk]))
    raise PermissionDenied(_("You may not enter figures for this sub-sector or kabupaten/kota."))


def _require_manage(request, assessment: Assessment | None = None):
    if not selectors.can_manage(user=request.user, assessment=assessment):
        raise PermissionDenied(_("Only BPBD and provincial staff may do this."))


# ---------------------------------------------------------------------------------------------------------------
# Assessments
# ---------------------------------------------------------------------------------------------------------------


@login_required
def assessment_index(request):
    filterset, filters = page_filterset(request, AssessmentFilter)
    assessments = selectors.assessment_list(user=request.user, filters=filters)
    page = Paginator(assessments, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "jitupasna/list.html",
        {"form": filterset.form, "page": page, "can_create": selectors.can_manage(user=request.user)},
    )


@login_required
def assessment_new(request):
    _require_manage(request)
    form = AssessmentCreateForm(
        request.POST or None, initial={"disaster": request.GET.get("bencana")}, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The Jitupasna draft is created."))
            return redirect(assessment)
    return render(
        request, "jitupasna/form.html", {"form": form, "heading": _("New Jitupasna")}, status=_status(request, form)
    )


@login_required
def assessment_detail(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    figures = selectors.assessment_summary(user=request.user, assessment=assessment)
    status = selectors.input_status(assessment=assessment)
    submittable = selectors.submittable_agencies(user=request.user, assessment=assessment)
    return render(
        request,
        "jitupasna/detail.html",
        {
            "assessment": assessment,
            "figures": figures,
            "input_status": status,
            "can_manage": selectors.can_manage(user=request.user, assessment=assessment),
            "can_enter": selectors.can_enter(user=request.user, assessment=assessment),
            "whole_document": selectors.can_see_whole_document(user=request.user),
            **_outputs_context(assessment),
            "submit_form": SubmitInputForm(agencies=submittable) if submittable else None,
        },
    )


@login_required
def assessment_edit(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    _require_manage(request, assessment)
    form = AssessmentForm(request.POST or None, instance=assessment, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        meetings = data.pop("meetings")
        try:
            services.assessment_update(
                user=request.user,
                assessment=selectors.assessment_get(user=request.user, pk=pk),
                data=data,
                meetings=meetings,
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The Jitupasna is saved."))
            return redirect(assessment)
    return render(
        request,
        "jitupasna/form.html",
        {"form": form, "assessment": assessment, "heading": _("Change the Jitupasna")},
        status=_status(request, form),
    )


@login_required
def assessment_open(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    _require_manage(request, assessment)
    form = OpenForInputForm(
        request.POST or None, initial={"agencies": [agency.pk for agency in services.default_input_agencies()]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_open_for_input(
                user=request.user, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The Jitupasna is open for input until %(deadline)s.")
                % {"deadline": format_datetime(assessment.input_round.deadline)},
            )
            return redirect(assessment)
    return render(
        request,
        "jitupasna/form.html",
        {"form": form, "assessment": assessment, "heading": _("Open for input")},
        status=_status(request, form),
    )


def _post_action(request, assessment, action, success: str):
    try:
        action()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)
    return redirect(assessment)


@login_required
@require_POST
def assessment_finalise(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    return _post_action(
        request,
        assessment,
        lambda: services.assessment_finalise(user=request.user, assessment=assessment),
        _("The Jitupasna is final. The XLSX and PDF documents are being prepared."),
    )


@login_required
@require_POST
def assessment_prefill(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    try:
        result = services.assessment_prefill(user=request.user, assessment=assessment)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, result.message)
    return redirect("jitupasna:damage-list", pk=assessment.pk)


@login_required
@require_POST
def input_submit(request, pk):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    agencies = selectors.submittable_agencies(user=request.user, assessment=assessment)
    if not agencies:
        messages.error(request, _("There is nothing you can submit on this Jitupasna now."))
        return redirect(assessment)
    form = SubmitInputForm(request.POST, agencies=agencies)
    if form.is_valid():
        try:
            document_input = services.agency_input_submit(user=request.user, assessment=assessment, **form.cleaned_data)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            if document_input.is_late:
                messages.warning(request, _("Input received after the deadline; it is marked late."))
            else:
                messages.success(request, _("Input received."))
    else:
        for field_errors in form.errors.values():
            for text in field_errors:
                messages.error(request, text)
    return redirect(f"{assessment.get_absolute_url()}#masukan")


# ---------------------------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------------------------


def output_response(output) -> FileResponse:
    response = FileResponse(
        output.file.open("rb"),
        as_attachment=True,
        filename=services.output_download_name(output),
        content_type=output.content_type,
    )
    response["X-Checksum-SHA256"] = output.sha256
    return response


def _outputs_context(assessment) -> dict:
    outputs = selectors.assessment_outputs(assessment=assessment)
    return {"outputs": outputs, "outputs_pending": any(output and output.pending for output in outputs.values())}


@login_required
def output_status(request, pk):
    """The documents table of the assessment page, which polls itself (htmx) while a document is being built."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if not selectors.can_see_whole_document(user=request.user):
        raise Http404
    return render(request, "jitupasna/_documents.html", {"assessment": assessment, **_outputs_context(assessment)})


@login_required
def output_download(request, pk, fmt):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    return output_response(selectors.assessment_output_get(user=request.user, assessment=assessment, fmt=fmt))


@login_required
@require_POST
def output_request(request, pk, fmt):
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if fmt not in OutputFormat.values or not selectors.can_see_whole_document(user=request.user):
        raise Http404
    services.assessment_output_request(user=request.user, assessment=assessment, formats=[fmt])
    messages.info(request, _("The document is being prepared; the page shows it as soon as it is ready."))
    return redirect(f"{assessment.get_absolute_url()}#dokumen")


# ---------------------------------------------------------------------------------------------------------------
# Entries: damage, loss, needs
# ---------------------------------------------------------------------------------------------------------------

ENTRY_KINDS = {
    "damage": {
        "list": selectors.damage_entry_list,
        "get": selectors.damage_entry_get,
        "create": services.damage_entry_create,
        "update": services.damage_entry_update,
        "delete": services.damage_entry_delete,
        "form": DamageEntryForm,
        "template": "jitupasna/damage_list.html",
        "url": "jitupasna:damage-list",
    },
    "loss": {
        "list": selectors.loss_entry_list,
        "get": selectors.loss_entry_get,
        "create": services.loss_entry_create,
        "update": services.loss_entry_update,
        "delete": services.loss_entry_delete,
        "form": LossEntryForm,
        "template": "jitupasna/loss_list.html",
        "url": "jitupasna:loss-list",
    },
    "needs": {
        "list": selectors.needs_entry_list,
        "get": selectors.needs_entry_get,
        "create": services.needs_entry_create,
        "update": services.needs_entry_update,
        "delete": services.needs_entry_delete,
        "form": NeedsEntryForm,
        "template": "jitupasna/needs_list.html",
        "url": "jitupasna:needs-list",
    },
}


def _entry_form(kind: str, request, assessment, *, instance=None):
    limits = {"kabkota": selectors.enterable_kabkota(user=request.user, assessment=assessment)}
    if kind == "needs":
        limits["sectors"] = selectors.enterable_sectors(user=request.user, assessment=assessment)
    else:
        limits["sub_sectors"] = selectors.enterable_sub_sectors(user=request.user, assessment=assessment)
    return ENTRY_KINDS[kind]["form"](request.POST or None, instance=instance, **limits)


def entry_index(request, pk, kind):
    """The entries of one kind with a form to add one (when the user may)."""
    config = ENTRY_KINDS[kind]
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    filterset = selectors.entry_filterset(user=request.user, assessment=assessment, data=request.GET or None)
    filters = filterset if filterset.is_valid() else None
    can_enter = selectors.can_enter(user=request.user, assessment=assessment)
    form = _entry_form(kind, request, assessment) if can_enter else None
    if request.method == "POST":
        if form is None:
            return _refuse_change(request, assessment, config["url"])
        if form.is_valid():
            try:
                config["create"](user=request.user, assessment=assessment, **form.cleaned_data)
            except ValidationError as error:
                _apply_service_errors(form, error)
            else:
                messages.success(request, _("The entry is saved."))
                return redirect(reverse(config["url"], args=[assessment.pk]))
    entries = list(config["list"](user=request.user, assessment=assessment, filters=filters))
    context = {
        "assessment": assessment,
        "entries": entries,
        "form": form,
        "filter_form": filterset.form,
        "kind": kind,
        "can_manage": selectors.can_manage(user=request.user, assessment=assessment),
    }
    if kind == "damage":
        for entry in entries:
            entry.damage = selectors.entry_damage(entry, assessment)
        context["total"] = sum((entry.damage for entry in entries), start=0)
    elif kind == "loss":
        context["total"] = sum((entry.total for entry in entries), start=0)
    else:
        context["figures"] = selectors.assessment_summary(user=request.user, assessment=assessment)
    # The same rule as can_enter, worked out once for the whole list.
    areas = set(selectors.enterable_kabkota(user=request.user, assessment=assessment).values_list("code", flat=True))
    if kind == "needs":
        allowed = set(
            selectors.enterable_sectors(user=request.user, assessment=assessment).values_list("pk", flat=True)
        )
    else:
        allowed = set(
            selectors.enterable_sub_sectors(user=request.user, assessment=assessment).values_list("pk", flat=True)
        )
    for entry in entries:
        owner = entry.sector_id if kind == "needs" else entry.sub_sector_id
        entry.can_edit = owner in allowed and entry.kabkota_id in areas
    return render(request, config["template"], context, status=_status(request, *([form] if form else [])))


def entry_edit(request, pk, kind, entry_pk):
    config = ENTRY_KINDS[kind]
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    entry = config["get"](user=request.user, assessment=assessment, pk=entry_pk)
    if not selectors.can_enter(
        user=request.user,
        assessment=assessment,
        sub_sector=getattr(entry, "sub_sector", None),
        sector=getattr(entry, "sector", None) if kind == "needs" else None,
        kabkota_code=entry.kabkota_id,
    ):
        return _refuse_change(request, assessment, config["url"])
    form = _entry_form(kind, request, assessment, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            config["update"](
                user=request.user,
                entry=config["get"](user=request.user, assessment=assessment, pk=entry_pk),
                data=form.cleaned_data,
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The entry is saved."))
            return redirect(reverse(config["url"], args=[assessment.pk]))
    return render(
        request,
        "jitupasna/entry_form.html",
        {"assessment": assessment, "entry": entry, "form": form, "kind": kind, "list_url": config["url"]},
        status=_status(request, form),
    )


@require_POST
def entry_delete(request, pk, kind, entry_pk):
    config = ENTRY_KINDS[kind]
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    entry = config["get"](user=request.user, assessment=assessment, pk=entry_pk)
    try:
        config["delete"](user=request.user, entry=entry)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The entry is deleted."))
    return redirect(reverse(config["url"], args=[assessment.pk]))


def _entry_views(kind: str):
    index = login_required(lambda request, pk: entry_index(request, pk, kind))
    edit = login_required(lambda request, pk, entry_pk: entry_edit(request, pk, kind, entry_pk))
    delete = login_required(lambda request, pk, entry_pk: entry_delete(request, pk, kind, entry_pk))
    return index, edit, delete


damage_index, damage_edit, damage_delete = _entry_views("damage")
loss_index, loss_edit, loss_delete = _entry_views("loss")
needs_index, needs_edit, needs_delete = _entry_views("needs")


@login_required
def reference(request):
    """The sectors, sub-sectors with their responsible agencies, and the default damage class factors."""
    require_perm(request.user, Perm.JITUPASNA_VIEW)
    return render(
        request,
        "jitupasna/reference.html",
        {"sectors": selectors.sector_list(), "factors": selectors.damage_factor_list()},
    )
