"""Every page and endpoint that shows personal data writes one audit row: who, when, what and how many records.

Views declare it with ``@audits_personal_data(model=..., what=...)``; the decorator writes the row after a
successful answer (never the data itself, only the record type, the id or the number of records shown) and enters
the view in ``PERSONAL_DATA_VIEWS``, the one list that the tests check every personal-data URL against.
"""

import functools
from dataclasses import dataclass

from .models import AuditAction
from .services import audit_record


@dataclass(frozen=True)
class PersonalDataView:
    name: str  # module.qualname of the view function or API method
    model: str  # app_label.model of the records shown
    what: str  # which personal data, for the register of processing activities


PERSONAL_DATA_VIEWS: dict[str, PersonalDataView] = {}


def _count(response) -> int | None:
    """How many records the answer shows: a page object, a DRF page, or one record."""
    data = getattr(response, "data", None)
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return len(data["results"])
    if isinstance(data, dict) and "id" in data:
        return 1
    context = getattr(response, "context_data", None) or {}
    page = context.get("page") if isinstance(context, dict) else None
    if page is not None and hasattr(page, "object_list"):
        return len(page.object_list)
    return None


def audits_personal_data(*, model: str, what: str):
    """Decorate a view function (request first) or an API method (self, request): one VIEW row per 2xx/3xx answer."""

    def decorate(view):
        entry = PersonalDataView(name=f"{view.__module__}.{view.__qualname__}", model=model, what=what)
        PERSONAL_DATA_VIEWS[entry.name] = entry

        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            request = args[1] if len(args) > 1 and hasattr(args[1], "user") else args[0]
            response = view(*args, **kwargs)
            if response.status_code < 400 and getattr(request.user, "is_authenticated", False):
                count = getattr(request, "audit_record_count", None)
                count = count if count is not None else _count(response)
                data = getattr(response, "data", None)
                object_id = kwargs.get("pk") or (data.get("id", "") if isinstance(data, dict) else "")
                note = f"{request.method} {what}" + (f", {count} records" if count is not None else "")
                audit_record(
                    actor=request.user, action=AuditAction.VIEW, model=model, object_id=str(object_id), note=note
                )
            return response

        wrapper.audits_personal_data = entry
        return wrapper

    return decorate
