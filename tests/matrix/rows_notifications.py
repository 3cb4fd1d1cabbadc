"""Notifications: the bell and inbox, subscriptions, BMKG warnings, the delivery log, the public CAP feed."""

from banten_dinsos.notifications.models import AlertKind, Channel, Delivery, Severity
from banten_dinsos.notifications.services import alert_emit, subscription_add

from .spec import row

BUILD_ORDER = 60
# Allowed writes (a form answer or a success here) are proven by:
COVERED = "tests/notifications/ (test_views, test_apis)"


def build(w):
    from ..notifications.test_cap_authoring import write

    w.cap_message = write(w.staf)
    alert = alert_emit(
        kind=AlertKind.REPORT_READY,
        title="Notifikasi Matriks Lebak",
        severity=Severity.MINOR,
        user_ids=[w.petugas_in.pk],
        dedupe_key="matrix:notification:lebak",
        url="/laporan/",
    )
    w.notification = Delivery.objects.get(alert=alert, recipient=w.petugas_in, channel=Channel.IN_APP)
    emailed = alert_emit(
        kind=AlertKind.REPORT_READY,
        title="Surel Matriks Lebak",
        severity=Severity.MINOR,
        emails=["posko.matriks@example.org"],
        dedupe_key="matrix:email:lebak",
    )
    # The delivery log shows what leaves the portal (email, text, webhooks), not the bell's rows.
    w.email_delivery = Delivery.objects.get(alert=emailed, channel=Channel.EMAIL)
    w.subscription = subscription_add(user=w.petugas_in, channel=Channel.IN_APP, kabkota=w.lebak)
    w.public_alert = alert_emit(
        kind=AlertKind.DISASTER_STATUS,
        title="Peringatan Publik Matriks Lebak",
        kabkota_codes=["36.02"],
        public=True,
        dedupe_key="matrix:public:lebak",
    )


ROWS = [
    row(
        "notifications:inbox",
        text=lambda w: w.notification.alert.title,
        note="staf provinsi's default rules deliver every alert to their bell too",
        GET="login 200x 200 200x 200x 200",
    ),  # notifikasi/
    row(
        "notifications:bell", GET="286 200. 200. 200. 200. 200.", POST="405 405 405 405 405 405"
    ),  # notifikasi/lonceng/
    row(
        "notifications:read-all", covered_by=COVERED, GET="login - - - - 405", POST="login 3xx 3xx 3xx 3xx 3xx"
    ),  # notifikasi/baca-semua/
    row(
        "notifications:open",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.notification.pk},
        GET="login 404 3xx 404 404 404",
        POST="login 404 3xx 404 404 404",
    ),  # notifikasi/<int:pk>/buka/
    row(
        "notifications:settings",
        covered_by=COVERED,
        GET="login 200. 200. 200. 200. 200.",
        POST="login 400 400 400 400 400",
    ),  # notifikasi/pengaturan/
    row(
        "notifications:subscription-delete",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.subscription.pk},
        GET="login - - - - 405",
        POST="login 3xx 3xx 3xx 3xx 3xx",
    ),  # notifikasi/pengaturan/<int:pk>/hapus/
    row(
        "notifications:subscription-reset",
        covered_by=COVERED,
        GET="login - - - - 405",
        POST="login 3xx 3xx 3xx 3xx 3xx",
    ),  # notifikasi/pengaturan/bawaan/
    row(
        "notifications:warning-list", text=lambda w: w.warning.headline, GET="login 403 200 200 200 200"
    ),  # notifikasi/peringatan/
    row(
        "notifications:warning-detail",
        kw=lambda w: {"pk": w.warning.pk},
        text=lambda w: w.warning.headline,
        GET="login 403 200 200 200 200",
    ),  # notifikasi/peringatan/<int:pk>/
    row(
        "notifications:delivery-list", text=lambda w: w.email_delivery.address, GET="login 403 403 403 403 200"
    ),  # notifikasi/pengiriman/
    row(
        "notifications:delivery-detail",
        kw=lambda w: {"pk": w.email_delivery.pk},
        text=lambda w: w.email_delivery.address,
        GET="login 403 403 403 403 200",
    ),  # notifikasi/pengiriman/<int:pk>/
    row(
        "notifications:delivery-retry",
        kw=lambda w: {"pk": w.email_delivery.pk},
        covered_by=COVERED,
        GET="login - - - - 405",
        POST="login 403 403 403 403 3xx",
    ),  # notifikasi/pengiriman/<int:pk>/ulangi/
    row(
        "cap-feed", text=lambda w: w.public_alert.title, GET="200 200 200 200 200 200", POST="405 405 405 405 405 405"
    ),  # cap/feed.xml
    row(
        "cap-alert",
        kw=lambda w: {"uuid": w.public_alert.uuid},
        text=lambda w: w.public_alert.title,
        GET="200 200 200 200 200 200",
        POST="405 405 405 405 405 405",
    ),  # cap/alerts/<uuid:uuid>.xml
    row(
        "api-notification-list", api=True, text=lambda w: w.notification.alert.title, GET="403 200x 200 200x 200x 200"
    ),  # api/v1/notifications/
    row(
        "api-notification-read", covered_by=COVERED, api=True, POST="403 200. 200. 200. 200. 200."
    ),  # api/v1/notifications/read/
    row(
        "notifications:warning-place-map",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.warning.pk},
        GET="login - - - - 405",
        POST="login 403 403 403 403 400",
    ),  # notifikasi/peringatan/<int:pk>/petakan-nama/
    row("notifications:cap-message-list", GET="login 403 403 403 403 200."),  # notifikasi/pesan-cap/
    row(
        "notifications:cap-message-create",
        covered_by=COVERED,
        GET="login 403 403 403 403 200.",
        POST="login 403 403 403 403 400",
    ),  # notifikasi/pesan-cap/baru/
    row(
        "notifications:cap-message-detail", kw=lambda w: {"pk": w.cap_message.pk}, GET="login 403 403 403 403 200."
    ),  # notifikasi/pesan-cap/<int:pk>/
    row(
        "notifications:cap-message-decide",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.cap_message.pk},
        GET="login - - - - 405",
        POST="login 403 403 403 403 3xx",
    ),  # notifikasi/pesan-cap/<int:pk>/putuskan/
]
