from django.urls import path

from . import cap_views, views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_index, name="inbox"),
    path("lonceng/", views.bell, name="bell"),
    path("baca-semua/", views.notification_read_all, name="read-all"),
    path("<int:pk>/buka/", views.notification_open, name="open"),
    path("pengaturan/", views.notification_settings, name="settings"),
    path("pengaturan/<int:pk>/hapus/", views.subscription_delete, name="subscription-delete"),
    path("pengaturan/bawaan/", views.subscription_reset, name="subscription-reset"),
    path("peringatan/", views.warning_index, name="warning-list"),
    path("peringatan/<int:pk>/", views.warning_detail, name="warning-detail"),
    path("peringatan/<int:pk>/petakan-nama/", views.warning_place_map, name="warning-place-map"),
    path("pesan-cap/", cap_views.cap_message_index, name="cap-message-list"),
    path("pesan-cap/baru/", cap_views.cap_message_new, name="cap-message-create"),
    path("pesan-cap/<int:pk>/", cap_views.cap_message_detail, name="cap-message-detail"),
    path("pesan-cap/<int:pk>/putuskan/", cap_views.cap_message_decide, name="cap-message-decide"),
    path("pengiriman/", views.delivery_index, name="delivery-list"),
    path("pengiriman/<int:pk>/", views.delivery_detail, name="delivery-detail"),
    path("pengiriman/<int:pk>/ulangi/", views.delivery_retry, name="delivery-retry"),
]
