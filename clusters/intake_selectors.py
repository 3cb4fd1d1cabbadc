"""Reads of the Kobo/ODK intake: what partners' forms sent and what became of it."""

from django.db.models import QuerySet

from banten_dinsos.accounts.roles import Perm, require_perm
from banten_dinsos.accounts.scoping import scope_queryset

from .models import IntakeOutcome, IntakeSubmission


def intake_submission_list(*, user, filters: dict | None = None) -> QuerySet[IntakeSubmission]:
    """Submissions of the forms whose disaster the user may verify reports for; newest first."""
    require_perm(user, Perm.FIELDREPORT_VERIFY)
    queryset = scope_queryset(
        IntakeSubmission.objects.select_related("form__disaster", "form__partner", "report"),
        user=user,
        kabkota_field="form__disaster__affected_kabkota",
        through_many=True,
    )
    filters = filters or {}
    if filters.get("outcome") in IntakeOutcome.values:
        queryset = queryset.filter(outcome=filters["outcome"])
    if filters.get("form"):
        queryset = queryset.filter(form__slug=filters["form"])
    return queryset.order_by("-received_at", "-id")
