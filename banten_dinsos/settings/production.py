"""Production: HTTPS behind a proxy, secrets from the environment, no development fallbacks."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import INSECURE_DEFAULT_SECRET_KEY, MIDDLEWARE, PRIVATE_STORAGE, env

DEBUG = False

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY or SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or is the development default: set a long random SECRET_KEY in the environment."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# The portal sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# gunicorn serves the collected static files itself (compressed, with far-future cache headers).
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}

# ------------------------------------------------------------------------------
# Scale-out: several web and worker containers share no disk and no memory.
# ------------------------------------------------------------------------------
# Uploads and generated files in S3-compatible object storage (MinIO in docker-compose) when a bucket is set;
# otherwise the local folders above. Private files are never public: no ACL, links signed and short-lived.
STORAGE_S3_BUCKET = env("STORAGE_S3_BUCKET", default="")
if STORAGE_S3_BUCKET:
    _S3_OPTIONS = {
        "bucket_name": STORAGE_S3_BUCKET,
        "endpoint_url": env("STORAGE_S3_ENDPOINT_URL", default="") or None,
        "access_key": env("STORAGE_S3_ACCESS_KEY", default=""),
        "secret_key": env("STORAGE_S3_SECRET_KEY", default=""),
        "region_name": env("STORAGE_S3_REGION", default="us-east-1"),
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        "addressing_style": "path",
        "signature_version": "s3v4",
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_S3_OPTIONS, "location": "media"}}
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_S3_OPTIONS, "location": "private"},
    }
# Sessions in the database (shared by every web container) with the Redis cache in front; caches are Redis already.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# However many beats are started, only the one holding the database lock sends scheduled tasks.
CELERY_BEAT_SCHEDULER = "banten_dinsos.core.beat:LeaderDatabaseScheduler"
