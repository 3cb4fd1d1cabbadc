"""The issue's bad input for health, each refused with a message in Bahasa Indonesia naming the field, nothing saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from health.models import Consultation, ConsultationCount, HealthPost, Signal
from health.services import consultation_record, health_post_create, health_post_update

from .conftest import KOTA_SERANG_DESA, LEBAK_DESA, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def _refused(call, field):
    with pytest.raises(ValidationError) as caught:
        call()
    errors = caught.value.message_dict
    assert field in errors, errors
    return " ".join(errors[field])


def _post_fields(**extra):
    return {
        "name": "Pos Kesehatan Uji",
        "organisation_kind": "puskesmas",
        "organisation_name": "Puskesmas Uji",
        "opened_on": TODAY() - timedelta(days=3),
        **extra,
    }


def test_counts_by_complaint_that_exceed_the_total_are_refused_and_nothing_is_saved(post_lebak):
    message = _refused(
        lambda: consultation_record(
            user=post_lebak.created_by,
            post=post_lebak,
            date=TODAY(),
            total=5,
            counts=[
                {"complaint": "ispa", "age_group": "balita", "sex": "L", "count": 4},
                {"complaint": "diare", "age_group": "anak", "sex": "P", "count": 3},
            ],
        ),
        "counts",
    )
    assert "(7)" in message and "(5)" in message and "lebih" in message.lower()
    assert not Consultation.objects.exists() and not ConsultationCount.objects.exists()


@pytest.mark.parametrize("field", ["referrals", "deaths", "pregnant_women", "infants", "disabled"])
def test_an_outcome_larger_than_the_total_is_refused(post_lebak, field):
    message = _refused(
        lambda: consultation_record(user=post_lebak.created_by, post=post_lebak, date=TODAY(), total=2, **{field: 3}),
        field,
    )
    assert "3" in message and "2" in message
    assert not Consultation.objects.exists()


def test_ldp_referrals_need_psychosocial_complaints(post_lebak):
    _refused(
        lambda: consultation_record(
            user=post_lebak.created_by,
            post=post_lebak,
            date=TODAY(),
            total=4,
            counts=[{"complaint": "ispa", "age_group": "dewasa", "sex": "P", "count": 4}],
            referred_ldp=1,
        ),
        "referred_ldp",
    )
    consultation_record(
        user=post_lebak.created_by,
        post=post_lebak,
        date=TODAY(),
        total=4,
        counts=[{"complaint": "gangguan-jiwa", "age_group": "dewasa", "sex": "P", "count": 2}],
        referred_ldp=2,
    )


def test_a_consultation_dated_in_the_future_is_refused(post_lebak):
    message = _refused(
        lambda: consultation_record(
            user=post_lebak.created_by, post=post_lebak, date=TODAY() + timedelta(days=1), total=1
        ),
        "date",
    )
    assert "masa depan" in message
    assert not Consultation.objects.exists()


def test_a_consultation_before_the_post_opened_is_refused(post_lebak):
    message = _refused(
        lambda: consultation_record(
            user=post_lebak.created_by, post=post_lebak, date=post_lebak.opened_on - timedelta(days=1), total=1
        ),
        "date",
    )
    assert "dibuka" in message
    assert not Consultation.objects.exists()


def test_an_unknown_complaint_or_a_repeated_cell_is_refused(post_lebak):
    cell = {"complaint": "ispa", "age_group": "dewasa", "sex": "L", "count": 1}
    for counts in ([{**cell, "complaint": "flu-burung"}], [cell, cell], [{**cell, "age_group": "bayi"}]):
        _refused(
            lambda counts=counts: consultation_record(
                user=post_lebak.created_by, post=post_lebak, date=TODAY(), total=5, counts=counts
            ),
            "counts",
        )
    assert not Consultation.objects.exists()


def test_an_officer_cannot_open_a_post_at_a_shelter_of_another_kabkota(petugas_lebak, banjir, shelter_kota_serang):
    """The other kab/kota's shelter is answered exactly like a shelter that does not exist."""
    other = _refused(
        lambda: health_post_create(
            user=petugas_lebak, disaster=banjir.pk, shelter=shelter_kota_serang.pk, **_post_fields()
        ),
        "shelter",
    )
    missing = _refused(
        lambda: health_post_create(user=petugas_lebak, disaster=banjir.pk, shelter=999999, **_post_fields()),
        "shelter",
    )
    assert other == missing == "Tempat pengungsian tidak ditemukan."
    assert not HealthPost.objects.exists()


def test_a_post_at_a_shelter_in_another_kabkota_than_its_desa_is_refused(staf, banjir, shelter_kota_serang):
    message = _refused(
        lambda: health_post_create(
            user=staf, disaster=banjir.pk, shelter=shelter_kota_serang.pk, desa=LEBAK_DESA, **_post_fields()
        ),
        "shelter",
    )
    assert "kabupaten/kota lain" in message
    assert not HealthPost.objects.exists()


def test_an_officer_cannot_open_a_post_in_another_kabkota(petugas_lebak, banjir):
    _refused(
        lambda: health_post_create(user=petugas_lebak, disaster=banjir.pk, desa=KOTA_SERANG_DESA, **_post_fields()),
        "desa",
    )
    assert not HealthPost.objects.exists()


def test_a_post_outside_the_disasters_kabkota_is_refused(staf, banjir):
    _refused(lambda: health_post_create(user=staf, disaster=banjir.pk, desa="36.71.08.1001", **_post_fields()), "desa")


def test_a_pupr_member_writing_health_data_is_refused_naming_the_cluster(koordinator_sarana, banjir, post_lebak):
    message = _refused(
        lambda: health_post_create(user=koordinator_sarana, disaster=banjir.pk, desa=LEBAK_DESA, **_post_fields()),
        "desa",
    )
    assert "Kesehatan" in message
    message = _refused(
        lambda: consultation_record(user=koordinator_sarana, post=post_lebak, date=TODAY(), total=1), "post"
    )
    assert "Kesehatan" in message
    assert HealthPost.objects.count() == 1 and not Consultation.objects.exists()


def test_a_health_member_records_anywhere_in_the_province(koordinator_kesehatan, banjir, post_kota_serang):
    post = health_post_create(user=koordinator_kesehatan, disaster=banjir.pk, desa=LEBAK_DESA, **_post_fields())
    assert post.kabkota_id == "36.02"
    consultation_record(user=koordinator_kesehatan, post=post_kota_serang, date=TODAY(), total=3)


def test_an_api_client_cannot_record(api_client_user, post_lebak):
    with pytest.raises(PermissionDenied):
        consultation_record(user=api_client_user, post=post_lebak, date=TODAY(), total=1)


def test_a_closing_date_before_the_opening_and_an_opening_after_consultations_are_refused(staf, post_lebak, record_day):
    _refused(
        lambda: health_post_update(user=staf, post=post_lebak, closed_on=post_lebak.opened_on - timedelta(days=1)),
        "closed_on",
    )
    record_day(post_lebak, 10, ispa=1)
    _refused(lambda: health_post_update(user=staf, post=post_lebak, opened_on=TODAY() - timedelta(days=5)), "opened_on")
    post_lebak.refresh_from_db()
    assert post_lebak.closed_on is None and post_lebak.opened_on == TODAY() - timedelta(days=20)


def test_a_post_at_a_shelter_takes_the_shelters_desa_and_the_shelters_headcount(post_lebak, shelter_lebak):
    assert post_lebak.desa_id == shelter_lebak.desa_id and post_lebak.kabkota_id == "36.02"
    assert post_lebak.displaced_population() == 1000


def test_correcting_a_day_replaces_its_counts(post_lebak, record_day):
    record_day(post_lebak, 1, ispa=3, diare=1)
    record_day(post_lebak, 1, ispa=2)
    consultation = Consultation.objects.get()
    assert consultation.total == 2
    assert list(consultation.counts.values_list("complaint__code", "count")) == [("ispa", 2)]
    assert not Signal.objects.exists()
