"""Settings shared by every environment. Values that differ per deployment come from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
# Development-only fallback; production.py refuses to start with it.
INSECURE_DEFAULT_SECRET_KEY = "django-insecure-banten-dinsos-development-only"
SECRET_KEY = env("SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

ROOT_URLCONF = "banten_dinsos.urls"
WSGI_APPLICATION = "banten_dinsos.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.admin",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "csp",
]
LOCAL_APPS = [
    "banten_dinsos.core",
    "banten_dinsos.regions",
    "banten_dinsos.agencies",
    "banten_dinsos.accounts",
    "banten_dinsos.audit",
    "banten_dinsos.notifications",
    "clusters",
    "shelters",
    "ksb_volunteers",
    "pmks_registry",
    "meetings",
    "logistics",
    "health",
    "infrastructure",
    "banten_dinsos.reports",
    "jitupasna",
    "banten_dinsos.dashboard",
    "banten_dinsos.field_app",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# Reference and demo data: each app contributes a loader (dotted path), so the core knows no domain app.
REFERENCE_DATA_LOADERS = [
    "banten_dinsos.regions.services.regions_load",
    "banten_dinsos.agencies.services.agencies_load_reference",
    "clusters.services.clusters_load_reference",
    "pmks_registry.services.pmks_types_load_reference",
    "shelters.services.sphere_thresholds_load_reference",
    "ksb_volunteers.services.skills_load_reference",
    "banten_dinsos.reports.services.report_schedules_load_reference",
    "jitupasna.services.jitupasna_load_reference",
    "logistics.services.logistics_load_reference",
    "health.services.health_load_reference",
    # After regions: the aliases point at kecamatan.
    "banten_dinsos.notifications.services.warning_places.kecamatan_aliases_load_reference",
]
DEMO_DATA_LOADERS = [
    "banten_dinsos.accounts.services.users_seed_demo",
    "clusters.services.clusters_seed_demo",
    # After the demo flood: its default validation rules and the two approval levels with both queues filled.
    "clusters.services.reporting.approval_seed_demo",
    "meetings.services.meetings_seed_demo",
    "jitupasna.services.jitupasna_seed_demo",
    "shelters.services.shelters_seed_demo",
    "ksb_volunteers.services.ksb_seed_demo",
    "pmks_registry.services.pmks_seed_demo",
    # After clusters and shelters: requests answer the demo flood's needs and deliver to its shelters.
    "logistics.services.logistics_seed_demo",
    "health.services.health_seed_demo",
    "infrastructure.services.infrastructure_seed_demo",
]

# ------------------------------------------------------------------------------
# Middleware
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before CSRF, which reads the whole body: oversized uploads are refused before anything reads them.
    "banten_dinsos.core.uploads.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "banten_dinsos.core.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "banten_dinsos.audit.middleware.AuditContextMiddleware",
    "banten_dinsos.field_app.middleware.OutboxUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Must be last: django-axes turns repeated failed logins into a lockout.
    "axes.middleware.AxesMiddleware",
]

# ------------------------------------------------------------------------------
# Database and cache
# ------------------------------------------------------------------------------
# Embedded default: a SQLite file under var/ when no DATABASE_URL is set.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Measured: database pages are ~4x slower when every request opens a new connection.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Short timeouts, and process memory while Redis is down: pages and throttles keep answering.
    CACHES = {"default": {"BACKEND": "banten_dinsos.core.cache.FallbackRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ------------------------------------------------------------------------------
# Authentication
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# API tokens expire after this many days; a new one is asked for with the password again.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after an hour without activity and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False
# Behind the production proxy: addresses (or networks) of the proxies whose X-Forwarded-For is believed. Lockout and
# audit log read the client address the same way (banten_dinsos.core.client_ip), never from a client's own header.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "banten_dinsos.core.client_ip.client_ip"

# ------------------------------------------------------------------------------
# Internationalisation: Bahasa Indonesia first, English selectable, WIB.
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# ------------------------------------------------------------------------------
# Templates and static files
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "banten_dinsos.accounts.context_processors.navigation",
            ],
        },
    }
]
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Uploaded files holding personal data (PMKS imports): never served over HTTP, not even with DEBUG on.
PRIVATE_FILES_ROOT = env("PRIVATE_FILES_ROOT", default=str(VAR_DIR / "private"))
PRIVATE_STORAGE = {"BACKEND": "banten_dinsos.core.storage.PrivateFileStorage"}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
# Largest PMKS import file accepted (223,142 rows as CSV are about 20 MB).
PMKS_IMPORT_MAX_BYTES = env.int("PMKS_IMPORT_MAX_BYTES", default=100 * 1024 * 1024)
PMKS_IMPORT_MAX_ROWS = env.int("PMKS_IMPORT_MAX_ROWS", default=500_000)
# A running import renews its lease every quarter of this; a job whose lease ran out is taken over by another worker.
IMPORT_LEASE_SECONDS = env.int("IMPORT_LEASE_SECONDS", default=120)
# Largest request body of any kind (the PMKS import plus its form); larger ones are answered 413 unread.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=PMKS_IMPORT_MAX_BYTES + 1024 * 1024)

# ------------------------------------------------------------------------------
# Security headers that hold everywhere (production.py adds the HTTPS-only ones)
# ------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Map tiles come from a configurable server; the map still draws markers without them.
        "img-src": ["'self'", "data:", *env.list("MAP_TILE_HOSTS", default=[])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# ------------------------------------------------------------------------------
# Maps: markers always draw; a tile server is optional (its host must also be in MAP_TILE_HOSTS for the CSP).
# ------------------------------------------------------------------------------
MAP_TILE_URL = env("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="")

# ------------------------------------------------------------------------------
# Dashboard: a cluster × kabupaten/kota cell whose newest data is older than this is flagged as stale.
# ------------------------------------------------------------------------------
DASHBOARD_STALE_HOURS = env.int("DASHBOARD_STALE_HOURS", default=24)

# ------------------------------------------------------------------------------
# Email
# ------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Portal Dinsos Banten <noreply@localhost>")
DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo-banten")

# ------------------------------------------------------------------------------
# Alerts: links in emails and webhooks, the public CAP feed, BMKG warnings, SMS/WhatsApp backends
# ------------------------------------------------------------------------------
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
CAP_SENDER = env("CAP_SENDER", default="dinsos.bantenprov.go.id")
# BMKG's CAP feed (RSS/Atom of CAP messages, or one CAP message); empty disables the ingest.
BMKG_CAP_URL = env("BMKG_CAP_URL", default="")
# The feed lists the links that are read next: only these hosts (and their subdomains), and never a private,
# loopback or link-local address unless explicitly allowed (a BMKG mirror inside a government network).
BMKG_ALLOWED_HOSTS = env.list("BMKG_ALLOWED_HOSTS", default=["bmkg.go.id"])
BMKG_ALLOW_INTERNAL_ADDRESSES = env.bool("BMKG_ALLOW_INTERNAL_ADDRESSES", default=False)
NOTIFICATION_SMS_BACKEND = env(
    "NOTIFICATION_SMS_BACKEND", default="banten_dinsos.notifications.backends.ConsoleTextBackend"
)
NOTIFICATION_WHATSAPP_BACKEND = env(
    "NOTIFICATION_WHATSAPP_BACKEND", default="banten_dinsos.notifications.backends.ConsoleTextBackend"
)
# Retries: base, 2x, 4x ... up to the cap, then the delivery is marked failed after this many attempts.
NOTIFICATION_RETRY_BASE_SECONDS = 60
NOTIFICATION_RETRY_MAX_SECONDS = 3600
NOTIFICATION_MAX_ATTEMPTS = 8
NOTIFICATION_SEND_TIMEOUT = 10

# ------------------------------------------------------------------------------
# Celery: Redis broker when REDIS_URL is set, otherwise tasks run in-process.
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged only when it has finished, so a worker that dies mid-task leaves it queued.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Queuing happens in requests: with the broker or Redis down it must fail within a second, not retry for ~20 s.
# Every task is queued from a durable record that a sweep queues again, so a failed publish loses nothing.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60, "socket_connect_timeout": 1, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 0}}
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "banten_dinsos.core.tasks.worker_heartbeat", "schedule": 60.0},
    "volunteer-availability-sync": {"task": "ksb_volunteers.tasks.volunteer_availability_sync", "schedule": 300.0},
    "alert-deliveries-sweep": {"task": "banten_dinsos.notifications.tasks.deliveries_sweep", "schedule": 60.0},
    "bmkg-warnings-ingest": {"task": "banten_dinsos.notifications.tasks.bmkg_warnings_ingest", "schedule": 300.0},
    "reports-sweep": {"task": "banten_dinsos.reports.tasks.reports_sweep", "schedule": 300.0},
    "pmks-imports-sweep": {"task": "pmks_registry.tasks.pmks_imports_sweep", "schedule": 60.0},
    "minutes-pdfs-sweep": {"task": "meetings.tasks.minutes_pdfs_sweep", "schedule": 300.0},
    # CELERY_TIMEZONE is Asia/Jakarta: 07:00 WIB, with the daily situation reports.
    "action-item-reminders-daily": {
        "task": "meetings.tasks.action_item_reminders_daily",
        "schedule": crontab(minute=0, hour=7),
    },
    # Field-report approvers' digest at 07:00 WIB; late-report reminders checked every quarter hour (each disaster
    # has its own deadline, 16.00 WIB by default; one reminder per disaster, kab/kota and day).
    "field-report-approver-digests": {
        "task": "clusters.tasks.approver_digests_daily",
        "schedule": crontab(minute=0, hour=7),
    },
    "field-report-reporting-reminders": {
        "task": "clusters.tasks.reporting_reminders",
        "schedule": crontab(minute="*/15"),
    },
}
# Reports built by the reports app; each app keeps its own builder and situation-report section.
REPORT_BUILDERS = [
    "banten_dinsos.reports.situation.SITUATION_REPORT",
    "pmks_registry.report_builders.PMKS_STATISTICS_REPORT",
    "meetings.report_builders.MEETING_MINUTES_REPORT",
]
SITUATION_REPORT_SECTIONS = [
    "ksb_volunteers.report_sections.volunteers_deployed_section",
    "meetings.report_sections.open_action_items_section",
    "health.report_sections.health_posts_section",
    "infrastructure.report_sections.access_section",
]

# ------------------------------------------------------------------------------
# REST API
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Hashed, expiring tokens that can be revoked one by one (banten_dinsos/accounts/tokens.py).
        "banten_dinsos.accounts.authentication.HashedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "banten_dinsos.core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # drf-spectacular plus the shared error answers of every operation.
    "DEFAULT_SCHEMA_CLASS": "banten_dinsos.core.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "banten_dinsos.core.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Portal Koordinasi Bencana Dinas Sosial Provinsi Banten",
    "DESCRIPTION": "Region-scoped access to clusters, disasters, shelters and volunteers. "
    "Authenticate with a session or `Authorization: Token <token>` from `POST /api/v1/auth/token/`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "banten_dinsos.agencies.models.AgencyKind",
        "ShelterKindEnum": "shelters.models.ShelterKind",
        "ShelterStatusEnum": "shelters.models.ShelterStatus",
        "EvacueeStatusEnum": "shelters.models.EvacueeStatus",
        "ReferralStatusEnum": "shelters.models.ReferralStatus",
        "SexEnum": "banten_dinsos.core.choices.Sex",
        "RegionLevelEnum": "banten_dinsos.regions.models.RegionLevel",
        "EmergencyStatusEnum": "clusters.models.EmergencyStatus",
        "ReportStateEnum": "clusters.models.ReportState",
        # Another "state" field (field reports) would otherwise give this one a hashed name.
        "SphereStateEnum": "shelters.models.SphereState",
        "ReportKindEnum": "clusters.models.ReportKind",
        "ReportActionEnum": "clusters.models.ReportAction",
        "NeedStatusEnum": "clusters.models.NeedStatus",
        "NeedPriorityEnum": "clusters.models.NeedPriority",
        "ActivityStatusEnum": "clusters.models.ActivityStatus",
        "MeetingKindEnum": "meetings.models.MeetingKind",
        "MeetingStatusEnum": "meetings.models.MeetingStatus",
        "AttendanceStatusEnum": "meetings.models.AttendanceStatus",
        "ParticipantGroupEnum": "meetings.models.ParticipantGroup",
        "ActionItemStatusEnum": "meetings.models.ActionItemStatus",
        "KsbStatusEnum": "ksb_volunteers.models.KsbStatus",
        "KsbOfficerRoleEnum": "ksb_volunteers.models.KsbOfficerRole",
        "VolunteerAvailabilityEnum": "ksb_volunteers.models.Availability",
        "DeploymentRoleEnum": "ksb_volunteers.models.DeploymentRole",
        "DeploymentStatusEnum": "ksb_volunteers.models.DeploymentStatus",
        "TrainingKindEnum": "ksb_volunteers.models.TrainingKind",
        "LumbungItemKindEnum": "ksb_volunteers.models.LumbungItemKind",
        "StakeholderKindEnum": "ksb_volunteers.models.StakeholderKind",
        "ReportFormatEnum": "banten_dinsos.reports.models.ReportFormat",
        "GeneratedReportStatusEnum": "banten_dinsos.reports.models.ReportStatus",
        "PmksClientStatusEnum": "pmks_registry.models.ClientStatus",
        "PmksDataSourceEnum": "pmks_registry.models.DataSource",
        "JitupasnaStatusEnum": "jitupasna.models.AssessmentStatus",
        # Several "kind" and "status" fields of the later apps: named here, not by a hash of their values.
        "LdpPostKindEnum": "shelters.models.LdpPostKind",
        "LdpSessionKindEnum": "shelters.models.LdpSessionKind",
        "EvacueeMovementKindEnum": "shelters.models.MovementKind",
        "PmksServiceKindEnum": "pmks_registry.models.ServiceKind",
        "PmksImportStatusEnum": "pmks_registry.models.ImportStatus",
        "AlertKindEnum": "banten_dinsos.notifications.models.AlertKind",
        "DeliveryStatusEnum": "banten_dinsos.notifications.models.DeliveryStatus",
        "LogisticsLocationKindEnum": "logistics.models.LocationKind",
        "LogisticsDonorTypeEnum": "logistics.models.DonorType",
        "LogisticsItemCategoryEnum": "logistics.models.ItemCategory",
        "StockMoveKindEnum": "logistics.models.MoveKind",
        "GoodsRequestStatusEnum": "logistics.models.RequestStatus",
        "DispatchStatusEnum": "logistics.models.DispatchStatus",
        "HealthPostKindEnum": "health.models.PostKind",
        "HealthOrganisationKindEnum": "health.models.OrganisationKind",
        "HealthAgeGroupEnum": "health.models.AgeGroup",
        "OutbreakThresholdRuleEnum": "health.models.ThresholdRule",
        "OutbreakSignalStateEnum": "health.models.SignalState",
        "RoadAccessEnum": "infrastructure.models.RoadAccess",
        "BridgeStateEnum": "infrastructure.models.BridgeState",
        "BasicServiceStateEnum": "infrastructure.models.ServiceState",
    },
}

# ------------------------------------------------------------------------------
# Logging: personal data is never logged; request bodies and query strings are not logged at all.
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
