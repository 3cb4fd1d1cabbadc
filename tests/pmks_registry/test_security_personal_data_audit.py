"""Every page and endpoint that shows personal data writes one audit row, and is listed in one register."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from banten_dinsos.audit.models import AuditAction, AuditLog
from banten_dinsos.audit.personal_data import PERSONAL_DATA_VIEWS

pytestmark = pytest.mark.django_db

# URL names of the pages and endpoints that show NIK, No. KK, names with birth dates or PMKS types. Each must be in
# the register (and so audited); views of these apps that show none are named in NOT_PERSONAL with the reason.
PERSONAL_DATA_URLS = {
    "pmks_registry:client-list",
    "pmks_registry:client-search-nik",
    "pmks_registry:client-edit",
    "ksb_volunteers:member-edit",
    "api-pmks-client-list",
    "api-pmks-client-search",
}


def _views(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _views(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def _registered(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return any(hasattr(getattr(view_class, method, None), "audits_personal_data") for method in ("get", "post"))
    return hasattr(callback, "audits_personal_data")


def test_every_personal_data_url_is_in_the_register():
    views = dict(_views())
    missing = sorted(name for name in PERSONAL_DATA_URLS if name not in views or not _registered(views[name]))
    assert not missing, f"personal-data views without an audit row: {missing}"
    assert len(PERSONAL_DATA_VIEWS) >= len(PERSONAL_DATA_URLS)


def test_the_pmks_list_page_and_api_write_one_row_with_the_number_of_records(page_as, api_as, staf, client_lebak):
    assert page_as(staf).get("/pmks/").status_code == 200
    assert api_as(staf).get("/api/v1/pmks/clients/").status_code == 200
    rows = list(AuditLog.objects.filter(action=AuditAction.VIEW, model="pmks_registry.client").order_by("id"))
    assert len(rows) == 2
    assert all("1 records" in row.note and row.actor == staf for row in rows)
    assert client_lebak.name not in " ".join(row.note for row in rows)


def test_nik_searches_and_edit_pages_are_audited(page_as, api_as, staf, client_lebak):
    page_as(staf).post("/pmks/cari-nik/", {"nik": client_lebak.nik})
    api_as(staf).post("/api/v1/pmks/clients/search/", {"nik": client_lebak.nik}, format="json")
    page_as(staf).get(f"/pmks/{client_lebak.pk}/ubah/")
    notes = list(AuditLog.objects.filter(action=AuditAction.VIEW).values_list("note", flat=True))
    assert sum("NIK" in note for note in notes) >= 3
    assert not any(client_lebak.nik in note for note in notes)


def test_a_nik_typed_into_the_name_search_is_refused_with_a_pointer_to_the_nik_search(page_as, staf, client_lebak):
    response = page_as(staf).get("/pmks/", {"q": client_lebak.nik}, follow=True)
    assert response.redirect_chain[-1][0] == "/pmks/"
    assert "pencarian NIK" in response.content.decode()
