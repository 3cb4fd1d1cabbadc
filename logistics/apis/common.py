"""What the logistics endpoints share: scoped id fields, the idempotency key field and the replay header."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
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
    return ScopedRelatedField(selectors.item_list, **kwargs)


def batch_field(**kwargs):
    return ScopedRelatedField(lambda *, user: selectors.batch_list(user=user), **kwargs)


def disaster_field(**kwargs):
    from clusters.selectors import disaster_list

    return ScopedRelatedField(disaster_list, **kwargs)


def filter_parameters(filterset_class, *, exclude=()) -> list[OpenApiParameter]:
    """The query parameters of ``filterset_class``, for an endpoint that is not a list view (on a list view
    drf-spectacular reads them from the view's ``filterset_class`` itself)."""
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        if name in exclude:
            continue
        enum = None
        declared = getattr(filter_, "_spectacular_annotation", {}).get("field")  # the scoped id and code filters
        if declared is not None:
            kind = declared
        elif isinstance(filter_, django_filters.ChoiceFilter):
            kind, enum = OpenApiTypes.STR, [value for value, _label in filter_.extra["choices"]]
        elif isinstance(filter_, django_filters.DateFilter):
            kind = OpenApiTypes.DATE
        elif isinstance(filter_, django_filters.BooleanFilter):
            kind = OpenApiTypes.BOOL
        else:
            kind = OpenApiTypes.STR
        parameters.append(OpenApiParameter(name, kind, enum=enum, description=filter_.label))
    return parameters


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
