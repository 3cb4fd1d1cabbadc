"""HTML pages of the meetings app: parse input, call one service or selector, render."""

from contextlib import suppress
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.core.filtering import page_filterset
from banten_dinsos.core.formatting import format_number
from banten_dinsos.core.forms import form_add_service_errors as _apply_service_errors
from banten_dinsos.core.forms import form_response_status as _status

from . import selectors, services
from .apis.input_rounds import draft_document_response
from .apis.meetings import ics_response
from .apis.minutes import minutes_pdf_response
from .filters import ActionItemFilter, MeetingFilter
from .formatting import format_datetime
from .forms import (
    ActionItemForm,
    AttendanceForm,
    DecisionForm,
    DocumentInputForm,
    InputRoundForm,
    InviteAgenciesForm,
    MeetingCancelForm,
    MeetingForm,
    MinutesForm,
    PersonForm,
    ProgressForm,
    WalkInForm,
)
from .models import AttendanceStatus, today_wib
from .services.common import require_manage


def _act_and_report(request, action, *, success: str) -> None:
    """Run a one-button action (cancel, remove, close): its refusal comes back as error messages, its success as one."""
    try:
        action()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)


def _require_manage(request, meeting):
    require_manage(user=request.user, meeting=meeting)


# ---------------------------------------------------------------------------------------------------------------
# Meetings: list, calendar, detail, create, edit, cancel
# ---------------------------------------------------------------------------------------------------------------


@login_required
def meeting_index(request):
    filterset, filters = page_filterset(request, MeetingFilter)
    meetings = selectors.meeting_list(user=request.user, filters=filters)
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/list.html",
        {"form": filterset.form, "page": page, "can_create": has_perm(request.user, Perm.MEETING_MANAGE)},
    )


def _month_of(value: str | None) -> date:
    """'2026-01' -> 1 January 2026; anything unreadable is this month (WIB)."""
    # An unreadable month (wrong shape, month 13) falls through to this month instead of failing the page.
    with suppress(ValueError):
        year, month = (int(part) for part in (value or "").split("-"))
        if 1900 <= year <= 2999:
            return date(year, month, 1)
    return today_wib().replace(day=1)


@login_required
def meeting_calendar(request):
    filterset = MeetingFilter(request.GET or None, user=request.user)
    filters = {}
    if filterset.is_valid():
        # The month sets the period.
        filters = {name: value for name, value in filterset.form.cleaned_data.items() if value not in (None, "")}
        filters.pop("date_from", None)
        filters.pop("date_to", None)
    month = _month_of(request.GET.get("bulan"))
    previous = (month.replace(day=1) - date.resolution).replace(day=1)
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return render(
        request,
        "meetings/calendar.html",
        {
            "form": filterset.form,
            "month": month,
            "weeks": selectors.meeting_calendar_month(
                user=request.user, year=month.year, month=month.month, filters=filters
            ),
            "previous": previous,
            "following": following,
        },
    )


@login_required
def meeting_detail(request, pk):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    can_manage = selectors.meeting_can_manage(user=request.user, meeting=meeting)
    action_items = list(selectors.action_item_list(user=request.user, filters={"meeting": meeting.pk}))
    today = today_wib()
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "can_manage": can_manage,
            "summary": selectors.attendance_summary(meeting=meeting),
            "decisions": selectors.meeting_decisions(meeting=meeting),
            "action_items": action_items,
            "overdue": [item for item in action_items if item.is_overdue_on(today)],
            "input_rounds": selectors.input_round_list(user=request.user, filters={"meeting": meeting.pk}),
            "cancel_form": MeetingCancelForm() if can_manage and not meeting.is_cancelled else None,
            "today": today,
        },
    )


@login_required
def meeting_new(request):
    require_perm(request.user, Perm.MEETING_MANAGE)
    form = MeetingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        try:
            meeting = services.meeting_create(user=request.user, **kwargs.pop("data"), **kwargs)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Meeting “%(title)s” was scheduled.") % {"title": meeting.title})
            return redirect(meeting)
    return render(request, "meetings/form.html", {"form": form, "meeting": None}, status=_status(request, form))


@login_required
def meeting_edit(request, pk):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    _require_manage(request, meeting)
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_update(user=request.user, meeting=meeting, **form.service_kwargs(creating=False))
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Changes to “%(title)s” were saved.") % {"title": meeting.title})
            return redirect(meeting)
    return render(request, "meetings/form.html", {"form": form, "meeting": meeting}, status=_status(request, form))


@login_required
@require_POST
def meeting_cancel(request, pk):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    form = MeetingCancelForm(request.POST)
    reason = form.cleaned_data["cancel_reason"] if form.is_valid() else ""
    _act_and_report(
        request,
        lambda: services.meeting_cancel(user=request.user, meeting=meeting, reason=reason),
        success=_("The meeting was cancelled."),
    )
    return redirect(meeting)


@login_required
def meeting_ics(request, pk):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    return ics_response(meeting, url=request.build_absolute_uri(meeting.get_absolute_url()))


# ---------------------------------------------------------------------------------------------------------------
# Participants and attendance
# ---------------------------------------------------------------------------------------------------------------


@login_required
def participant_manage(request, pk):
    """Invite agencies or people; the list of who is invited."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    _require_manage(request, meeting)
    agencies_form = InviteAgenciesForm(prefix="agencies")
    person_form = PersonForm(prefix="person")
    if request.method == "POST":
        try:
            if "invite_agencies" in request.POST:
                agencies_form = InviteAgenciesForm(request.POST, prefix="agencies")
                if agencies_form.is_valid():
                    created = services.participant_invite_agencies(
                        user=request.user,
                        meeting=meeting,
                        agencies=agencies_form.cleaned_data["agencies"],
                        group=agencies_form.cleaned_data["group"],
                    )
                    messages.success(request, _("%(count)s agencies invited.") % {"count": format_number(len(created))})
                    return redirect("meetings:participants", pk=meeting.pk)
            else:
                person_form = PersonForm(request.POST, prefix="person")
                if person_form.is_valid():
                    participant = services.participant_invite(
                        user=request.user, meeting=meeting, **person_form.cleaned_data
                    )
                    messages.success(request, _("%(name)s was invited.") % {"name": participant.display_name})
                    return redirect("meetings:participants", pk=meeting.pk)
        except ValidationError as error:
            _apply_service_errors(person_form if person_form.is_bound else agencies_form, error)
    return render(
        request,
        "meetings/participants.html",
        {
            "meeting": meeting,
            "participants": selectors.participant_list(meeting=meeting),
            "agencies_form": agencies_form,
            "person_form": person_form,
        },
        status=_status(request, agencies_form, person_form),
    )


@login_required
@require_POST
def participant_remove(request, pk, participant_pk):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    participant = selectors.participant_get(meeting=meeting, pk=participant_pk)
    _act_and_report(
        request,
        lambda: services.participant_remove(user=request.user, participant=participant),
        success=_("%(name)s was taken off the list.") % {"name": participant.display_name},
    )
    return redirect("meetings:participants", pk=meeting.pk)


@login_required
def attendance(request, pk):
    """Take attendance of everyone invited, and add walk-ins."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    _require_manage(request, meeting)
    participants = selectors.participant_list(meeting=meeting)
    form = AttendanceForm(participants=participants, prefix="att")
    walk_in_form = WalkInForm(prefix="walkin")
    if request.method == "POST":
        try:
            if "add_walk_in" in request.POST:
                walk_in_form = WalkInForm(request.POST, prefix="walkin")
                if walk_in_form.is_valid():
                    data = dict(walk_in_form.cleaned_data)
                    participant, walk_in = services.attendance_record_person(
                        user=request.user,
                        meeting=meeting,
                        status=data.pop("attendance"),
                        **data,
                    )
                    if walk_in:
                        text = _("%(name)s was not invited and has been added as a walk-in.")
                    else:
                        text = _("%(name)s was on the invitation list; their attendance was recorded.")
                    messages.success(request, text % {"name": participant.display_name})
                    return redirect("meetings:attendance", pk=meeting.pk)
            else:
                form = AttendanceForm(request.POST, participants=participants, prefix="att")
                if form.is_valid():
                    changed = services.attendance_record(
                        user=request.user,
                        meeting=meeting,
                        entries=[services.AttendanceEntry(*entry) for entry in form.entries()],
                    )
                    messages.success(
                        request, _("Attendance saved (%(count)s changed).") % {"count": format_number(changed)}
                    )
                    return redirect("meetings:attendance", pk=meeting.pk)
        except ValidationError as error:
            _apply_service_errors(walk_in_form if walk_in_form.is_bound else form, error)
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "walk_in_form": walk_in_form,
            "summary": selectors.attendance_summary(meeting=meeting),
            "represented": AttendanceStatus.REPRESENTED,
        },
        status=_status(request, form, walk_in_form),
    )


@login_required
def attendance_sheet(request, pk):
    """The printable attendance sheet (daftar hadir), with blank rows for walk-ins to sign."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    can_manage = selectors.meeting_can_manage(user=request.user, meeting=meeting)
    return render(
        request,
        "meetings/attendance_sheet.html",
        {
            "meeting": meeting,
            "participants": selectors.participant_list(meeting=meeting),
            "show_phone": can_manage,
            "blank_rows": range(5),
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# Minutes, decisions and the minutes PDF
# ---------------------------------------------------------------------------------------------------------------


@login_required
def minutes_edit(request, pk):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    _require_manage(request, meeting)
    form = MinutesForm(meeting=meeting, prefix="minutes")
    decision_form = DecisionForm(meeting=meeting, prefix="decision")
    if request.method == "POST":
        try:
            if "add_decision" in request.POST:
                decision_form = DecisionForm(request.POST, meeting=meeting, prefix="decision")
                if decision_form.is_valid():
                    services.decision_add(user=request.user, meeting=meeting, **decision_form.cleaned_data)
                    messages.success(request, _("Decision recorded."))
                    return redirect("meetings:minutes", pk=meeting.pk)
            else:
                form = MinutesForm(request.POST, meeting=meeting, prefix="minutes")
                if form.is_valid():
                    services.minutes_update(
                        user=request.user,
                        meeting=meeting,
                        summary=form.cleaned_data["minutes_summary"],
                        points=form.points(),
                    )
                    messages.success(request, _("Minutes saved."))
                    return redirect("meetings:minutes", pk=meeting.pk)
        except ValidationError as error:
            _apply_service_errors(decision_form if decision_form.is_bound else form, error)
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "form": form,
            "decision_form": decision_form,
            "decisions": selectors.meeting_decisions(meeting=meeting),
        },
        status=_status(request, form, decision_form),
    )


@login_required
@require_POST
def decision_delete(request, pk, decision_pk):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    decision = meeting.decisions.filter(pk=decision_pk).first()
    if decision is None:
        raise Http404
    _act_and_report(
        request, lambda: services.decision_delete(user=request.user, decision=decision), success=_("Decision removed.")
    )
    return redirect("meetings:minutes", pk=meeting.pk)


@login_required
@require_POST
def minutes_pdf_request(request, pk):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    services.minutes_pdf_request(user=request.user, meeting=meeting)
    messages.info(request, _("The minutes PDF is being prepared; the page shows it as soon as it is ready."))
    return redirect(meeting)


@login_required
def minutes_pdf_status(request, pk):
    """The minutes-PDF part of the meeting page, which polls itself (htmx) while the PDF is being built."""
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    can_manage = selectors.meeting_can_manage(user=request.user, meeting=meeting)
    return render(request, "meetings/_minutes_pdf.html", {"meeting": meeting, "can_manage": can_manage})


@login_required
def minutes_pdf_download(request, pk):
    return minutes_pdf_response(selectors.meeting_get(user=request.user, pk=pk))


# ---------------------------------------------------------------------------------------------------------------
# Action items
# ---------------------------------------------------------------------------------------------------------------


@login_required
def action_item_index(request):
    """The owner's list: action items of the user's agency by default (everyone's for provincial staff)."""
    data = request.GET.copy() if request.GET else None
    if data is None and not has_perm(request.user, Perm.MEETING_MANAGE) and request.user.agency_id:
        data = {"mine": "on", "open": "on"}
    filterset = ActionItemFilter(data, user=request.user)
    items = selectors.action_item_list(user=request.user, filters=filterset if filterset.is_valid() else None)
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/action_item_list.html",
        {
            "form": filterset.form,
            "page": page,
            "overdue_count": items.overdue().count(),
            "today": today_wib(),
        },
    )


@login_required
def action_item_new(request, pk):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    _require_manage(request, meeting)
    initial = {}
    if request.GET.get("keputusan"):
        initial["decision"] = meeting.decisions.filter(pk=request.GET["keputusan"]).first()
    form = ActionItemForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.action_item_create(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Action item “%(title)s” was added.") % {"title": item.title})
            return redirect(meeting)
    return render(
        request,
        "meetings/action_item_form.html",
        {"form": form, "meeting": meeting, "item": None},
        status=_status(request, form),
    )


@login_required
def action_item_edit(request, pk):
    item = selectors.action_item_get(user=request.user, pk=pk)
    _require_manage(request, item.meeting)
    form = ActionItemForm(request.POST or None, instance=item, meeting=item.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.action_item_update(user=request.user, item=item, data=form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Changes to “%(title)s” were saved.") % {"title": item.title})
            return redirect(item)
    return render(
        request,
        "meetings/action_item_form.html",
        {"form": form, "meeting": item.meeting, "item": item},
        status=_status(request, form),
    )


@login_required
def action_item_detail(request, pk):
    item = selectors.action_item_get(user=request.user, pk=pk)
    can_update = selectors.action_item_can_update(user=request.user, item=item)
    today = today_wib()
    if request.method == "POST" and not can_update:
        raise PermissionDenied(_("Only the owner agency or the organisers may update this action item."))
    form = ProgressForm(request.POST or None, item=item, today=today) if can_update else None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_progress_add(user=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Progress note saved."))
            return redirect(item)
    return render(
        request,
        "meetings/action_item_detail.html",
        {
            "item": item,
            "progress": selectors.action_item_progress(item=item),
            "form": form,
            "can_edit": selectors.meeting_can_manage(user=request.user, meeting=item.meeting),
            "is_overdue": item.is_overdue_on(today),
            "days_overdue": (today - item.due_on).days,
        },
        status=_status(request, *([form] if form else [])),
    )


# ---------------------------------------------------------------------------------------------------------------
# Document input rounds
# ---------------------------------------------------------------------------------------------------------------


@login_required
def input_round_index(request):
    rounds = selectors.input_round_list(user=request.user)
    page = Paginator(rounds, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/input_round_list.html",
        {"page": page, "can_create": has_perm(request.user, Perm.MEETING_MANAGE)},
    )


@login_required
def input_round_new(request):
    meeting = None
    meeting_pk = request.GET.get("rapat") or request.POST.get("rapat")
    if meeting_pk:
        meeting = selectors.meeting_get(user=request.user, pk=meeting_pk)
        _require_manage(request, meeting)
    require_perm(request.user, Perm.MEETING_MANAGE)
    form = InputRoundForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            input_round = services.input_round_open(
                user=request.user,
                meeting=meeting,
                agencies=data.pop("agencies"),
                document=data.pop("document") or None,
                **data,
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The draft is open for input until %(deadline)s.")
                % {"deadline": format_datetime(input_round.deadline)},
            )
            return redirect(input_round)
    return render(
        request, "meetings/input_round_form.html", {"form": form, "meeting": meeting}, status=_status(request, form)
    )


@login_required
def input_round_detail(request, pk):
    input_round = selectors.input_round_get(user=request.user, pk=pk)
    can_manage = selectors.input_round_can_manage(user=request.user, input_round=input_round)
    can_submit = has_perm(request.user, Perm.DOCUMENT_INPUT_SUBMIT) and not input_round.is_closed
    allowed = input_round.agencies.all() if can_manage else input_round.agencies.filter(pk=request.user.agency_id)
    form = DocumentInputForm(request.POST or None, agencies=allowed) if can_submit and allowed.exists() else None
    if request.method == "POST" and form is None:
        if input_round.is_closed:
            messages.error(request, _("This input round is closed; no more input is taken."))
            return redirect(input_round)
        raise PermissionDenied(_("Your agency was not asked for input in this round."))
    if request.method == "POST" and form.is_valid():
        try:
            document_input = services.document_input_submit(
                user=request.user, input_round=input_round, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            if document_input.is_late:
                messages.warning(
                    request,
                    _("Input received after the deadline (%(deadline)s); it is marked late.")
                    % {"deadline": format_datetime(input_round.deadline)},
                )
            else:
                messages.success(request, _("Input received."))
            return redirect(input_round)
    overview = selectors.input_round_overview(input_round=input_round)
    return render(
        request,
        "meetings/input_round_detail.html",
        {
            "input_round": input_round,
            "overview": overview,
            "given": sum(1 for row in overview if row.state != "missing"),
            "form": form,
            "can_manage": can_manage,
        },
        status=_status(request, *([form] if form else [])),
    )


@login_required
@require_POST
def input_round_close(request, pk):
    input_round = selectors.input_round_get(user=request.user, pk=pk)
    _act_and_report(
        request,
        lambda: services.input_round_close(user=request.user, input_round=input_round),
        success=_("The input round is closed."),
    )
    return redirect(input_round)


@login_required
def input_round_document(request, pk):
    return draft_document_response(selectors.input_round_get(user=request.user, pk=pk))
