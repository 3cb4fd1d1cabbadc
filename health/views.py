from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.core.forms import form_add_service_errors, form_response_status

from . import selectors, services
from .forms import ConsultationForm, HealthFilterForm, HealthPostForm, SignalCloseForm, SignalFilterForm
from .models import SignalState


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def post_index(request):
    """Health posts in scope, with the open signals above them."""
    form = HealthFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    posts = Paginator(selectors.health_post_list(user=request.user, filters=filters), 25).get_page(
        request.GET.get("page")
    )
    open_signals = selectors.signal_list(user=request.user, filters={**filters, "state": SignalState.OPEN})[:5]
    return render(
        request,
        "health/post_list.html",
        {
            "form": form,
            "page": posts,
            "open_signals": open_signals,
            "query": _query_without_page(request),
            "can_record": has_perm(request.user, Perm.HEALTH_RECORD),
        },
    )


@login_required
def post_new(request):
    require_perm(request.user, Perm.HEALTH_RECORD)
    form = HealthPostForm(request.POST or None, user=request.user, initial={"opened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            post = services.health_post_create(user=request.user, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Health post saved."))
            return redirect(post)
    return render(request, "health/post_form.html", {"form": form}, status=form_response_status(request, form))


@login_required
def post_detail(request, pk):
    post = selectors.health_post_get(user=request.user, pk=pk)
    consultations = selectors.consultation_list(user=request.user, filters={"post": post.pk})[:14]
    signals = selectors.signal_list(user=request.user).filter(post=post)[:10]
    return render(
        request,
        "health/post_detail.html",
        {
            "post": post,
            "consultations": consultations,
            "signals": signals,
            "can_record": has_perm(request.user, Perm.HEALTH_RECORD),
        },
    )


@login_required
def post_edit(request, pk):
    require_perm(request.user, Perm.HEALTH_RECORD)
    post = selectors.health_post_get(user=request.user, pk=pk)
    initial = {name: getattr(post, name) for name in services.POST_FIELDS}
    form = HealthPostForm(request.POST or None, user=request.user, post=post, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.health_post_update(user=request.user, post=post, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Health post saved."))
            return redirect(post)
    return render(
        request, "health/post_form.html", {"form": form, "post": post}, status=form_response_status(request, form)
    )


@login_required
def consultation_new(request, pk):
    """The phone form for one day at one post; ``?date=`` opens an earlier day to correct it."""
    require_perm(request.user, Perm.HEALTH_RECORD)
    post = selectors.health_post_get(user=request.user, pk=pk)
    day = parse_date(request.GET.get("date") or "") or timezone.localdate()
    existing = selectors.consultation_list(user=request.user, filters={"post": post.pk, "date": day}).first()
    initial = {"date": day}
    if existing is not None:
        initial.update({name: getattr(existing, name) for name in ("total", "note", *services.OUTCOME_FIELDS)})
    form = ConsultationForm(
        request.POST or None,
        complaints=selectors.complaint_list(),
        grid=selectors.post_consultation_grid(consultation=existing),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_record(
                user=request.user,
                post=post,
                date=form.cleaned_data["date"],
                total=form.cleaned_data["total"],
                counts=form.counts(),
                note=form.cleaned_data["note"],
                **form.outcomes(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Consultations saved."))
            return redirect(post)
    return render(
        request,
        "health/consultation_form.html",
        {"form": form, "post": post, "existing": existing},
        status=form_response_status(request, form),
    )


@login_required
def signal_index(request):
    form = SignalFilterForm(request.GET or None, user=request.user)
    page = Paginator(selectors.signal_list(user=request.user, filters=form.filters()), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "health/signal_list.html",
        {
            "form": form,
            "page": page,
            "close_form": SignalCloseForm(),
            "query": _query_without_page(request),
            "can_record": has_perm(request.user, Perm.HEALTH_RECORD),
        },
    )


@login_required
@require_POST
def signal_close(request, pk):
    require_perm(request.user, Perm.HEALTH_RECORD)
    signal = selectors.signal_get(user=request.user, pk=pk)
    form = SignalCloseForm(request.POST)
    if form.is_valid():
        try:
            services.signal_close(user=request.user, signal=signal, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Signal closed."))
    return redirect("health:signal-list")
