from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="list"),
    path("baru/<slug:kind>/", views.report_new, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/kemajuan/", views.report_progress, name="progress"),
    path("<int:pk>/unduh/", views.report_download, name="download"),
]
