from .context import audit_context, client_ip


class AuditContextMiddleware:
    """Puts the client address and the path (never the query string: it may carry search terms) of each request
    where the audit service finds them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit_context(ip_address=client_ip(request), path=request.path, source="web"):
            return self.get_response(request)
