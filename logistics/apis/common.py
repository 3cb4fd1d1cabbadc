"""What the logistics endpoints share: scoped id fields, the idempotency key field and the replay header."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from .. import selectors

IDEMPOTENCY_HELP = (
    "A UUID the client generates once per posting. Sending the same key again with the same content returns what "
    "the first post created (200, header Idempotent-Replayed: true) and writes nothing; the same key with other "
    "content is refused with 409."
)


@extend_schema_field(OpenApiTypes.INT)
class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """An id of a record the caller may see; anything else is answered exactly like an id that does not exist."""

    def __init__(self, selector, **kwargs):
        self.selector = selector
        kwargs.setdefault("queryset", None)
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.selector(user=self.context["request"].user)


def location_field(**kwargs):
    return ScopedRelatedField(selectors.location_list, **kwargs)


def item_field(**kwargs):
    return ScopedRelatedField(lambda *, user: selectors.item_list(user=user, filters={"active": False}), **kwargs)


def batch_field(**kwargs):
    return ScopedRelatedField(lambda *, user: selectors.batch_list(user=user), **kwargs)


def disaster_field(**kwargs):
    from clusters.selectors import disaster_list

    return ScopedRelatedField(disaster_list, **kwargs)


def idempotency_field():
    return serializers.UUIDField(required=False, allow_null=True, help_text=IDEMPOTENCY_HELP)


def posted_response(data, *, created: bool) -> Response:
    response = Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
    response["Idempotent-Replayed"] = "false" if created else "true"
    return response


def errors(*codes):
    text = {
        400: _("Invalid input: {message, errors} naming the fields."),
        403: _("The role may not do this."),
        404: _("Not found or outside the caller's area."),
        405: _("Posted records cannot be changed."),
        409: _("The idempotency key was used for a different posting."),
    }
    return {code: OpenApiResponse(description=str(text[code])) for code in codes}


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    errors = serializers.DictField()
