from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .forms import AuditFilterForm
from .selectors import audit_list


@login_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_list(user=request.user, filters=filters), 50).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"form": form, "page": page})
