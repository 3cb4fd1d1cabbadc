"""Pages of the notifications app: the bell, the inbox, the settings, BMKG warnings and the delivery log."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from banten_dinsos.notifications.models import AlertKind, Channel, Delivery, Severity, Subscription
from banten_dinsos.notifications.services import alert_emit

pytestmark = pytest.mark.django_db


def notify(user, n, **extra):
    return [
        alert_emit(
            kind=AlertKind.REPORT_READY,
            title=f"Laporan {i}",
            severity=Severity.MINOR,
            user_ids=[user.pk],
            dedupe_key=f"view-test:{user.pk}:{i}",
            url="/laporan/",
            **extra,
        )
        for i in range(n)
    ]


def test_bell_shows_the_unread_count_and_keeps_polling(page_as, petugas_lebak):
    notify(petugas_lebak, 3)
    response = page_as(petugas_lebak).get("/notifikasi/lonceng/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="badge text-bg-danger">3</span>' in html
    assert 'hx-trigger="every 60s"' in html


def test_bell_polling_does_not_keep_an_idle_session_alive(page_as, petugas_lebak):
    browser = page_as(petugas_lebak)
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=5))
    browser.get("/notifikasi/lonceng/")
    assert Session.objects.get().expire_date < timezone.now() + timedelta(minutes=6)


def test_bell_tells_htmx_to_stop_once_signed_out(client):
    response = client.get("/notifikasi/lonceng/")
    assert response.status_code == 286
    assert "hx-get" not in response.content.decode()


def test_base_page_carries_the_bell(page_as, petugas_lebak):
    html = page_as(petugas_lebak).get("/notifikasi/").content.decode()
    assert 'id="notification-bell"' in html and 'hx-trigger="load, every 60s"' in html


def test_inbox_lists_notifications_in_a_fixed_number_of_queries(page_as, petugas_lebak, django_assert_num_queries):
    notify(petugas_lebak, 4)
    browser = page_as(petugas_lebak)
    browser.get("/notifikasi/")
    # session, user, the officer's kabupaten/kota in the header, count for the paginator, the page of
    # notifications with their alerts (one join), and the session save (savepoint, update, release).
    with django_assert_num_queries(8):
        response = browser.get("/notifikasi/")
    assert response.status_code == 200
    assert response.content.decode().count("Laporan ") >= 4


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(page_as, petugas_lebak):
    notify(petugas_lebak, 1)
    notification = Delivery.objects.get(recipient=petugas_lebak, channel=Channel.IN_APP)
    response = page_as(petugas_lebak).get(f"/notifikasi/{notification.pk}/buka/")
    assert response.status_code == 302 and response["Location"] == "/laporan/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_answers_404(page_as, petugas_lebak, petugas_kota_serang):
    notify(petugas_lebak, 1)
    notification = Delivery.objects.get(recipient=petugas_lebak, channel=Channel.IN_APP)
    assert page_as(petugas_kota_serang).get(f"/notifikasi/{notification.pk}/buka/").status_code == 404


def test_notification_never_redirects_outside_the_portal(page_as, petugas_lebak):
    alert_emit(
        kind=AlertKind.REPORT_READY,
        title="x",
        user_ids=[petugas_lebak.pk],
        dedupe_key="evil",
        url="https://evil.example/",
    )
    notification = Delivery.objects.get(recipient=petugas_lebak, channel=Channel.IN_APP)
    response = page_as(petugas_lebak).get(f"/notifikasi/{notification.pk}/buka/")
    assert response["Location"] == "/notifikasi/"


def test_mark_all_read_empties_the_bell(page_as, petugas_lebak):
    notify(petugas_lebak, 2)
    browser = page_as(petugas_lebak)
    browser.post("/notifikasi/baca-semua/")
    assert "badge" not in browser.get("/notifikasi/lonceng/").content.decode()


def test_settings_page_shows_role_defaults_then_saves_own_rules(page_as, petugas_lebak, regions):
    browser = page_as(petugas_lebak)
    page = browser.get("/notifikasi/pengaturan/")
    assert page.status_code == 200 and len(page.context["rows"]) == 2 and not page.context["customised"]
    response = browser.post(
        "/notifikasi/pengaturan/",
        {"channel": Channel.IN_APP, "kind": AlertKind.SHELTER_BREACH, "kabkota": "36.02", "min_severity": "Unknown"},
    )
    assert response.status_code == 302
    assert Subscription.objects.filter(user=petugas_lebak).count() == 3
    rule = Subscription.objects.get(user=petugas_lebak, kind=AlertKind.SHELTER_BREACH)
    browser.post(f"/notifikasi/pengaturan/{rule.pk}/hapus/")
    assert not Subscription.objects.filter(pk=rule.pk).exists()
    browser.post("/notifikasi/pengaturan/bawaan/")
    assert not Subscription.objects.filter(user=petugas_lebak).exists()
    assert not browser.get("/notifikasi/pengaturan/").context["customised"]


def test_settings_offer_only_the_officers_own_kabupaten_and_the_disasters_they_see(page_as, petugas_lebak, lebak_flood):
    form = page_as(petugas_lebak).get("/notifikasi/pengaturan/").context["form"]
    assert [region.code for region in form.fields["kabkota"].queryset] == ["36.02"]
    assert (str(lebak_flood.pk), lebak_flood.title) in form.fields["disaster_id"].choices
    assert ("kesehatan", "Kesehatan") in form.fields["cluster_code"].choices
    response = page_as(petugas_lebak).post(
        "/notifikasi/pengaturan/", {"channel": Channel.IN_APP, "kabkota": "36.73", "min_severity": "Unknown"}
    )
    assert response.status_code == 400


def test_email_rule_needs_an_email_address(page_as, petugas_lebak, regions):
    response = page_as(petugas_lebak).post(
        "/notifikasi/pengaturan/", {"channel": Channel.EMAIL, "min_severity": "Unknown"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["channel"]


def test_delivery_log_is_for_provincial_staff_only(page_as, staf, petugas_lebak, django_assert_num_queries):
    staf.email = "staf@example.org"
    staf.save()
    for i in range(3):
        alert_emit(kind=AlertKind.CASUALTIES, title=f"K{i}", severity=Severity.SEVERE, dedupe_key=f"log:{i}")
    assert page_as(petugas_lebak).get("/notifikasi/pengiriman/").status_code == 403
    browser = page_as(staf)
    browser.get("/notifikasi/pengiriman/")
    # session, user, paginator count, one page of deliveries joined with alert, recipient and endpoint, and the
    # session save (savepoint, update, release).
    with django_assert_num_queries(7):
        response = browser.get("/notifikasi/pengiriman/")
    assert response.status_code == 200 and response.content.decode().count("staf.provinsi") >= 3
    delivery = Delivery.objects.filter(channel=Channel.EMAIL).first()
    assert browser.get(f"/notifikasi/pengiriman/{delivery.pk}/").status_code == 200
    assert page_as(petugas_lebak).get(f"/notifikasi/pengiriman/{delivery.pk}/").status_code == 403


def test_warning_pages_need_the_warning_permission(page_as, api_client_user, petugas_lebak):
    assert page_as(api_client_user).get("/notifikasi/peringatan/").status_code == 403
    assert page_as(petugas_lebak).get("/notifikasi/peringatan/").status_code == 200


def test_warning_list_runs_a_fixed_number_of_queries(page_as, petugas_lebak, fake_fetch, django_assert_num_queries):
    from banten_dinsos.notifications.models import ExternalWarning
    from banten_dinsos.notifications.services import warnings_ingest

    from .conftest import FEED_URL

    warnings_ingest(url=FEED_URL, fetch=fake_fetch)
    third = ExternalWarning.objects.first()
    third.pk, third.identifier = None, "COPY-1"
    third.save()
    browser = page_as(petugas_lebak)
    browser.get("/notifikasi/peringatan/")
    # session, user, the officer's kabupaten/kota in the header, paginator count, one page of warnings, and the
    # session save (savepoint, update, release).
    with django_assert_num_queries(8):
        response = browser.get("/notifikasi/peringatan/")
    assert len(response.context["page"].object_list) == 3
