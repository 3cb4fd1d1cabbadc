from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from banten_dinsos.accounts.roles import Perm, has_perm, require_perm
from banten_dinsos.core.forms import form_add_service_errors, form_response_status

from . import selectors, services
from .forms import AccessFilterForm, AccessStatusForm


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def area_index(request):
    """The current access per area, cut-off (terisolir) areas first with how long they have been cut off."""
    form = AccessFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    page = Paginator(selectors.area_access_list(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "infrastructure/area_list.html",
        {
            "form": form,
            "page": page,
            "summary": selectors.access_summary(
                user=request.user, disaster_id=filters.get("disaster"), kabkota=filters.get("kabkota")
            ),
            "query": _query_without_page(request),
            "can_record": has_perm(request.user, Perm.ACCESS_RECORD),
        },
    )


@login_required
def area_detail(request, disaster, area):
    current = selectors.area_access_get(user=request.user, disaster_id=disaster, area_code=area)
    return render(
        request,
        "infrastructure/area_detail.html",
        {
            "current": current,
            "history": selectors.area_history(user=request.user, current=current)[:100],
            "can_record": has_perm(request.user, Perm.ACCESS_RECORD),
        },
    )


@login_required
def status_new(request):
    require_perm(request.user, Perm.ACCESS_RECORD)
    initial = {key: request.GET[key] for key in ("disaster", "area") if request.GET.get(key)}
    form = AccessStatusForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            status = services.access_status_record(user=request.user, **data)
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, _("Access status saved."))
            return redirect("infrastructure:area-detail", status.disaster_id, status.area_id)
    return render(
        request, "infrastructure/status_form.html", {"form": form}, status=form_response_status(request, form)
    )
