"""The public CAP 1.2 endpoints, mounted at /cap/ without a namespace (partners link to them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("feed.xml", views.cap_feed, name="cap-feed"),
    path("alerts/<uuid:uuid>.xml", views.cap_alert, name="cap-alert"),
]
