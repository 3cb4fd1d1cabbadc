"""Finding 7 of the security audit: the TAGANA member edit page shows the full NIK and No. KK, so each view of it
writes one audit line naming the record (never the data); a refused view writes none."""

import pytest

from banten_dinsos.audit.models import AuditAction, AuditLog

pytestmark = pytest.mark.django_db


def _views_of(member):
    return AuditLog.objects.filter(
        action=AuditAction.VIEW, model="ksb_volunteers.taganamember", object_id=str(member.pk)
    )


def test_opening_the_member_edit_page_writes_one_audit_line_without_the_nik(page_as, petugas_lebak, member_lebak):
    response = page_as(petugas_lebak).get(f"/relawan/tagana/{member_lebak.pk}/ubah/")
    assert response.status_code == 200 and member_lebak.nik in response.content.decode()
    lines = list(_views_of(member_lebak))
    assert len(lines) == 1 and lines[0].actor == petugas_lebak
    assert member_lebak.nik not in str(lines[0].__dict__) and member_lebak.full_name not in lines[0].note


def test_an_officer_of_another_kabkota_gets_a_404_and_no_audit_line(page_as, petugas_kota_serang, member_lebak):
    assert page_as(petugas_kota_serang).get(f"/relawan/tagana/{member_lebak.pk}/ubah/").status_code == 404
    assert not _views_of(member_lebak).exists()
