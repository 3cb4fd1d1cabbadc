"""The health pages for a health-cluster member, a PUPR member and kab/kota officers: lists, details, the phone
forms and their refusals."""

from datetime import timedelta

import pytest
from django.urls import reverse

from health.models import Consultation, HealthPost, Signal

from .conftest import KOTA_SERANG_DESA, LEBAK_DESA, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(post_lebak, post_kota_serang, record_day):
    record_day(post_lebak, 1, ispa=3, suspek_campak=1)
    record_day(post_kota_serang, 1, ispa=2)
    return post_lebak, post_kota_serang


def test_the_post_list_by_role(page_as, recorded, staf, koordinator_kesehatan, koordinator_sarana, petugas_lebak):
    lebak, kota_serang = recorded
    for user in (staf, koordinator_kesehatan):
        text = page_as(user).get(reverse("health:post-list")).text
        assert lebak.name in text and kota_serang.name in text
        assert 'id="open-signals"' in text
    text = page_as(petugas_lebak).get(reverse("health:post-list")).text
    assert lebak.name in text and kota_serang.name not in text
    response = page_as(koordinator_sarana).get(reverse("health:post-list"))
    assert response.status_code == 200 and lebak.name not in response.text and kota_serang.name not in response.text


def test_details_and_forms_outside_the_scope_answer_404(
    page_as, recorded, koordinator_sarana, petugas_lebak, petugas_kota_serang
):
    _lebak, kota_serang = recorded
    for user in (koordinator_sarana, petugas_lebak):
        client = page_as(user)
        for name in ("health:post-detail", "health:post-edit", "health:consultation-create"):
            assert client.get(reverse(name, args=[kota_serang.pk])).status_code == 404
    # The signal is at the Lebak post: the PUPR member and Kota Serang's officer cannot close it.
    for user in (koordinator_sarana, petugas_kota_serang):
        assert page_as(user).post(reverse("health:signal-close", args=[Signal.objects.get().pk])).status_code == 404
    assert Signal.objects.get().state == "terbuka"


def test_the_detail_shows_days_and_signals(page_as, recorded, koordinator_kesehatan):
    lebak, _kota_serang = recorded
    text = page_as(koordinator_kesehatan).get(reverse("health:post-detail", args=[lebak.pk])).text
    assert "Setiap kasus suspek campak" in text and "Koreksi" in text


def test_the_phone_form_records_a_day(page_as, recorded, petugas_lebak):
    lebak, _kota_serang = recorded
    client = page_as(petugas_lebak)
    url = reverse("health:consultation-create", args=[lebak.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'name="c__diare__balita__P"' in form.text and 'inputmode="numeric"' in form.text
    response = client.post(
        url, {"date": TODAY().isoformat(), "total": "5", "c__diare__balita__P": "2", "c__ispa__dewasa__L": "3"}
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get(post=lebak, date=TODAY())
    assert sorted(consultation.counts.values_list("complaint__code", "count")) == [("diare", 2), ("ispa", 3)]
    # Opening the same day again fills the form for a correction.
    again = client.get(url, {"date": TODAY().isoformat()})
    assert "sudah dicatat" in again.text and 'value="2"' in again.text


def test_the_phone_form_refuses_counts_above_the_total_and_saves_nothing(page_as, recorded, petugas_lebak):
    lebak, _kota_serang = recorded
    response = page_as(petugas_lebak).post(
        reverse("health:consultation-create", args=[lebak.pk]),
        {"date": TODAY().isoformat(), "total": "1", "c__diare__balita__P": "2"},
    )
    assert response.status_code == 400
    assert "lebih dari total" in response.text
    assert not Consultation.objects.filter(date=TODAY()).exists()


def test_the_phone_form_refuses_a_future_date(page_as, recorded, staf):
    lebak, _kota_serang = recorded
    response = page_as(staf).post(
        reverse("health:consultation-create", args=[lebak.pk]),
        {"date": (TODAY() + timedelta(days=2)).isoformat(), "total": "1"},
    )
    assert response.status_code == 400 and "masa depan" in response.text


def test_opening_a_post_by_page(page_as, banjir, koordinator_kesehatan, koordinator_sarana, petugas_lebak):
    data = {
        "disaster": banjir.pk,
        "name": "Pos Kesehatan Kasemen",
        "kind": "tetap",
        "desa": KOTA_SERANG_DESA,
        "organisation_kind": "puskesmas",
        "organisation_name": "Puskesmas Kasemen",
        "opened_on": TODAY().isoformat(),
        "doctors": "1",
        "nurses": "2",
        "midwives": "0",
        "other_staff": "0",
    }
    assert page_as(koordinator_kesehatan).post(reverse("health:post-create"), data).status_code == 302
    refused = page_as(koordinator_sarana).post(reverse("health:post-create"), {**data, "desa": LEBAK_DESA})
    assert refused.status_code == 400 and "klaster Kesehatan" in refused.text
    refused = page_as(petugas_lebak).post(reverse("health:post-create"), data)
    assert refused.status_code == 400 and "kabupaten/kota Anda sendiri" in refused.text
    assert HealthPost.objects.count() == 1


def test_the_signal_list_and_closing_a_signal(page_as, recorded, koordinator_kesehatan, petugas_kota_serang):
    signal = Signal.objects.get()
    assert signal.threshold.name not in page_as(petugas_kota_serang).get(reverse("health:signal-list")).text
    client = page_as(koordinator_kesehatan)
    assert signal.threshold.name in client.get(reverse("health:signal-list")).text
    response = client.post(reverse("health:signal-close", args=[signal.pk]), {"note": "Imunisasi dikejar"})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.state, signal.close_note) == ("ditutup", "Imunisasi dikejar")


def test_an_api_client_reads_but_gets_no_forms(page_as, recorded, api_client_user):
    lebak, _kota_serang = recorded
    client = page_as(api_client_user)
    assert client.get(reverse("health:post-list")).status_code == 200
    assert client.get(reverse("health:post-create")).status_code == 403
    assert client.get(reverse("health:consultation-create", args=[lebak.pk])).status_code == 403


def test_the_post_list_runs_a_fixed_number_of_queries(page_as, staf, banjir, django_assert_num_queries):
    from health.services import health_post_create

    client = page_as(staf)
    client.get(reverse("health:post-list"))

    def add(count):
        for index in range(count):
            health_post_create(
                user=staf,
                disaster=banjir.pk,
                desa=LEBAK_DESA,
                name=f"Pos {HealthPost.objects.count()}-{index}",
                organisation_kind="lainnya",
                organisation_name="Relawan",
                opened_on=TODAY(),
            )

    add(3)
    # 10 = session and user (2) + session save (savepoint, update, release: 3) + the filter's kab/kota and disaster
    # choices (2) + the page's COUNT and rows (2) + the open signals above the list (1); the same with more posts.
    with django_assert_num_queries(10) as three:
        client.get(reverse("health:post-list"))
    add(5)
    with django_assert_num_queries(len(three.captured_queries)):
        client.get(reverse("health:post-list"))
