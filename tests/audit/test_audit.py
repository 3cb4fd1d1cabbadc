import pytest
from django.db import DatabaseError, transaction

from banten_dinsos.audit.models import AuditAction, AuditLog

pytestmark = pytest.mark.django_db


def test_creating_and_changing_a_shelter_is_audited_without_values(api_as, petugas_lebak):
    client = api_as(petugas_lebak)
    created = client.post(
        "/api/v1/shelters/",
        {"name": "Posko Audit", "kind": "masjid", "desa": "36.02.14.1002", "capacity": 80, "contact_phone": "0812999"},
        format="json",
    ).json()
    client.patch(f"/api/v1/shelters/{created['id']}/", {"contact_phone": "0813000", "version": 1}, format="json")
    entries = list(AuditLog.objects.filter(model="shelters.shelter", object_id=str(created["id"])).order_by("id"))
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.CHANGE]
    assert entries[1].fields == ["contact_phone"]
    assert all(e.actor_username == "petugas.lebak" and e.kabkota_code == "36.02" for e in entries)
    # The trail names fields, never their contents.
    assert not AuditLog.objects.filter(note__contains="0813").exists()
    assert "0813000" not in str(entries[1].fields)


def test_audit_log_is_append_only_in_the_database(staf):
    entry = AuditLog.objects.create(actor=staf, actor_username="staf.provinsi", action=AuditAction.VIEW, model="x.y")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=entry.pk).update(note="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=entry.pk).delete()
    assert AuditLog.objects.get(pk=entry.pk).note == ""


def test_audit_page_is_for_provincial_staff_only(page_as, staf, petugas_lebak):
    AuditLog.objects.create(actor=staf, actor_username="staf.provinsi", action=AuditAction.EXPORT, model="a.b")
    assert page_as(petugas_lebak).get("/audit/").status_code == 403
    response = page_as(staf).get("/audit/", {"action": "export"})
    assert response.status_code == 200
    assert "a.b" in response.text


def test_audit_page_query_count_does_not_grow_with_entries(page_as, staf, django_assert_num_queries):
    browser = page_as(staf)
    for i in range(3):
        AuditLog.objects.create(actor=staf, actor_username="staf.provinsi", action=AuditAction.VIEW, model=f"m.{i}")
    browser.get("/audit/")  # warm the session
    # session + user + kab/kota choices + count + one page of rows, then the session's sliding expiry
    # is saved (savepoint, UPDATE, release): 8 whatever the number of rows.
    with django_assert_num_queries(8):
        browser.get("/audit/")
    for i in range(30):
        AuditLog.objects.create(actor=staf, actor_username="staf.provinsi", action=AuditAction.VIEW, model=f"n.{i}")
    with django_assert_num_queries(8):
        browser.get("/audit/")
