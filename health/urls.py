from django.urls import path

from . import views

app_name = "health"

urlpatterns = [
    path("", views.post_index, name="post-list"),
    path("pos/baru/", views.post_new, name="post-create"),
    path("pos/<int:pk>/", views.post_detail, name="post-detail"),
    path("pos/<int:pk>/ubah/", views.post_edit, name="post-edit"),
    path("pos/<int:pk>/konsultasi/", views.consultation_new, name="consultation-create"),
    path("sinyal/", views.signal_index, name="signal-list"),
    path("sinyal/<int:pk>/tutup/", views.signal_close, name="signal-close"),
]
