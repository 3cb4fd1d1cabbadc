from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.core.exceptions import ConflictError

from .forms import ShelterFilterForm, ShelterForm
from .selectors import shelter_get, shelter_list
from .services import shelter_create, shelter_update


@login_required
def shelter_index(request):
    form = ShelterFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(shelter_list(user=request.user, filters=filters), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "shelters/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": has_perm(request.user, Perm.SHELTER_CREATE),
        },
    )


@login_required
def shelter_detail(request, pk):
    shelter = shelter_get(user=request.user, pk=pk)
    return render(
        request,
        "shelters/detail.html",
        {"shelter": shelter, "can_change": has_perm(request.user, Perm.SHELTER_CHANGE)},
    )


def _apply_service_errors(form, error: ValidationError):
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@login_required
def shelter_new(request):
    require_perm(request.user, Perm.SHELTER_CREATE)
    form = ShelterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            shelter = shelter_create(
                user=request.user,
                name=data.pop("name"),
                kind=data.pop("kind"),
                desa=data.pop("desa"),
                capacity=data.pop("capacity"),
                request=request,
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
    shelter = shelter_get(user=request.user, pk=pk)
    form = ShelterForm(request.POST or None, instance=shelter, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            shelter = shelter_update(
                user=request.user,
                shelter=shelter,
                version=form.cleaned_data.get("version") or 0,
                data=data,
                request=request,
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


def _form_status(request, form):
    return 400 if request.method == "POST" and form.errors else 200
