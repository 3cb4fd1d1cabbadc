"""WSGI entry point (gunicorn)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "banten_dinsos.settings.production")

application = get_wsgi_application()
# What start-up builds lives as long as the process: apps, models, and the views the URL patterns import (loaded here
# rather than by the first request). Frozen out of the garbage collector, whose full passes over those ~130,000
# objects paused a request for ~70 ms every few hundred (bench/export.py's client-list samples).
URL_PATTERNS = get_resolver().url_patterns
gc.freeze()
