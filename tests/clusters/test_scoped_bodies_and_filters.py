"""Issue 15 in clusters: a body naming another kab/kota's record is refused like a missing one; one FilterSet per
list serves the selectors (with the plain values other apps pass), the API and the pages; updates through
model_update."""

import json
import re
import uuid

import pytest
from django.core.exceptions import ValidationError

from clusters.models import EmergencyStatus, NeedStatus, ReportState
from clusters.selectors import activity_list, disaster_list, field_report_list, need_list, verification_queue
from clusters.services import disaster_change_status, need_update

from .conftest import KAB_TANGERANG, KOTA_TANGERANG, PERIUK, PERIUK_DESA, PONDOK_AREN
from .factories import ActivityFactory, NeedFactory

pytestmark = pytest.mark.django_db


def same_refusal(response, missing, *, value, missing_value) -> bool:
    """The two answers are the same once the id each one names is set aside (the message repeats the id). Only the
    whole number is set aside: id 20 must not also turn the 20 of a date's 2026 into ``<id>26``."""

    def text(answer, named):
        return re.sub(rf"(?<!\d){named}(?!\d)", "<id>", json.dumps(answer.json(), sort_keys=True))

    return response.status_code == missing.status_code == 400 and text(response, value) == text(missing, missing_value)


def _report_body(disaster_id, area, **overrides):
    return {
        "disaster": disaster_id,
        "idempotency_key": str(uuid.uuid4()),
        "area": area,
        "observed_at": "2026-01-18T08:00:00+07:00",
        "affected_people": 10,
        "affected_families": 3,
        "displaced": 2,
        **overrides,
    }


def test_report_for_a_disaster_the_officer_cannot_see_is_refused_like_a_missing_one(api_as, petugas_lebak, flood):
    client = api_as(petugas_lebak)
    hidden = client.post("/api/v1/field-reports/", _report_body(flood.pk, "36.02.14"), format="json")
    missing = client.post("/api/v1/field-reports/", _report_body(flood.pk + 10_000, "36.02.14"), format="json")
    assert "disaster" in hidden.json()["errors"]
    assert same_refusal(hidden, missing, value=flood.pk, missing_value=flood.pk + 10_000)


def test_correcting_another_kabkotas_report_is_refused_like_a_missing_one(
    api_as, petugas_kota_tangerang, petugas_tangsel, flood, report_of
):
    other = report_of(petugas_kota_tangerang, flood, PERIUK)
    client = api_as(petugas_tangsel)
    hidden = client.post(
        "/api/v1/field-reports/", _report_body(flood.pk, PONDOK_AREN, supersedes=other.pk), format="json"
    )
    missing = client.post(
        "/api/v1/field-reports/", _report_body(flood.pk, PONDOK_AREN, supersedes=other.pk + 10_000), format="json"
    )
    assert "supersedes" in hidden.json()["errors"]
    assert same_refusal(hidden, missing, value=other.pk, missing_value=other.pk + 10_000)


def test_need_for_a_disaster_the_officer_cannot_see_is_refused_like_a_missing_one(api_as, petugas_lebak, flood):
    client = api_as(petugas_lebak)
    body = {"cluster": "logistik", "area": "36.02.14", "description": "Beras", "people_in_need": 10}
    hidden = client.post("/api/v1/needs/", body | {"disaster": flood.pk}, format="json")
    missing = client.post("/api/v1/needs/", body | {"disaster": flood.pk + 10_000}, format="json")
    assert "disaster" in hidden.json()["errors"]
    assert same_refusal(hidden, missing, value=flood.pk, missing_value=flood.pk + 10_000)


def test_activity_for_a_need_outside_the_coordinators_clusters_is_refused_like_a_missing_one(
    api_as, koordinator_logistik, flood
):
    other = NeedFactory(disaster=flood, cluster_code="kesehatan")
    client = api_as(koordinator_logistik)
    body = {
        "disaster": flood.pk,
        "agency": "dinsos-banten",
        "cluster": "logistik",
        "title": "Distribusi beras",
        "area": PERIUK_DESA,
        "start_date": "2026-01-19",
    }
    hidden = client.post("/api/v1/activities/", body | {"need": other.pk}, format="json")
    missing = client.post("/api/v1/activities/", body | {"need": other.pk + 10_000}, format="json")
    assert "need" in hidden.json()["errors"]
    assert same_refusal(hidden, missing, value=other.pk, missing_value=other.pk + 10_000)


def test_selectors_take_the_plain_values_other_apps_pass(staf, flood, lebak_landslide, report_of, petugas_tangsel):
    """The dashboard, the situation report and the alerts pass Python values, not query strings."""
    assert list(disaster_list(user=staf, filters={"active": True, "region": KOTA_TANGERANG})) == [flood]
    assert set(disaster_list(user=staf, filters={"active": True})) == {flood, lebak_landslide}
    disaster_change_status(user=staf, disaster=lebak_landslide, status=EmergencyStatus.SELESAI)
    assert list(disaster_list(user=staf, filters={"active": False})) == [lebak_landslide]
    report = report_of(petugas_tangsel, flood, PONDOK_AREN)
    assert list(field_report_list(user=staf, filters={"disaster": flood.pk})) == [report]
    assert list(field_report_list(user=staf, filters={"disaster": lebak_landslide.pk})) == []
    open_need = NeedFactory(disaster=flood)
    NeedFactory(disaster=flood, status=NeedStatus.MET)
    assert list(need_list(user=staf, filters={"disaster": flood.pk, "status": NeedStatus.OPEN})) == [open_need]
    activity = ActivityFactory(disaster=flood)
    ActivityFactory(disaster=flood, area_code=KAB_TANGERANG, agency_code="pmi-banten")
    assert list(activity_list(user=staf, filters={"disaster": flood.pk, "agency": "dinsos-banten"})) == [activity]
    assert list(activity_list(user=staf, filters={"region": PERIUK})) == [activity]


def test_the_queue_ignores_a_state_and_keeps_only_submitted_reports(
    staf, petugas_kota_tangerang, petugas_tangsel, flood, report_of
):
    waiting = report_of(petugas_tangsel, flood, PONDOK_AREN, state="submitted")
    report_of(petugas_kota_tangerang, flood, PERIUK, state="draft")
    assert list(verification_queue(user=staf, filters={"state": ReportState.DRAFT})) == [waiting]
    assert list(verification_queue(user=staf, filters={"region": PERIUK})) == []


def test_invalid_filter_values_name_the_field_instead_of_failing(staf, flood, api_as):
    with pytest.raises(ValidationError) as refused:
        disaster_list(user=staf, filters={"region": "Tangerang"})
    assert "region" in refused.value.message_dict
    for url, params in [
        ("/api/v1/disasters/", {"status": "kacau"}),
        ("/api/v1/needs/", {"disaster": "satu"}),
        ("/api/v1/activities/", {"region": "Periuk"}),
    ]:
        response = api_as(staf).get(url, params)
        assert response.status_code == 400 and set(params) <= set(response.json()["errors"]), url


def test_disaster_page_filters_through_the_filterset_and_shows_bad_input_on_the_form(
    page_as, staf, flood, lebak_landslide
):
    browser = page_as(staf)
    narrowed = browser.get("/bencana/", {"region": "36.02"})
    assert narrowed.status_code == 200
    assert lebak_landslide.title in narrowed.text and flood.title not in narrowed.text
    bad = browser.get("/bencana/", {"region": "Lebak"})
    assert bad.status_code == 200
    assert bad.context["form"].errors["region"]
    assert lebak_landslide.title in bad.text and flood.title in bad.text


def test_my_reports_page_lists_only_the_officers_reports_in_the_chosen_state(
    page_as, petugas_kota_tangerang, petugas_tangsel, flood, report_of
):
    draft = report_of(petugas_kota_tangerang, flood, PERIUK, state="draft")
    sent = report_of(petugas_kota_tangerang, flood, PERIUK_DESA, state="submitted")
    report_of(petugas_tangsel, flood, PONDOK_AREN, state="draft")
    browser = page_as(petugas_kota_tangerang)
    page = browser.get("/bencana/laporan/saya/", {"state": "draft", "mine": "false"})
    assert [report.pk for report in page.context["page"]] == [draft.pk]
    everything = browser.get("/bencana/laporan/saya/", {"state": "nonsense"})
    assert everything.context["form"].errors["state"]
    assert {report.pk for report in everything.context["page"]} == {draft.pk, sent.pk}


def test_queue_page_filters_by_region(page_as, staf, petugas_kota_tangerang, petugas_tangsel, flood, report_of):
    periuk = report_of(petugas_kota_tangerang, flood, PERIUK, state="submitted")
    report_of(petugas_tangsel, flood, PONDOK_AREN, state="submitted")
    page = page_as(staf).get("/bencana/laporan/verifikasi/", {"region": PERIUK})
    assert [report.pk for report in page.context["page"]] == [periuk.pk]


def test_need_update_strips_text_and_refuses_unknown_fields(staf, flood):
    need = NeedFactory(disaster=flood)
    updated = need_update(user=staf, need=need, data={"description": "  Selimut 200 lembar  "})
    assert updated.description == "Selimut 200 lembar"
    with pytest.raises(TypeError):
        need_update(user=staf, need=need, data={"kabkota_id": "36.74"})
