from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.core.exceptions import ConflictError
from banten_dinsos.core.filtering import page_filterset
from banten_dinsos.core.forms import form_add_service_errors as _apply_service_errors
from banten_dinsos.core.forms import form_response_status as _form_status
from banten_dinsos.core.nik import nik_mask
from banten_dinsos.regions.selectors import kabkota_list

from . import selectors, services
from .filters import EvacueeFilter, ShelterFilter
from .forms import (
    EvacueeForm,
    EvacueeMoveForm,
    LdpSessionForm,
    NikSearchForm,
    OccupancyForm,
    ShelterForm,
)
from .models import ShelterStatus


@login_required
def shelter_index(request):
    filterset, filters = page_filterset(request, ShelterFilter)
    page = Paginator(selectors.shelter_list(user=request.user, filters=filters), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "shelters/list.html",
        {"form": filterset.form, "page": page, "can_create": has_perm(request.user, Perm.SHELTER_CREATE)},
    )


@login_required
def shelter_map(request):
    filterset, filters = page_filterset(request, ShelterFilter)
    return render(
        request,
        "shelters/map.html",
        {
            "form": filterset.form,
            "points": selectors.shelter_map_points(user=request.user, filters=filters),
            "map_config": {
                "tileUrl": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
                # Seats of the kabupaten/kota give orientation when no background map is available.
                "places": [
                    {"name": region.name, "lat": float(region.latitude), "lon": float(region.longitude)}
                    for region in kabkota_list().exclude(latitude__isnull=True)
                ],
            },
        },
    )


@login_required
def shelter_detail(request, pk):
    shelter = selectors.shelter_get(user=request.user, pk=pk)
    history = list(selectors.occupancy_history(user=request.user, shelter=shelter)[:60])
    sessions = selectors.ldp_session_list(user=request.user, filters={"shelter": shelter.pk})
    chart = {
        "labels": [timezone.localtime(count.observed_at).strftime("%d/%m %H:%M") for count in reversed(history)],
        "totals": [count.total for count in reversed(history)],
        "capacity": shelter.capacity,
        "labelPeople": _("People"),
        "labelCapacity": _("Capacity"),
    }
    return render(
        request,
        "shelters/detail.html",
        {
            "shelter": shelter,
            "sphere": selectors.shelter_sphere(shelter=shelter),
            "history": history[:15],
            "chart": chart,
            "ldp": services.ldp_coverage(sessions=sessions, displaced=shelter.current_total),
            "sessions": sessions[:10],
            "evacuees_in": shelter.evacuees.filter(status="di_pengungsian").count()
            if has_perm(request.user, Perm.EVACUEE_VIEW)
            else None,
            "can_change": has_perm(request.user, Perm.SHELTER_CHANGE),
            "can_count": has_perm(request.user, Perm.OCCUPANCY_RECORD) and shelter.status == ShelterStatus.OPEN,
            # Someone who could count, at a shelter not open yet: told why there is no button and how to open it.
            "count_needs_opening": has_perm(request.user, Perm.OCCUPANCY_RECORD)
            and shelter.status != ShelterStatus.OPEN,
            "can_ldp": has_perm(request.user, Perm.LDP_RECORD),
        },
    )


@login_required
def shelter_new(request):
    require_perm(request.user, Perm.SHELTER_CREATE)
    form = ShelterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            shelter = services.shelter_create(
                user=request.user,
                name=data.pop("name"),
                kind=data.pop("kind"),
                desa=data.pop("desa"),
                capacity=data.pop("capacity"),
                **data,
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Shelter “%(name)s” was registered.") % {"name": shelter.name})
            return redirect(shelter)
    return render(request, "shelters/form.html", {"form": form, "shelter": None}, status=_form_status(request, form))


@login_required
def shelter_edit(request, pk):
    require_perm(request.user, Perm.SHELTER_CHANGE)
    shelter = selectors.shelter_get(user=request.user, pk=pk)
    form = ShelterForm(request.POST or None, instance=shelter, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "disasters")}
        try:
            shelter = services.shelter_update(
                user=request.user,
                shelter=shelter,
                version=form.cleaned_data.get("version") or 0,
                data=data,
                disasters=form.cleaned_data["disasters"],
            )
        except ConflictError as error:
            form.add_error(None, error.message)
            return render(request, "shelters/form.html", {"form": form, "shelter": shelter}, status=409)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Changes to “%(name)s” were saved.") % {"name": shelter.name})
            return redirect(shelter)
    return render(request, "shelters/form.html", {"form": form, "shelter": shelter}, status=_form_status(request, form))


@login_required
def occupancy_new(request, pk):
    require_perm(request.user, Perm.OCCUPANCY_RECORD)
    shelter = selectors.shelter_get(user=request.user, pk=pk)
    form = OccupancyForm(request.POST or None, shelter=shelter)
    if request.method == "POST" and form.is_valid():
        try:
            _count, created = services.occupancy_record(
                user=request.user,
                shelter=shelter,
                version=form.cleaned_data["version"],
                total=form.cleaned_data["total"],
                note=form.cleaned_data["note"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                **form.breakdown(),
            )
        except ConflictError as error:
            form.add_error(None, error.message)
            context = {"form": form, "shelter": selectors.shelter_get(user=request.user, pk=pk)}
            return render(request, "shelters/occupancy_form.html", context, status=409)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            if created:
                messages.success(request, _("Headcount saved."))
            else:
                messages.info(request, _("This headcount had already been received; it was not counted twice."))
            return redirect(shelter)
    return render(
        request, "shelters/occupancy_form.html", {"form": form, "shelter": shelter}, status=_form_status(request, form)
    )


@login_required
def ldp_session_new(request, pk):
    require_perm(request.user, Perm.LDP_RECORD)
    shelter = selectors.shelter_get(user=request.user, pk=pk)
    form = LdpSessionForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        referred_to, referred_people = data.pop("referred_to"), data.pop("referred_people")
        referrals = [{"referred_to": referred_to, "people": referred_people or 1}] if referred_to else []
        try:
            services.ldp_session_record(user=request.user, shelter=shelter, referrals=referrals, **data)
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Psychosocial session recorded."))
            return redirect(shelter)
    return render(
        request, "shelters/ldp_form.html", {"form": form, "shelter": shelter}, status=_form_status(request, form)
    )


@login_required
def evacuee_index(request):
    require_perm(request.user, Perm.EVACUEE_VIEW)
    filterset, filters = page_filterset(request, EvacueeFilter)
    page = Paginator(selectors.evacuee_list(user=request.user, filters=filters), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "shelters/evacuee_list.html",
        {
            "form": filterset.form,
            "nik_form": NikSearchForm(),
            "page": page,
            "can_register": has_perm(request.user, Perm.EVACUEE_CHANGE),
        },
    )


@login_required
@require_POST
def evacuee_nik_search(request):
    """Search by NIK is a POST: the number never reaches a URL, a browser history or an access log."""
    require_perm(request.user, Perm.EVACUEE_VIEW)
    nik_form = NikSearchForm(request.POST)
    found = []
    if nik_form.is_valid():
        found = list(selectors.evacuee_find_by_nik(user=request.user, nik=nik_form.cleaned_data["nik"].strip()))
    return render(
        request,
        "shelters/evacuee_list.html",
        {
            "form": EvacueeFilter(user=request.user).form,
            "nik_form": nik_form,
            "nik_results": found,
            "searched_nik": True,
            "can_register": has_perm(request.user, Perm.EVACUEE_CHANGE),
        },
    )


@login_required
def evacuee_new(request):
    require_perm(request.user, Perm.EVACUEE_CHANGE)
    form = EvacueeForm(request.POST or None, user=request.user, initial={"shelter": request.GET.get("shelter")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            evacuee = services.evacuee_register(
                user=request.user,
                shelter=data.pop("shelter"),
                full_name=data.pop("full_name"),
                sex=data.pop("sex"),
                nik=data.pop("nik") or None,
                **data,
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s was registered and checked in.") % {"name": evacuee.full_name})
            return redirect(evacuee)
    context = {
        "form": form,
        # No open shelter in the user's area: say so and point at the shelters instead of an empty required list.
        "no_open_shelter": not form.fields["shelter"].queryset.exists(),
        "can_change_shelters": has_perm(request.user, Perm.SHELTER_CHANGE),
    }
    return render(request, "shelters/evacuee_form.html", context, status=_form_status(request, form))


@login_required
def evacuee_detail(request, pk):
    evacuee = selectors.evacuee_get(user=request.user, pk=pk)
    services.evacuee_detail_viewed(user=request.user, evacuee=evacuee)
    may_see_nik = has_perm(request.user, Perm.EVACUEE_VIEW_NIK)
    move_form = EvacueeMoveForm(user=request.user, current_shelter_id=evacuee.shelter_id)
    return render(
        request,
        "shelters/evacuee_detail.html",
        {
            "evacuee": evacuee,
            "nik": evacuee.nik if may_see_nik else nik_mask(evacuee.nik),
            "no_kk": evacuee.no_kk if may_see_nik else nik_mask(evacuee.no_kk),
            "movements": evacuee.movements.select_related("from_shelter", "to_shelter"),
            "family": selectors.evacuee_family(user=request.user, evacuee=evacuee),
            "move_form": move_form,
            "can_move": has_perm(request.user, Perm.EVACUEE_CHANGE),
            "can_register_pmks": has_perm(request.user, Perm.PMKS_CHANGE),
        },
    )


@login_required
@require_POST
def evacuee_to_pmks(request, pk):
    """Register the evacuee in the PMKS registry as Korban Bencana Alam (one action)."""
    require_perm(request.user, Perm.PMKS_CHANGE)
    evacuee = selectors.evacuee_get(user=request.user, pk=pk)
    try:
        client, created = services.evacuee_register_as_pmks_client(user=request.user, evacuee=evacuee)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        text = (
            _("Registered in the PMKS registry as Korban Bencana Alam.")
            if created
            else _("The PMKS client with this NIK now also has the type Korban Bencana Alam.")
        )
        messages.success(request, text)
        return redirect(client)
    return redirect(evacuee)


@login_required
@require_POST
def evacuee_move(request, pk):
    require_perm(request.user, Perm.EVACUEE_CHANGE)
    evacuee = selectors.evacuee_get(user=request.user, pk=pk)
    form = EvacueeMoveForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == "check_out":
                services.evacuee_check_out(user=request.user, evacuee=evacuee, note=form.cleaned_data["note"])
            elif form.cleaned_data["to_shelter"] is None:
                raise ValidationError({"to_shelter": _("Choose the destination shelter.")})
            else:
                services.evacuee_transfer(
                    user=request.user,
                    evacuee=evacuee,
                    to_shelter=form.cleaned_data["to_shelter"],
                    note=form.cleaned_data["note"],
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The move was recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(evacuee)
