from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularSwaggerSplitView

from banten_dinsos.accounts.roles import permissions_of
from banten_dinsos.core.views import SchemaView, healthz
from banten_dinsos.field_app.views import manifest, service_worker

admin.site.site_header = _("Banten Dinsos disaster portal — administration")
admin.site.site_title = _("Banten Dinsos portal")

urlpatterns = [
    # First: Django tries the patterns in order on every request, and the dashboard's empty prefix below is
    # descended into by every path; API clients poll (cluster status answers most polls with a 304), so their
    # paths are matched before the pages'. No page path starts with api/v1/.
    path("api/v1/", include("banten_dinsos.api_urls")),
    path("", include("banten_dinsos.dashboard.urls")),
    path("akun/", include("banten_dinsos.accounts.urls")),
    path("bencana/", include("clusters.urls")),
    path("posko/", include("shelters.urls")),
    path("relawan/", include("ksb_volunteers.urls")),
    path("pmks/", include("pmks_registry.urls")),
    path("rapat/", include("meetings.urls")),
    path("jitupasna/", include("jitupasna.urls")),
    path("logistik/", include("logistics.urls")),
    path("kesehatan/", include("health.urls")),
    path("akses/", include("infrastructure.urls")),
    path("audit/", include("banten_dinsos.audit.urls")),
    path("notifikasi/", include("banten_dinsos.notifications.urls")),
    path("cap/", include("banten_dinsos.notifications.cap_urls")),
    path("laporan/", include("banten_dinsos.reports.urls")),
    path("lapangan/", include("banten_dinsos.field_app.urls")),
    # At the root: a service worker controls only pages under its own path (Service-Worker-Allowed says so too).
    path("sw.js", service_worker, name="service-worker"),
    path("manifest.webmanifest", manifest, name="web-manifest"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Generated once per process, language and set of role permissions, then served from memory.
    path("api/schema/", SchemaView.as_view(schema_variant_of_user=permissions_of), name="schema"),
    # Swagger UI styles its widgets inline; only this page relaxes style-src.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="swagger-ui",
    ),
]

# A mistyped API address gets the API's JSON error body, a page address the portal's 404 page.
handler404 = "banten_dinsos.core.views.not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
