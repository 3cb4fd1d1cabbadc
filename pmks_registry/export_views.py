"""The client list's export button: the export is a background job of the reports app (``pmks_clients``, see
``export_jobs.py``), so the button opens its form with the list's filters already chosen."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse

from banten_dinsos.accounts.roles import Perm, require_perm

from .filters import ClientFilter


@login_required
def client_export(request):
    """Every client of the filtered list, however many (no row cap): built by a worker, followed on the report's
    page with a progress bar, downloaded when ready."""
    require_perm(request.user, Perm.PMKS_EXPORT)
    query = request.GET.copy()
    for name in list(query):
        if name not in ClientFilter.base_filters:
            del query[name]  # the list's keyset position (after/before) is not a filter
    target = reverse("reports:create", args=["pmks_clients"])
    return redirect(f"{target}?{query.urlencode()}" if query else target)
