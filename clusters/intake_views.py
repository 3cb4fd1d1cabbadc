"""Provincial staff's view of the Kobo/ODK intake: every submission, and the problems of the rejected ones."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .intake_selectors import intake_submission_list
from .models import IntakeForm, IntakeOutcome


@login_required
def intake_index(request):
    filters = {"outcome": request.GET.get("outcome", ""), "form": request.GET.get("form", "")}
    submissions = intake_submission_list(user=request.user, filters=filters)
    page = Paginator(submissions, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "clusters/intake_list.html",
        {
            "page": page,
            "filters": filters,
            "outcomes": IntakeOutcome.choices,
            "forms": IntakeForm.objects.order_by("name").values_list("slug", "name"),
            "query": query.urlencode(),
        },
    )
