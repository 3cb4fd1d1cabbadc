"""The logistics pages. Thin: parse the form, call one service or selector, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.accounts.scoping import get_scoped_or_404
from banten_dinsos.core.downloads import download_filename, name_download
from banten_dinsos.core.exceptions import ApplicationError
from banten_dinsos.core.filtering import page_filterset
from banten_dinsos.core.forms import form_add_service_errors, form_response_status
from banten_dinsos.regions.selectors import kabkota_list

from . import selectors, services
from .filters import (
    EXPIRY_WARNING_DAYS,
    DistributionFilter,
    DonationFilter,
    ExpiringFilter,
    LocationFilter,
    MoveFilter,
    PositionFilter,
    RequestFilter,
)
from .forms import (
    CountForm,
    DecisionForm,
    DispatchForm,
    DonationForm,
    LocationForm,
    MoveForm,
    ReceiveForm,
    RequestForm,
    ReverseForm,
)
from .hxl import distribution_hxl_csv
from .models import Batch, DispatchStatus, RequestStatus
from .pdf import delivery_note_pdf, donation_receipt_pdf
from .xlsx import stock_card_xlsx

PAGE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE).get_page(request.GET.get("page"))


def _service_errors(form, error) -> None:
    """A ValidationError names fields; an ApplicationError (a reused key) is shown on the whole form."""
    if isinstance(error, ApplicationError):
        form.add_error(None, error.message)
    else:
        form_add_service_errors(form, error)


def _render(request, template, context, *forms):
    return render(request, template, context, status=form_response_status(request, *forms))


# --- stock position, places, map ----------------------------------------------------------------------------------
@login_required
def position(request):
    filterset, chosen = page_filterset(request, PositionFilter)
    location = kabkota = None
    if chosen is not None:
        location = chosen.form.cleaned_data.get("location")
        region = chosen.form.cleaned_data.get("kabkota")
        kabkota = region.code if region is not None else None
    data = selectors.stock_position(user=request.user, location=location, kabkota=kabkota)
    return render(
        request,
        "logistics/position.html",
        {
            "form": filterset.form,
            "data": data,
            "can_post": has_perm(request.user, Perm.STOCK_POST),
            "can_request": has_perm(request.user, Perm.LOGISTICS_REQUEST),
        },
    )


@login_required
def dashboard_tile(request):
    """The logistics tile of the dashboard, loaded by the dashboard page after it renders (its own queries)."""
    return render(
        request, "logistics/_dashboard_tile.html", {"logistics_tile": selectors.logistics_tile(user=request.user)}
    )


@login_required
def location_index(request):
    filterset, filters = page_filterset(request, LocationFilter)
    return render(
        request,
        "logistics/location_list.html",
        {
            "form": filterset.form,
            "page": _page(request, selectors.location_list(user=request.user, filters=filters)),
            "can_create": has_perm(request.user, Perm.LOCATION_MANAGE),
        },
    )


@login_required
def location_new(request):
    require_perm(request.user, Perm.LOCATION_MANAGE)
    form = LocationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
        try:
            location = services.location_create(
                user=request.user, name=data.pop("name"), kind=data.pop("kind"), region=data.pop("region"), **data
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” was registered.") % {"name": location.name})
            return redirect(location)
    return _render(request, "logistics/form.html", {"form": form, "title": _("Register a place")}, form)


@login_required
def location_detail(request, pk):
    location = selectors.location_get(user=request.user, pk=pk)
    return render(
        request,
        "logistics/location_detail.html",
        {
            "location": location,
            "balances": selectors.balance_list(user=request.user, filters={"location": location.pk}),
            "position": selectors.stock_position(user=request.user, location=location)
            if location.is_warehouse
            else None,
            "moves": selectors.move_list(user=request.user, filters={"location": location.pk})[:20],
            "can_post": has_perm(request.user, Perm.STOCK_POST),
        },
    )


@login_required
def warehouse_map(request):
    return render(
        request,
        "logistics/map.html",
        {
            "points": selectors.warehouse_map_points(user=request.user),
            "map_config": {
                "tileUrl": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
                "places": [
                    {"name": region.name, "lat": float(region.latitude), "lon": float(region.longitude)}
                    for region in kabkota_list().exclude(latitude__isnull=True)
                ],
            },
        },
    )


@login_required
def stock_alerts(request):
    filterset, filters = page_filterset(request, ExpiringFilter)
    return render(
        request,
        "logistics/alerts.html",
        {
            "form": filterset.form,
            "days": filters.form.cleaned_data["days"] if filters is not None else EXPIRY_WARNING_DAYS,
            "expiring": selectors.expiring_list(user=request.user, filters=filters)[:200],
            "low": selectors.low_stock_list(user=request.user),
        },
    )


@login_required
def stock_card_download(request):
    location = selectors.location_get(user=request.user, pk=request.GET.get("location"))
    item = get_scoped_or_404(selectors.item_list(user=request.user), pk=request.GET.get("item"))
    rows = selectors.stock_card(user=request.user, location=location, item=item)
    response = HttpResponse(
        stock_card_xlsx(location=location, item=item, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name_download(response, download_filename("kartu-stok", f"{location.code} {item.code}", None, "xlsx"))
    return response


# --- the ledger ---------------------------------------------------------------------------------------------------
@login_required
def move_index(request):
    filterset, filters = page_filterset(request, MoveFilter)
    return render(
        request,
        "logistics/move_list.html",
        {
            "form": filterset.form,
            "page": _page(request, selectors.move_list(user=request.user, filters=filters)),
            "can_post": has_perm(request.user, Perm.STOCK_POST),
        },
    )


@login_required
def move_new(request):
    require_perm(request.user, Perm.STOCK_POST)
    form = MoveForm(request.POST or None, user=request.user, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            move, created = services.move_post(user=request.user, **data)
        except (ValidationError, ApplicationError) as error:
            _service_errors(form, error)
        else:
            if created:
                messages.success(request, _("Move #%(id)s was posted.") % {"id": move.pk})
            else:
                messages.info(
                    request, _("This move was already posted (#%(id)s); nothing was posted twice.") % {"id": move.pk}
                )
            return redirect(move)
    return _render(request, "logistics/form.html", {"form": form, "title": _("Post a stock move")}, form)


@login_required
def move_detail(request, pk):
    move = selectors.move_get(user=request.user, pk=pk)
    try:
        reversal = move.reversed_by
    except type(move).DoesNotExist:
        reversal = None
    can_reverse = (
        has_perm(request.user, Perm.STOCK_POST)
        and reversal is None
        and move.kind != "pembalikan"
        and move.dispatch_id is None
        and move.donation_id is None
    )
    return render(
        request,
        "logistics/move_detail.html",
        {"move": move, "reversal": reversal, "form": ReverseForm(user=request.user) if can_reverse else None},
    )


@login_required
@require_POST
def move_reverse(request, pk):
    move = selectors.move_get(user=request.user, pk=pk)
    require_perm(request.user, Perm.STOCK_POST)
    form = ReverseForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            reversal, _created = services.move_reverse(user=request.user, move=move, **form.cleaned_data)
        except (ValidationError, ApplicationError) as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Move #%(id)s was reversed by #%(new)s.") % {"id": move.pk, "new": reversal.pk})
            return redirect(reversal)
    return _render(request, "logistics/move_detail.html", {"move": move, "reversal": None, "form": form}, form)


@login_required
def stock_count(request):
    require_perm(request.user, Perm.STOCK_POST)
    form = CountForm(request.POST or None, user=request.user, initial={"location": request.GET.get("location")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = (data.pop("batch_code") or "").strip() or "UMUM"
        batch = Batch.objects.filter(item=data["item"], code=code).first()
        if batch is None:
            form.add_error("batch_code", _("There is no batch %(code)s of this item.") % {"code": code})
        else:
            try:
                move, _created = services.stock_count_record(user=request.user, batch=batch, **data)
            except (ValidationError, ApplicationError) as error:
                _service_errors(form, error)
            else:
                if move is None:
                    messages.info(request, _("The count equals the books; nothing was posted."))
                    return redirect(data["location"])
                messages.success(request, _("The difference was posted as adjustment #%(id)s.") % {"id": move.pk})
                return redirect(move)
    return _render(request, "logistics/form.html", {"form": form, "title": _("Record a stock count")}, form)


# --- requests and deliveries --------------------------------------------------------------------------------------
@login_required
def request_index(request):
    filterset, filters = page_filterset(request, RequestFilter)
    return render(
        request,
        "logistics/request_list.html",
        {
            "form": filterset.form,
            "page": _page(request, selectors.request_list(user=request.user, filters=filters)),
            "can_request": has_perm(request.user, Perm.LOGISTICS_REQUEST),
            "dispatches": selectors.dispatch_list(user=request.user, filters={"status": DispatchStatus.IN_TRANSIT})[
                :20
            ],
        },
    )


@login_required
def request_new(request):
    require_perm(request.user, Perm.LOGISTICS_REQUEST)
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stock_request, _created = services.request_submit(
                user=request.user,
                disaster=data["disaster"],
                destination=data["destination"],
                lines=[{"item": row["item"], "quantity": row["quantity"]} for row in form.lines()],
                needs=list(data.get("needs") or []),
                purpose=data.get("purpose") or "",
                people_served=data.get("people_served") or 0,
                idempotency_key=data["idempotency_key"],
            )
        except (ValidationError, ApplicationError) as error:
            _service_errors(form, error)
        else:
            messages.success(
                request, _("Request %(number)s was sent to the province.") % {"number": stock_request.number}
            )
            return redirect(stock_request)
    return _render(request, "logistics/request_form.html", {"form": form}, form)


def _request_context(request, stock_request, *, decision=None, dispatch=None):
    lines = list(stock_request.lines.all())
    can_decide = has_perm(request.user, Perm.LOGISTICS_DECIDE) and stock_request.status == RequestStatus.SUBMITTED
    can_dispatch = (
        has_perm(request.user, Perm.LOGISTICS_DISPATCH)
        and any(line.remaining_to_dispatch > 0 for line in lines)
        and (stock_request.status in (RequestStatus.APPROVED, RequestStatus.PARTIAL, RequestStatus.DISPATCHED))
    )
    dispatch_form = dispatch or (
        DispatchForm(user=request.user, initial={"source": request.GET.get("source")}) if can_dispatch else None
    )
    picks, shortfall = [], {}
    if can_dispatch:
        source = None
        if request.GET.get("source"):
            source = get_scoped_or_404(selectors.warehouse_list(user=request.user), pk=request.GET["source"])
        elif dispatch_form is not None and dispatch_form.fields["source"].queryset.exists():
            source = dispatch_form.fields["source"].queryset.filter(kind="gudang_provinsi").first()
        if source is not None:
            picks, shortfall = services.fefo_picks(request=stock_request, source=source)
            dispatch_form.initial.setdefault("source", source.pk)
    return {
        "stock_request": stock_request,
        "lines": lines,
        "events": stock_request.events.all(),
        "dispatches": stock_request.dispatches.all(),
        "decision_form": decision or (DecisionForm(user=request.user, lines=lines) if can_decide else None),
        "dispatch_form": dispatch_form,
        "picks": picks,
        "shortfall": shortfall,
    }


@login_required
def request_detail(request, pk):
    stock_request = selectors.request_get(user=request.user, pk=pk)
    return render(request, "logistics/request_detail.html", _request_context(request, stock_request))


@login_required
@require_POST
def request_decide(request, pk):
    stock_request = selectors.request_get(user=request.user, pk=pk)
    require_perm(request.user, Perm.LOGISTICS_DECIDE)
    form = DecisionForm(request.POST, user=request.user, lines=stock_request.lines.all())
    if form.is_valid():
        try:
            services.request_decide(
                user=request.user,
                request=stock_request,
                approved=form.approved(),
                reason=form.cleaned_data.get("reason") or "",
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except (ValidationError, ApplicationError) as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded and the requester was told."))
            return redirect(stock_request)
    return _render(
        request, "logistics/request_detail.html", _request_context(request, stock_request, decision=form), form
    )


@login_required
@require_POST
def request_dispatch(request, pk):
    stock_request = selectors.request_get(user=request.user, pk=pk)
    require_perm(request.user, Perm.LOGISTICS_DISPATCH)
    form = DispatchForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            dispatch, _created = services.dispatch_create(user=request.user, request=stock_request, **form.cleaned_data)
        except (ValidationError, ApplicationError) as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Delivery note %(number)s was issued.") % {"number": dispatch.number})
            return redirect(dispatch)
    return _render(
        request, "logistics/request_detail.html", _request_context(request, stock_request, dispatch=form), form
    )


def _dispatch_context(request, dispatch, *, form=None):
    lines = list(dispatch.lines.all())
    can_receive = has_perm(request.user, Perm.LOGISTICS_RECEIVE) and dispatch.status == DispatchStatus.IN_TRANSIT
    return {
        "dispatch": dispatch,
        "lines": lines,
        "form": form or (ReceiveForm(user=request.user, lines=lines) if can_receive else None),
    }


@login_required
def dispatch_detail(request, pk):
    dispatch = selectors.dispatch_get(user=request.user, pk=pk)
    return render(request, "logistics/dispatch_detail.html", _dispatch_context(request, dispatch))


@login_required
def dispatch_confirm(request, token):
    """Where the QR code on a delivery note leads: the delivery, if the reader may see it (404 otherwise)."""
    dispatch = selectors.dispatch_get(user=request.user, token=token)
    return redirect(dispatch)


@login_required
def dispatch_note(request, pk):
    dispatch = selectors.dispatch_get(user=request.user, pk=pk)
    response = HttpResponse(delivery_note_pdf(dispatch=dispatch, request=request), content_type="application/pdf")
    name_download(response, download_filename("surat-jalan", dispatch.number, dispatch.created_at, "pdf"), inline=True)
    return response


@login_required
@require_POST
def dispatch_receive(request, pk):
    dispatch = selectors.dispatch_get(user=request.user, pk=pk)
    require_perm(request.user, Perm.LOGISTICS_RECEIVE)
    form = ReceiveForm(request.POST, user=request.user, lines=dispatch.lines.all())
    if form.is_valid():
        try:
            services.dispatch_receive(
                user=request.user,
                dispatch=dispatch,
                lines=form.lines(),
                note=form.cleaned_data.get("note") or "",
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except (ValidationError, ApplicationError) as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Receipt of %(number)s was confirmed.") % {"number": dispatch.number})
            return redirect(dispatch)
    return _render(request, "logistics/dispatch_detail.html", _dispatch_context(request, dispatch, form=form), form)


# --- donations and distributions ----------------------------------------------------------------------------------
@login_required
def donation_index(request):
    filterset, filters = page_filterset(request, DonationFilter)
    return render(
        request,
        "logistics/donation_list.html",
        {
            "form": filterset.form,
            "page": _page(request, selectors.donation_list(user=request.user, filters=filters)),
            "totals": selectors.donor_totals(user=request.user, filters=filters),
            "can_create": has_perm(request.user, Perm.DONATION_RECORD),
        },
    )


@login_required
def donation_new(request):
    require_perm(request.user, Perm.DONATION_RECORD)
    form = DonationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fields = ("donor", "warehouse", "received_on", "value_estimate", "disaster", "note", "idempotency_key")
        try:
            donation, _created = services.donation_record(
                user=request.user, lines=form.lines(), **{name: data[name] for name in fields}
            )
        except (ValidationError, ApplicationError) as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Donation %(number)s was recorded.") % {"number": donation.number})
            return redirect(donation)
    return _render(request, "logistics/donation_form.html", {"form": form}, form)


@login_required
def donation_detail(request, pk):
    donation = selectors.donation_get(user=request.user, pk=pk)
    return render(
        request,
        "logistics/donation_detail.html",
        {"donation": donation, "moves": donation.moves.select_related("item", "batch")},
    )


@login_required
def donation_receipt(request, pk):
    donation = selectors.donation_get(user=request.user, pk=pk)
    response = HttpResponse(donation_receipt_pdf(donation=donation), content_type="application/pdf")
    name_download(
        response, download_filename("tanda-terima", donation.number, donation.received_on, "pdf"), inline=True
    )
    return response


def _distribution_filters(request):
    """The page's ``DistributionFilter`` form, the grouping and the filters (None when the form has errors)."""
    filterset, filters = page_filterset(request, DistributionFilter)
    group = (filters.form.cleaned_data.get("group") if filters is not None else "") or "kabkota"
    return filterset.form, group, filters


@login_required
def distribution_index(request):
    form, group, filters = _distribution_filters(request)
    return render(
        request,
        "logistics/distributions.html",
        {
            "form": form,
            "rows": selectors.distribution_summary(user=request.user, group=group, filters=filters),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def distribution_hxl(request):
    _form, _group, filters = _distribution_filters(request)
    response = HttpResponse(
        distribution_hxl_csv(rows=selectors.distribution_rows(user=request.user, filters=filters)),
        content_type="text/csv; charset=utf-8",
    )
    name_download(response, download_filename("distribusi-logistik-hxl", None, None, "csv"))
    return response
