"""Settings for the cluster-status benchmark server (bench/cluster_status.py): base settings, DEBUG off, plain HTTP."""

from banten_dinsos.settings.base import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "cluster_status_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Users are created in bulk for the run; argon2 would only slow the set-up.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
