"""The one storage for files with personal data: ``STORAGES["private"]``, under PRIVATE_FILES_ROOT, never served by
URL (only through views that check scope and audit)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class PrivateFileStorage(FileSystemStorage):
    """Imports, generated reports, minutes and Jitupasna documents: they name people."""

    # Properties, not cached: tests point PRIVATE_FILES_ROOT at a temporary folder.
    @property
    def base_location(self):
        return settings.PRIVATE_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage():
    """For ``FileField(storage=private_storage)``: looked up at each use, so the configured backend applies."""
    return storages["private"]
