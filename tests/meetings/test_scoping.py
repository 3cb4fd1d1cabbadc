"""Who sees which meeting: provincial staff all; officers those they or their agency are invited to, those that
concern their kabupaten/kota, and those whose follow-up their agency owns; coordinators those of their clusters.
Everything else answers 404 on every page and endpoint, exactly like a missing record."""

from datetime import date

import pytest

from meetings.selectors import action_item_list, input_round_list, meeting_list
from meetings.services import (
    action_item_create,
    decision_add,
    input_round_open,
    minutes_pdf_build,
    participant_invite,
)

from .conftest import agency, wib

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_meeting(staf, rakor, time_machine):
    """The flood meeting with a decision, an action item, an invited agency, an input round and a minutes PDF."""
    time_machine.move_to(wib(2026, 1, 26, 12), tick=False)
    decision = decision_add(user=staf, meeting=rakor, text="Dapur umum ditambah.")
    item = action_item_create(
        user=staf, meeting=rakor, title="Dapur umum", owner_agency=agency("dinsos-3671"), due_on=date(2026, 1, 28)
    )
    participant = participant_invite(user=staf, meeting=rakor, agency=agency("bpbd-banten"))
    input_round = input_round_open(
        user=staf,
        meeting=rakor,
        title="Draf Jitupasna",
        deadline=wib(2026, 2, 9, 16),
        agencies=[agency("dinsos-3671")],
        document_url="https://drive.example.org/draf",
    )
    minutes_pdf_build(meeting_id=rakor.pk)
    return {"meeting": rakor, "decision": decision, "item": item, "participant": participant, "round": input_round}


def page_urls(o):
    m = o["meeting"].pk
    return [
        f"/rapat/{m}/",
        f"/rapat/{m}/rapat.ics",
        f"/rapat/{m}/daftar-hadir/",
        f"/rapat/{m}/notulen.pdf",
        f"/rapat/{m}/undangan/",
        f"/rapat/{m}/kehadiran/",
        f"/rapat/{m}/notulen/",
        f"/rapat/{m}/ubah/",
        f"/rapat/{m}/tindak-lanjut/baru/",
        f"/rapat/tindak-lanjut/{o['item'].pk}/",
        f"/rapat/tindak-lanjut/{o['item'].pk}/ubah/",
        f"/rapat/masukan/{o['round'].pk}/",
        f"/rapat/masukan/baru/?rapat={m}",
    ]


def page_posts(o):
    m = o["meeting"].pk
    return [
        f"/rapat/{m}/batal/",
        f"/rapat/{m}/undangan/{o['participant'].pk}/hapus/",
        f"/rapat/{m}/notulen/keputusan/{o['decision'].pk}/hapus/",
        f"/rapat/{m}/notulen/pdf/buat/",
        f"/rapat/masukan/{o['round'].pk}/tutup/",
    ]


def api_urls(o):
    m = o["meeting"].pk
    return [
        ("get", f"/api/v1/meetings/{m}/"),
        ("patch", f"/api/v1/meetings/{m}/"),
        ("post", f"/api/v1/meetings/{m}/cancel/"),
        ("get", f"/api/v1/meetings/{m}/calendar.ics"),
        ("get", f"/api/v1/meetings/{m}/participants/"),
        ("post", f"/api/v1/meetings/{m}/participants/"),
        ("delete", f"/api/v1/meetings/{m}/participants/{o['participant'].pk}/"),
        ("get", f"/api/v1/meetings/{m}/attendance/"),
        ("post", f"/api/v1/meetings/{m}/attendance/"),
        ("put", f"/api/v1/meetings/{m}/minutes/"),
        ("get", f"/api/v1/meetings/{m}/minutes.pdf"),
        ("post", f"/api/v1/meetings/{m}/minutes.pdf"),
        ("get", f"/api/v1/meetings/{m}/decisions/"),
        ("post", f"/api/v1/meetings/{m}/decisions/"),
        ("patch", f"/api/v1/meetings/{m}/decisions/{o['decision'].pk}/"),
        ("delete", f"/api/v1/meetings/{m}/decisions/{o['decision'].pk}/"),
        ("get", f"/api/v1/action-items/?meeting={m}"),
        ("get", f"/api/v1/action-items/{o['item'].pk}/"),
        ("patch", f"/api/v1/action-items/{o['item'].pk}/"),
        ("post", f"/api/v1/action-items/{o['item'].pk}/progress/"),
        ("get", f"/api/v1/input-rounds/?meeting={m}"),
        ("get", f"/api/v1/input-rounds/{o['round'].pk}/"),
        ("patch", f"/api/v1/input-rounds/{o['round'].pk}/"),
        ("post", f"/api/v1/input-rounds/{o['round'].pk}/close/"),
        ("get", f"/api/v1/input-rounds/{o['round'].pk}/inputs/"),
        ("post", f"/api/v1/input-rounds/{o['round'].pk}/inputs/"),
        ("get", f"/api/v1/input-rounds/{o['round'].pk}/document"),
    ]


def test_officer_of_another_kabkota_gets_404_on_every_page_of_the_meeting(page_as, petugas_lebak, full_meeting):
    browser = page_as(petugas_lebak)
    for url in page_urls(full_meeting):
        assert browser.get(url).status_code == 404, url
    for url in page_posts(full_meeting):
        assert browser.post(url, {"cancel_reason": "x"}).status_code == 404, url


def test_officer_of_another_kabkota_gets_404_on_every_endpoint_of_the_meeting(api_as, petugas_lebak, full_meeting):
    client = api_as(petugas_lebak)
    for method, url in api_urls(full_meeting):
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == 404, (method, url, response.status_code)


def test_lists_leave_out_what_the_officer_may_not_see(api_as, page_as, petugas_lebak, full_meeting):
    client = api_as(petugas_lebak)
    for url in ("/api/v1/meetings/", "/api/v1/action-items/", "/api/v1/input-rounds/"):
        response = client.get(url)
        assert response.status_code == 200 and response.json()["count"] == 0, url
    browser = page_as(petugas_lebak)
    for url in ("/rapat/", "/rapat/kalender/?bulan=2026-01", "/rapat/tindak-lanjut/", "/rapat/masukan/"):
        response = browser.get(url)
        assert response.status_code == 200 and full_meeting["meeting"].title not in response.content.decode(), url


def test_officer_of_a_concerned_kabkota_sees_the_meeting_but_may_not_change_it(
    page_as, api_as, petugas_kota_tangerang, full_meeting
):
    m = full_meeting["meeting"].pk
    browser = page_as(petugas_kota_tangerang)
    for url in (f"/rapat/{m}/", f"/rapat/{m}/rapat.ics", f"/rapat/{m}/daftar-hadir/", f"/rapat/{m}/notulen.pdf"):
        assert browser.get(url).status_code == 200, url
    for url in (f"/rapat/{m}/ubah/", f"/rapat/{m}/kehadiran/", f"/rapat/{m}/notulen/", f"/rapat/{m}/undangan/"):
        assert browser.get(url).status_code == 403, url
    assert api_as(petugas_kota_tangerang).put(f"/api/v1/meetings/{m}/minutes/", {"summary": "x"}).status_code == 403


def test_officer_sees_a_meeting_their_agency_is_invited_to_though_it_does_not_concern_their_kabkota(
    staf, rakor, lebak_with_agency
):
    assert not meeting_list(user=lebak_with_agency).exists()
    participant_invite(user=staf, meeting=rakor, agency=agency("dinsos-3602"))
    assert list(meeting_list(user=lebak_with_agency)) == [rakor]


def test_officer_invited_in_person_sees_the_meeting(staf, rakor, petugas_lebak):
    participant_invite(user=staf, meeting=rakor, person=petugas_lebak)
    assert list(meeting_list(user=petugas_lebak)) == [rakor]


def test_officer_whose_agency_owns_a_follow_up_sees_the_meeting_and_the_item(staf, rakor, lebak_with_agency):
    item = action_item_create(
        user=staf, meeting=rakor, title="Kirim TAGANA", owner_agency=agency("dinsos-3602"), due_on=date(2026, 2, 1)
    )
    assert list(meeting_list(user=lebak_with_agency)) == [rakor]
    assert list(action_item_list(user=lebak_with_agency)) == [item]


def test_coordinator_sees_the_meetings_of_their_cluster_only(
    koordinator_pengungsian, koordinator_kesehatan, rakor, fgd
):
    assert list(meeting_list(user=koordinator_pengungsian)) == [rakor]
    assert list(meeting_list(user=koordinator_kesehatan)) == []


def test_read_only_api_client_has_no_access_to_meetings(api_as, api_client_user, rakor):
    assert api_as(api_client_user).get("/api/v1/meetings/").status_code == 403
    assert api_as(api_client_user).get(f"/api/v1/meetings/{rakor.pk}/").status_code == 403


def test_input_round_of_an_unseen_meeting_is_hidden_even_in_lists(staf, full_meeting, petugas_lebak):
    assert not input_round_list(user=petugas_lebak).exists()
    assert input_round_list(user=staf).count() == 1
