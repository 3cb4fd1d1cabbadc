"""Items queued on a shared phone are sent only under the name of the user who queued them."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

HEADER = "X-Outbox-User"


class OutboxUserMiddleware:
    """The field app marks each request from its outbox with the id of the user who queued the item; if someone
    else is signed in now, the request is refused (409) before any view runs, so nothing is saved in their name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queued_by = request.headers.get(HEADER)
        user = getattr(request, "user", None)
        if queued_by and user is not None and user.is_authenticated and queued_by != str(user.pk):
            return JsonResponse(
                {
                    "message": _("This item was saved by another user on this phone; it is not sent under your name."),
                    "errors": {"outbox_user": [_("Saved by another user.")]},
                },
                status=409,
            )
        return self.get_response(request)
