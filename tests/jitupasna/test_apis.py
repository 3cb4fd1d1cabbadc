"""The Jitupasna API: assessments, entries, summary, input status and documents, through the same services and
selectors as the pages; refusals answer 400 with a message naming the field; lists run a fixed number of queries."""

from decimal import Decimal

import pytest

from clusters.models import DisasterType
from clusters.services import disaster_create
from jitupasna.models import Assessment, DamageEntry, LossEntry
from jitupasna.services import (
    assessment_create,
    assessment_output_build,
    damage_entry_create,
    loss_entry_create,
    needs_entry_create,
)

from .conftest import KAB_TANGERANG, KOTA_TANGERANG, TANGSEL, region, rp, sector, sub_sector, wib

pytestmark = pytest.mark.django_db
BASE = "/api/v1/jitupasna/assessments/"


def damage_url(assessment, entry=None):
    return f"{BASE}{assessment.pk}/damage/" + (f"{entry.pk}/" if entry else "")


HOUSES = {
    "sub_sector": "perumahan",
    "kabkota": KOTA_TANGERANG,
    "asset_kind": "Rumah permanen",
    "units_heavy": "12",
    "units_moderate": "7",
    "units_light": "30",
    "unit_cost": "85500000",
}


def test_staff_start_an_assessment_and_read_it(api_as, staf, flood, jitupasna_reference):
    client = api_as(staf)
    response = client.post(BASE, {"disaster": flood.pk, "bbb_uplift_percent": "10"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert (body["factor_heavy"], body["factor_moderate"], body["factor_light"]) == ("1.000", "0.750", "0.500")
    assert "Perka BNPB 15/2011" in body["factors_source"]
    assert body["documents"] == [
        {"format": fmt, "available": False, "pending": False, "sha256": None, "built_at": None, "url": None}
        for fmt in ("xlsx", "pdf")
    ]
    again = client.post(BASE, {"disaster": flood.pk}, format="json")
    assert again.status_code == 400 and "disaster" in again.json()["errors"]


def test_damage_entries_are_created_listed_changed_and_deleted(api_as, staf, assessment):
    client = api_as(staf)
    response = client.post(damage_url(assessment), HOUSES, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["damage"] == "2757375000"
    assert (created["sector"], created["sub_sector"], created["source"]) == ("permukiman", "perumahan", "manual")
    entry = DamageEntry.objects.get()

    listed = client.get(damage_url(assessment), {"kabkota": KOTA_TANGERANG}).json()
    assert [row["id"] for row in listed["results"]] == [entry.pk]
    assert client.get(damage_url(assessment), {"kabkota": TANGSEL}).json()["count"] == 0

    changed = client.patch(damage_url(assessment, entry), {"unit_cost": "86000000"}, format="json")
    assert changed.status_code == 200 and changed.json()["damage"] == "2773500000"
    assert client.delete(damage_url(assessment, entry)).status_code == 204
    assert not DamageEntry.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"units_light": "-3"}, "units_light"),
        ({"unit_cost": "-1"}, "unit_cost"),
        ({"total_stock": "40"}, "total_stock"),
        ({"kabkota": "36.02"}, "kabkota"),
        ({"kecamatan": "36.74.03"}, "kecamatan"),
    ],
)
def test_bad_damage_input_answers_400_naming_the_field_and_saves_nothing(api_as, staf, assessment, change, field):
    response = api_as(staf).post(damage_url(assessment), {**HOUSES, **change}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert field in body["message"]
    assert not DamageEntry.objects.exists()


def test_a_negative_unit_says_so_in_indonesian(api_as, staf, assessment):
    body = api_as(staf).post(damage_url(assessment), {**HOUSES, "units_heavy": "-1"}, format="json").json()
    assert body["errors"]["units_heavy"] == ["Unit rusak berat (RB) tidak boleh negatif."]


def test_a_final_assessment_refuses_changes_over_the_api(api_as, staf, assessment):
    client = api_as(staf)
    client.post(damage_url(assessment), HOUSES, format="json")
    entry = DamageEntry.objects.get()
    assert client.post(f"{BASE}{assessment.pk}/finalise/").status_code == 200
    for response in (
        client.post(damage_url(assessment), {**HOUSES, "asset_kind": "Rumah lain"}, format="json"),
        client.patch(damage_url(assessment, entry), {"unit_cost": "1"}, format="json"),
        client.delete(damage_url(assessment, entry)),
        client.patch(f"{BASE}{assessment.pk}/", {"bbb_uplift_percent": "20"}, format="json"),
    ):
        assert response.status_code == 400
        assert "sudah final" in response.json()["message"]
    assert DamageEntry.objects.get().unit_cost == Decimal("85500000")


def test_loss_and_needs_entries_and_the_summary(api_as, staf, assessment):
    client = api_as(staf)
    loss = client.post(
        f"{BASE}{assessment.pk}/losses/",
        {
            "sub_sector": "perdagangan",
            "kabkota": KOTA_TANGERANG,
            "description": "Pasar tutup",
            "lost_income": "850000000",
            "extra_costs": "125000000",
            "recovery_months": 2,
        },
        format="json",
    )
    assert loss.status_code == 201 and loss.json()["loss"] == "975000000"
    bad = client.post(
        f"{BASE}{assessment.pk}/losses/",
        {"sub_sector": "perdagangan", "kabkota": KOTA_TANGERANG, "description": "x", "recovery_months": 0},
        format="json",
    )
    assert bad.status_code == 400 and "recovery_months" in bad.json()["errors"]
    client.post(damage_url(assessment), HOUSES, format="json")
    needs = client.post(
        f"{BASE}{assessment.pk}/needs/",
        {"sector": "permukiman", "kabkota": KOTA_TANGERANG, "bbb_uplift_percent": "20", "access": "50000000"},
        format="json",
    )
    assert needs.status_code == 201, needs.json()
    summary = client.get(f"{BASE}{assessment.pk}/summary/").json()
    assert [row["code"] for row in summary["kabkota"]] == [KAB_TANGERANG, KOTA_TANGERANG, TANGSEL]
    permukiman = next(row for row in summary["sectors"] if row["code"] == "permukiman")
    cell = next(cell for cell in permukiman["cells"] if cell["kabkota"] == KOTA_TANGERANG)
    assert (cell["damage"], cell["reconstruction"], cell["access"], cell["needs"]) == (
        "2757375000",
        "3308850000",
        "50000000",
        "3358850000",
    )
    assert summary["total"]["loss"] == "975000000"
    assert summary["factors"][0] == {"damage_class": "rb", "label": "Rusak berat (RB)", "factor": "1.000"}


def test_the_input_status_endpoint_and_submitting_input(api_as, staf, assessment, perkim_user, time_machine):
    time_machine.move_to(wib(2026, 2, 1), tick=False)
    opened = api_as(staf).post(
        f"{BASE}{assessment.pk}/open/",
        {"deadline": "2026-02-09T16:00:00+07:00", "agencies": ["disperkim-banten", "dpupr-banten"]},
        format="json",
    )
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    client = api_as(perkim_user)
    submitted = client.post(f"{BASE}{assessment.pk}/input/", {"agency": "disperkim-banten"}, format="json")
    assert submitted.status_code == 201, submitted.json()
    status = client.get(f"{BASE}{assessment.pk}/input/").json()
    assert status["submitted"] == 1
    assert {row["agency"]: row["state"] for row in status["agencies"]} == {
        "disperkim-banten": "on_time",
        "dpupr-banten": "waiting",
    }
    refused = client.post(f"{BASE}{assessment.pk}/input/", {"agency": "dpupr-banten"}, format="json")
    assert refused.status_code == 403


def test_prefill_endpoint(api_as, staf, assessment, petugas_kota_tangerang, report_of):
    report_of(petugas_kota_tangerang, assessment.disaster, "36.71.08", houses_heavily_damaged=4)
    body = api_as(staf).post(f"{BASE}{assessment.pk}/prefill/").json()
    assert (body["created"], body["reports"]) == (1, 1)
    assert api_as(petugas_kota_tangerang).post(f"{BASE}{assessment.pk}/prefill/").status_code == 403


def test_reference_endpoints(api_as, petugas_kota_tangerang, jitupasna_reference):
    client = api_as(petugas_kota_tangerang)
    sectors = client.get("/api/v1/jitupasna/sectors/").json()
    assert [row["code"] for row in sectors] == [
        "permukiman",
        "infrastruktur",
        "ekonomi-produktif",
        "sosial",
        "lintas-sektor",
    ]
    assert sectors[0]["sub_sectors"][0]["responsible_agency"] == "disperkim-banten"
    factors = client.get("/api/v1/jitupasna/damage-factors/").json()
    assert [(row["damage_class"], row["factor"]) for row in factors] == [
        ("rb", "1.000"),
        ("rs", "0.750"),
        ("rr", "0.500"),
    ]


def test_document_endpoint_queues_a_build_and_downloads_it_once_built(
    api_as, staf, assessment, django_capture_on_commit_callbacks
):
    client = api_as(staf)
    assert client.get(f"{BASE}{assessment.pk}/document.pdf").status_code == 404
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.post(f"{BASE}{assessment.pk}/document.pdf").status_code == 202
    assert len(callbacks) == 1
    assert client.post(f"{BASE}{assessment.pk}/document.docx").status_code == 404
    assessment_output_build(assessment_id=assessment.pk, fmt="pdf")
    response = client.get(f"{BASE}{assessment.pk}/document.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    detail = client.get(f"{BASE}{assessment.pk}/").json()
    assert detail["documents"][1]["available"] is True


def test_the_assessment_list_runs_a_fixed_number_of_queries(
    api_as, staf, lebak_landslide, flood, jitupasna_reference, django_assert_num_queries
):
    assessment_create(user=staf, disaster=flood)
    assessment_create(user=staf, disaster=lebak_landslide)
    third = disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="105"),
        title="Puting beliung Serang",
        started_on=flood.started_on,
        affected_kabkota=[region("36.04")],
    )
    assessment_create(user=staf, disaster=third)
    client = api_as(staf)
    # One COUNT for the page and one SELECT joining the disaster (auth is forced, so no session or token query).
    with django_assert_num_queries(2):
        response = client.get(BASE)
    assert response.json()["count"] == 3 == Assessment.objects.count()


def test_the_damage_list_runs_a_fixed_number_of_queries(api_as, staf, assessment, django_assert_num_queries):
    for index in range(3):
        damage_entry_create(
            user=staf,
            assessment=assessment,
            sub_sector=sub_sector("perumahan"),
            kabkota=region(KOTA_TANGERANG),
            asset_kind=f"Rumah tipe {index}",
            units_light=rp(index + 1),
            unit_cost=rp(10_000_000),
        )
    client = api_as(staf)
    # The assessment (1) with its meetings and affected kabupaten/kota (2), then the page's COUNT and rows (2).
    with django_assert_num_queries(5):
        response = client.get(damage_url(assessment))
    assert response.json()["count"] == 3
    assert LossEntry.objects.count() == 0


@pytest.mark.parametrize("kind", ["losses", "needs"])
def test_loss_and_needs_lists_run_a_fixed_number_of_queries(api_as, staf, assessment, kind, django_assert_num_queries):
    for code in (KAB_TANGERANG, KOTA_TANGERANG, TANGSEL):
        loss_entry_create(
            user=staf,
            assessment=assessment,
            sub_sector=sub_sector("pertanian"),
            kabkota=region(code),
            description="Gagal panen",
            lost_income=rp(1_000_000),
            recovery_months=3,
        )
        needs_entry_create(user=staf, assessment=assessment, sector=sector("sosial"), kabkota=region(code))
    client = api_as(staf)
    # The assessment with its meetings and affected kabupaten/kota (3), then the page's COUNT and rows (2).
    with django_assert_num_queries(5):
        response = client.get(f"{BASE}{assessment.pk}/{kind}/")
    assert response.json()["count"] == 3


def test_the_summary_runs_the_same_queries_whatever_the_number_of_entries(
    api_as, staf, assessment, django_assert_num_queries
):
    client = api_as(staf)

    def add(count, start):
        for index in range(start, start + count):
            damage_entry_create(
                user=staf,
                assessment=assessment,
                sub_sector=sub_sector("perumahan"),
                kabkota=region(KOTA_TANGERANG),
                asset_kind=f"Rumah {index}",
                units_light=rp(1),
                unit_cost=rp(1_000_000),
            )

    add(3, 0)
    # Assessment (3); kabupaten/kota in scope: affected, three entry tables, names (5); figures: sectors,
    # sub-sectors, damage, loss, needs entries (5).
    with django_assert_num_queries(13):
        assert client.get(f"{BASE}{assessment.pk}/summary/").json()["total"]["damage"] == "1500000"
    add(6, 3)
    with django_assert_num_queries(13):
        assert client.get(f"{BASE}{assessment.pk}/summary/").json()["total"]["damage"] == "4500000"


def test_an_unreadable_filter_answers_400(api_as, staf, assessment):
    response = api_as(staf).get(BASE, {"disaster": "banjir"})
    assert response.status_code == 400 and "disaster" in response.json()["errors"]
    assert api_as(staf).get(BASE, {"disaster": assessment.disaster_id}).json()["count"] == 1


def test_the_admin_screens_open_for_the_administrator(client, staf, assessment):
    staf.is_superuser = staf.is_staff = True
    staf.save(update_fields=["is_superuser", "is_staff"])
    client.force_login(staf)
    for url in [
        "/admin/jitupasna/sector/",
        f"/admin/jitupasna/sector/{sector('permukiman').pk}/change/",
        "/admin/jitupasna/subsector/",
        "/admin/jitupasna/damagefactor/",
        "/admin/jitupasna/assessment/",
        f"/admin/jitupasna/assessment/{assessment.pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url
