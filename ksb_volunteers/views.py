"""HTML pages for KSB and TAGANA volunteers. They call the same selectors and services as the API."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404
from banten_dinsos.audit.personal_data import audits_personal_data
from banten_dinsos.core.filtering import page_filterset
from banten_dinsos.core.formatting import format_number
from banten_dinsos.core.forms import form_add_service_errors as _apply_service_errors
from banten_dinsos.core.forms import form_response_status as _status
from banten_dinsos.core.nik import nik_mask
from shelters import selectors as shelter_selectors

from . import selectors, services
from .filters import DeploymentFilter, KsbUnitFilter, MemberFilter, TrainingFilter
from .forms import (
    AvailabilityForm,
    AvailabilitySearchForm,
    DeploymentCancelForm,
    DeploymentEndForm,
    DeploymentForm,
    DeploymentReportForm,
    ImportForm,
    KsbOfficerForm,
    KsbUnitForm,
    LumbungItemForm,
    MemberForm,
    ParticipantForm,
    RosterChoiceForm,
    StakeholderForm,
    TrainingForm,
)
from .models import DeploymentStatus, KsbOfficer, KsbStakeholder, LumbungItem

PAGE_SIZE = 25


def _flash_errors(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _tabs(request):
    user = request.user
    return {
        "can_change": has_perm(user, Perm.VOLUNTEER_CHANGE),
        "can_import": has_perm(user, Perm.VOLUNTEER_IMPORT),
        "can_train": has_perm(user, Perm.TRAINING_MANAGE),
        "can_deploy": has_perm(user, Perm.DEPLOYMENT_MANAGE),
        "may_see_personal": has_perm(user, Perm.VOLUNTEER_VIEW_PERSONAL),
    }


# ---------------------------------------------------------------------------------------------------------------
# TAGANA members
# ---------------------------------------------------------------------------------------------------------------


@login_required
def member_index(request):
    require_perm(request.user, Perm.VOLUNTEER_VIEW)
    filterset, filters = page_filterset(request, MemberFilter)
    members = selectors.members_with_valid_skills(selectors.member_list(user=request.user, filters=filters))
    page = _page(request, members)
    for member in page:
        member.nik_masked = nik_mask(member.nik)
    context = {"form": filterset.form, "page": page, "tab": "members"}
    return render(request, "ksb_volunteers/member_list.html", context | _tabs(request))


def _member_form_data(form):
    data = dict(form.cleaned_data)
    data["phone"] = data.get("phone") or ""
    return data


@login_required
def member_new(request):
    require_perm(request.user, Perm.VOLUNTEER_CHANGE)
    form = MemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = _member_form_data(form)
        try:
            member = services.member_create(user=request.user, **data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("TAGANA member %(name)s was registered.") % {"name": member.full_name})
            return redirect(member)
    context = {"form": form, "member": None, "tab": "members"}
    return render(request, "ksb_volunteers/member_form.html", context | _tabs(request), status=_status(request, form))


@login_required
@audits_personal_data(model="ksb_volunteers.taganamember", what="TAGANA member edit page (NIK)")
def member_edit(request, pk):
    require_perm(request.user, Perm.VOLUNTEER_CHANGE)
    member = selectors.member_get(user=request.user, pk=pk)
    form = MemberForm(request.POST or None, user=request.user, member=member)
    if request.method == "POST" and form.is_valid():
        data = _member_form_data(form)
        skills = data.pop("skills")
        try:
            member = services.member_update(user=request.user, member=member, data=data, skills=skills)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Changes to %(name)s were saved.") % {"name": member.full_name})
            return redirect(member)
    context = {"form": form, "member": member, "tab": "members"}
    return render(request, "ksb_volunteers/member_form.html", context | _tabs(request), status=_status(request, form))


@login_required
def member_detail(request, pk):
    member = selectors.member_get(user=request.user, pk=pk)
    may_see_personal = has_perm(request.user, Perm.VOLUNTEER_VIEW_PERSONAL)
    if may_see_personal:
        services.member_detail_viewed(user=request.user, member=member)
    today = timezone.localdate()
    context = {
        "member": member,
        "skill_entries": selectors.member_skill_entries(member=member),
        "valid_skills": selectors.member_skills(member=member),
        "trainings": selectors.member_trainings(member=member),
        "deployments": selectors.member_deployments(user=request.user, member=member)[:20],
        "on_assignment": services.member_on_assignment(member),
        "availability_form": AvailabilityForm(initial={"availability": member.availability}),
        "today": today,
        "tab": "members",
    }
    return render(request, "ksb_volunteers/member_detail.html", context | _tabs(request))


@login_required
@require_POST
def member_availability(request, pk):
    require_perm(request.user, Perm.VOLUNTEER_CHANGE)
    member = selectors.member_get(user=request.user, pk=pk)
    form = AvailabilityForm(request.POST)
    if form.is_valid():
        try:
            services.member_set_availability(
                user=request.user, member=member, availability=form.cleaned_data["availability"]
            )
        except ValidationError as error:
            _flash_errors(request, error)
        else:
            messages.success(request, _("Availability saved."))
    else:
        messages.error(request, _("Choose the availability."))
    return redirect(member)


@login_required
def availability_search(request):
    require_perm(request.user, Perm.VOLUNTEER_VIEW)
    form = AvailabilitySearchForm(request.GET or None, user=request.user)
    page = None
    if form.is_valid():
        data = form.cleaned_data
        results = selectors.members_with_valid_skills(
            selectors.availability_search(
                user=request.user,
                skill=data["skill"],
                kabkota_code=data["kabkota"].code if data["kabkota"] else None,
                start_at=data["start"],
                end_at=data["end"],
            ),
            on=timezone.localtime(data["end"]).date(),
        )
        page = _page(request, results)
    context = {"form": form, "page": page, "tab": "search"}
    return render(request, "ksb_volunteers/availability_search.html", context | _tabs(request))


# ---------------------------------------------------------------------------------------------------------------
# Roster imports
# ---------------------------------------------------------------------------------------------------------------


@login_required
def roster_import_new(request):
    require_perm(request.user, Perm.VOLUNTEER_IMPORT)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > services.imports.MAX_BYTES:
                raise ValidationError({"file": _("The file is larger than 5 MB; split it into smaller files.")})
            record = services.roster_import(user=request.user, name=upload.name, data=upload.read())
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Import finished: %(created)s added, %(updated)s updated, %(failed)s rows refused.")
                % {
                    "created": format_number(record.rows_created),
                    "updated": format_number(record.rows_updated),
                    "failed": format_number(record.rows_failed),
                },
            )
            return redirect(record)
    context = {
        "form": form,
        "imports": selectors.roster_import_list(user=request.user)[:10],
        "skills": selectors.skill_list(),
        "tab": "import",
    }
    return render(request, "ksb_volunteers/import_form.html", context | _tabs(request), status=_status(request, form))


@login_required
def roster_import_detail(request, pk):
    record = selectors.roster_import_get(user=request.user, pk=pk)
    context = {"record": record, "tab": "import"}
    return render(request, "ksb_volunteers/import_detail.html", context | _tabs(request))


# ---------------------------------------------------------------------------------------------------------------
# KSB units
# ---------------------------------------------------------------------------------------------------------------


@login_required
def ksb_index(request):
    require_perm(request.user, Perm.VOLUNTEER_VIEW)
    filterset, filters = page_filterset(request, KsbUnitFilter)
    page = _page(request, selectors.ksb_unit_list(user=request.user, filters=filters).prefetch_related("hazards"))
    context = {"form": filterset.form, "page": page, "tab": "ksb"}
    return render(request, "ksb_volunteers/ksb_list.html", context | _tabs(request))


def _unit_form_data(form):
    data = dict(form.cleaned_data)
    hazards = data.pop("hazards")
    for field in ("decree_number", "last_activity"):
        data[field] = data.get(field) or ""
    return data, hazards


@login_required
def ksb_new(request):
    require_perm(request.user, Perm.VOLUNTEER_CHANGE)
    form = KsbUnitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, hazards = _unit_form_data(form)
        try:
            unit = services.ksb_unit_create(user=request.user, hazards=hazards, **data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("KSB unit “%(name)s” was registered.") % {"name": unit.name})
            return redirect(unit)
    context = {"form": form, "unit": None, "tab": "ksb"}
    return render(request, "ksb_volunteers/ksb_form.html", context | _tabs(request), status=_status(request, form))


@login_required
def ksb_edit(request, pk):
    require_perm(request.user, Perm.VOLUNTEER_CHANGE)
    unit = selectors.ksb_unit_get(user=request.user, pk=pk)
    form = KsbUnitForm(request.POST or None, user=request.user, unit=unit)
    if request.method == "POST" and form.is_valid():
        data, hazards = _unit_form_data(form)
        try:
            unit = services.ksb_unit_update(user=request.user, unit=unit, data=data, hazards=hazards)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Changes to “%(name)s” were saved.") % {"name": unit.name})
            return redirect(unit)
    context = {"form": form, "unit": unit, "tab": "ksb"}
    return render(request, "ksb_volunteers/ksb_form.html", context | _tabs(request), status=_status(request, form))


def _ksb_detail_context(request, unit, **forms_):
    return {
        "unit": unit,
        "officer_form": forms_.get("officer_form") or KsbOfficerForm(),
        "lumbung_form": forms_.get("lumbung_form") or LumbungItemForm(),
        "stakeholder_form": forms_.get("stakeholder_form") or StakeholderForm(),
        "deployments": selectors.deployment_list(user=request.user, filters={"ksb_unit": unit.pk})[:10],
        "tab": "ksb",
    } | _tabs(request)


@login_required
def ksb_detail(request, pk):
    unit = selectors.ksb_unit_get(user=request.user, pk=pk)
    return render(request, "ksb_volunteers/ksb_detail.html", _ksb_detail_context(request, unit))


def _ksb_part_add(request, pk, form_class, form_key, add):
    require_perm(request.user, Perm.VOLUNTEER_CHANGE)
    unit = selectors.ksb_unit_get(user=request.user, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            add(unit, form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(unit)
    unit = selectors.ksb_unit_get(user=request.user, pk=pk)
    return render(
        request, "ksb_volunteers/ksb_detail.html", _ksb_detail_context(request, unit, **{form_key: form}), status=400
    )


@login_required
@require_POST
def ksb_officer_add(request, pk):
    def add(unit, data):
        services.ksb_officer_add(user=request.user, unit=unit, **data)

    return _ksb_part_add(request, pk, KsbOfficerForm, "officer_form", add)


@login_required
@require_POST
def ksb_lumbung_save(request, pk):
    def add(unit, data):
        services.lumbung_item_save(user=request.user, unit=unit, **data)

    return _ksb_part_add(request, pk, LumbungItemForm, "lumbung_form", add)


@login_required
@require_POST
def ksb_stakeholder_add(request, pk):
    def add(unit, data):
        services.ksb_stakeholder_add(user=request.user, unit=unit, **data)

    return _ksb_part_add(request, pk, StakeholderForm, "stakeholder_form", add)


_PARTS = {
    "pengurus": (KsbOfficer, "officer", services.ksb_officer_remove),
    "lumbung": (LumbungItem, "item", services.lumbung_item_remove),
    "pemangku": (KsbStakeholder, "stakeholder", services.ksb_stakeholder_remove),
}


@login_required
@require_POST
def ksb_part_remove(request, part, pk):
    require_perm(request.user, Perm.VOLUNTEER_CHANGE)
    if part not in _PARTS:
        raise Http404
    model, argument, remove = _PARTS[part]
    record = selectors.ksb_unit_part_get(user=request.user, model=model, pk=pk)
    unit = record.unit
    remove(user=request.user, **{argument: record})
    messages.success(request, _("Removed."))
    return redirect(unit)


@login_required
def ksb_forum(request):
    officers = selectors.ksb_forum_officers(user=request.user)
    context = {"officers": officers, "tab": "forum"}
    return render(request, "ksb_volunteers/ksb_forum.html", context | _tabs(request))


# ---------------------------------------------------------------------------------------------------------------
# Trainings
# ---------------------------------------------------------------------------------------------------------------


@login_required
def training_index(request):
    require_perm(request.user, Perm.VOLUNTEER_VIEW)
    filterset, filters = page_filterset(request, TrainingFilter)
    page = _page(request, selectors.training_list(user=request.user, filters=filters).prefetch_related("skills"))
    context = {"form": filterset.form, "page": page, "tab": "trainings"}
    return render(request, "ksb_volunteers/training_list.html", context | _tabs(request))


@login_required
def training_new(request):
    require_perm(request.user, Perm.TRAINING_MANAGE)
    form = TrainingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Training “%(title)s” was recorded.") % {"title": training.title})
            return redirect(training)
    context = {"form": form, "tab": "trainings"}
    return render(request, "ksb_volunteers/training_form.html", context | _tabs(request), status=_status(request, form))


def _participant_form(request, training, data=None):
    return ParticipantForm(data, user=request.user, training=training)


@login_required
def training_detail(request, pk, participant_form=None):
    training = selectors.training_get(user=request.user, pk=pk)
    context = {
        "training": training,
        "participants": selectors.training_participants(training=training),
        "participant_form": participant_form or _participant_form(request, training),
        "visible_members": set(selectors.member_list(user=request.user).values_list("pk", flat=True)),
        "today": timezone.localdate(),
        "tab": "trainings",
    }
    status = 400 if participant_form is not None else 200
    return render(request, "ksb_volunteers/training_detail.html", context | _tabs(request), status=status)


@login_required
@require_POST
def training_participant_add(request, pk):
    require_perm(request.user, Perm.TRAINING_MANAGE)
    training = selectors.training_get(user=request.user, pk=pk)
    form = _participant_form(request, training, request.POST)
    if form.is_valid():
        try:
            services.training_participant_add(user=request.user, training=training, **form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Participant added."))
            return redirect(training)
    return training_detail(request, pk, participant_form=form)


@login_required
@require_POST
def training_participant_remove(request, pk, participation_pk):
    require_perm(request.user, Perm.TRAINING_MANAGE)
    training = selectors.training_get(user=request.user, pk=pk)
    participation = get_scoped_or_404(
        selectors.training_participants(training=training).filter(member__in=selectors.member_list(user=request.user)),
        pk=participation_pk,
    )
    services.training_participant_remove(user=request.user, participation=participation)
    messages.success(request, _("Participant removed; the skills this training certified for them no longer count."))
    return redirect(training)


# ---------------------------------------------------------------------------------------------------------------
# Deployments
# ---------------------------------------------------------------------------------------------------------------


@login_required
def deployment_index(request):
    require_perm(request.user, Perm.VOLUNTEER_VIEW)
    filterset, filters = page_filterset(request, DeploymentFilter)
    page = _page(request, selectors.deployment_list(user=request.user, filters=filters))
    context = {"form": filterset.form, "page": page, "tab": "deployments"}
    return render(request, "ksb_volunteers/deployment_list.html", context | _tabs(request))


@login_required
def deployment_new(request):
    require_perm(request.user, Perm.DEPLOYMENT_MANAGE)
    user = request.user
    form = DeploymentForm(
        request.POST or None,
        initial={"member": request.GET.get("member"), "ksb_unit": request.GET.get("ksb_unit")},
        user=user,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            deployment = services.deployment_create(user=user, **data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("The deployment was recorded."))
            return redirect(deployment)
    context = {"form": form, "tab": "deployments"}
    return render(
        request, "ksb_volunteers/deployment_form.html", context | _tabs(request), status=_status(request, form)
    )


@login_required
def deployment_detail(request, pk, **forms_):
    deployment = selectors.deployment_get(user=request.user, pk=pk)
    context = {
        "deployment": deployment,
        "end_form": forms_.get("end_form") or DeploymentEndForm(),
        "report_form": forms_.get("report_form") or DeploymentReportForm(initial={"report": deployment.report}),
        "cancel_form": forms_.get("cancel_form") or DeploymentCancelForm(),
        "is_active": deployment.status == DeploymentStatus.ACTIVE,
        "tab": "deployments",
    }
    status = 400 if forms_ else 200
    return render(request, "ksb_volunteers/deployment_detail.html", context | _tabs(request), status=status)


def _deployment_action(request, pk, form_class, form_key, act, success):
    require_perm(request.user, Perm.DEPLOYMENT_MANAGE)
    deployment = selectors.deployment_get(user=request.user, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(deployment, form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(deployment)
    return deployment_detail(request, pk, **{form_key: form})


@login_required
@require_POST
def deployment_end(request, pk):
    def act(deployment, data):
        services.deployment_end(
            user=request.user, deployment=deployment, ended_at=data["ended_at"], report=data["report"]
        )

    return _deployment_action(request, pk, DeploymentEndForm, "end_form", act, _("The assignment was ended."))


@login_required
@require_POST
def deployment_report(request, pk):
    def act(deployment, data):
        services.deployment_report_submit(user=request.user, deployment=deployment, report=data["report"])

    return _deployment_action(request, pk, DeploymentReportForm, "report_form", act, _("The report was saved."))


@login_required
@require_POST
def deployment_cancel(request, pk):
    def act(deployment, data):
        services.deployment_cancel(user=request.user, deployment=deployment, reason=data["reason"])

    return _deployment_action(request, pk, DeploymentCancelForm, "cancel_form", act, _("The assignment was cancelled."))


# ---------------------------------------------------------------------------------------------------------------
# Duty roster
# ---------------------------------------------------------------------------------------------------------------


@login_required
def roster_index(request):
    require_perm(request.user, Perm.VOLUNTEER_VIEW)
    form = RosterChoiceForm(request.GET or None, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        kind, place = ("posko", data["shelter"]) if data["shelter"] else ("ldp", data["ldp_post"])
        target = redirect("ksb_volunteers:roster", kind=kind, pk=place.pk)
        target["Location"] += f"?tanggal={data['date']:%Y-%m-%d}"
        return target
    context = {"form": form, "tab": "roster"}
    return render(request, "ksb_volunteers/roster_index.html", context | _tabs(request))


@login_required
def roster(request, kind, pk):
    require_perm(request.user, Perm.VOLUNTEER_VIEW)
    if kind == "posko":
        place = {"shelter": shelter_selectors.shelter_get(user=request.user, pk=pk)}
    elif kind == "ldp":
        place = {"ldp_post": get_scoped_or_404(shelter_selectors.ldp_post_list(user=request.user), pk=pk)}
    else:
        raise Http404
    day = parse_date(request.GET.get("tanggal") or "") or timezone.localdate()
    lines = selectors.duty_roster(user=request.user, day=day, **place)
    context = {
        "place": next(iter(place.values())),
        "kind": kind,
        "day": day,
        "lines": lines,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "printed_at": timezone.localtime(),
        "tab": "roster",
    }
    return render(request, "ksb_volunteers/roster.html", context | _tabs(request))
