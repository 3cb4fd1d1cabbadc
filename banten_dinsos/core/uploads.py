"""Request bodies bounded before anything reads them.

Django's CSRF middleware reads ``request.POST`` (and so the whole body) before any view can look at its size, so
a view-level check comes too late. This middleware sits before it: a declared ``Content-Length`` over the limit is
answered 413 at once, and a body without one (chunked) is counted while it is read and cut off at the limit.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _


class RequestBodyTooLarge(RequestDataTooBig):
    """A streamed body went past the limit while it was being read."""


class _BoundedStream:
    """A file-like wrapper that refuses to hand out more than ``limit`` bytes in total."""

    def __init__(self, stream, limit: int, request):
        self.stream, self.limit, self.request, self.read_so_far = stream, limit, request, 0

    def _count(self, data: bytes) -> bytes:
        self.read_so_far += len(data)
        if self.read_so_far > self.limit:
            self.request.body_too_large = True
            raise RequestBodyTooLarge(_("The request body is larger than the limit."))
        return data

    def read(self, size=-1, /):
        return self._count(self.stream.read(size))

    def readline(self, size=-1, /):
        return self._count(self.stream.readline(size))

    def __iter__(self):
        return iter(self.readline, b"")

    def __getattr__(self, name):
        return getattr(self.stream, name)


def _limit_text(limit: int) -> str:
    return f"{limit / (1024 * 1024):.0f} MB"


def request_too_large_response(request, limit: int) -> HttpResponse:
    """413 naming the limit: JSON for the API, a small self-contained page for browsers."""
    message = _("The data sent is larger than the %(limit)s allowed; send a smaller file or split it.") % {
        "limit": _limit_text(limit)
    }
    if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
        response = JsonResponse({"message": message, "errors": {}}, status=413)
    else:
        response = HttpResponse(
            format_html(
                '<!doctype html><html lang="{}"><head><meta charset="utf-8"><title>{}</title></head>'
                "<body><h1>{}</h1><p>{}</p></body></html>",
                getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
                _("File too large"),
                _("File too large"),
                message,
            ),
            status=413,
        )
    # The client may still be sending: closing the connection keeps a worker from reading the rest.
    response["Connection"] = "close"
    return response


class RequestBodyLimitMiddleware:
    """Refuse request bodies larger than ``REQUEST_BODY_MAX_BYTES`` before CSRF or a view reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_BODY_MAX_BYTES
        declared = request.META.get("CONTENT_LENGTH") or ""
        try:
            length = int(declared) if declared else None
        except ValueError:
            length = None
        if length is not None and length > limit:
            return request_too_large_response(request, limit)
        if length is None and hasattr(request, "_stream"):
            # No declared length (chunked): count the bytes as the body is read.
            request._stream = _BoundedStream(request._stream, limit, request)
        response = self.get_response(request)
        if getattr(request, "body_too_large", False):
            return request_too_large_response(request, limit)
        return response
