from django.urls import path

from . import views

app_name = "logistics"

urlpatterns = [
    path("", views.position, name="position"),
    path("ringkasan/", views.dashboard_tile, name="dashboard-tile"),
    path("gudang/", views.location_index, name="location-list"),
    path("gudang/baru/", views.location_new, name="location-create"),
    path("gudang/<int:pk>/", views.location_detail, name="location-detail"),
    path("peta/", views.warehouse_map, name="map"),
    path("mutasi/", views.move_index, name="move-list"),
    path("mutasi/baru/", views.move_new, name="move-create"),
    path("mutasi/<int:pk>/", views.move_detail, name="move-detail"),
    path("mutasi/<int:pk>/balik/", views.move_reverse, name="move-reverse"),
    path("opname/", views.stock_count, name="count"),
    path("kartu-stok/", views.stock_card_download, name="stock-card"),
    path("peringatan/", views.stock_alerts, name="alerts"),
    path("permintaan/", views.request_index, name="request-list"),
    path("permintaan/baru/", views.request_new, name="request-create"),
    path("permintaan/<int:pk>/", views.request_detail, name="request-detail"),
    path("permintaan/<int:pk>/putuskan/", views.request_decide, name="request-decide"),
    path("permintaan/<int:pk>/kirim/", views.request_dispatch, name="request-dispatch"),
    path("surat-jalan/<int:pk>/", views.dispatch_detail, name="dispatch-detail"),
    path("surat-jalan/<int:pk>/pdf/", views.dispatch_note, name="dispatch-note"),
    path("surat-jalan/<int:pk>/terima/", views.dispatch_receive, name="dispatch-receive"),
    path("terima/<uuid:token>/", views.dispatch_confirm, name="dispatch-confirm"),
    path("donasi/", views.donation_index, name="donation-list"),
    path("donasi/baru/", views.donation_new, name="donation-create"),
    path("donasi/<int:pk>/", views.donation_detail, name="donation-detail"),
    path("donasi/<int:pk>/pdf/", views.donation_receipt, name="donation-receipt"),
    path("distribusi/", views.distribution_index, name="distributions"),
    path("distribusi/hxl.csv", views.distribution_hxl, name="distribution-hxl"),
]
