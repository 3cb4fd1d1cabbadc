"""Related fields whose choices are what the requesting user may see.

An id outside the user's scope inside a request body is refused exactly like an id that does not exist (the same
status and the same message), so a body can no more reveal another kabupaten/kota's records than a URL can.
"""

from collections.abc import Callable

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# One message for a missing record and for one outside the user's scope, so the answer tells nothing apart.
NOT_FOUND = _("“{value}” was not found among the records you may use.")
NOT_FOUND_PK = _("“{pk_value}” was not found among the records you may use.")

ScopedQueryset = Callable[..., QuerySet]


# The queryset depends on who asks, so the schema cannot read the type from it: ids are integers, codes strings.
@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A serializer foreign key looked up in ``scoped(user=<requesting user>)``, a selector of the owning app."""

    default_error_messages = {"does_not_exist": NOT_FOUND_PK}

    def __init__(self, *, scoped: ScopedQueryset, **kwargs):
        self.scoped = scoped
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.scoped(user=getattr(request, "user", None))


@extend_schema_field(OpenApiTypes.STR)
class ScopedSlugRelatedField(serializers.SlugRelatedField):
    """The same, for records a body names by a code (``slug_field``)."""

    default_error_messages = {"does_not_exist": NOT_FOUND}

    def __init__(self, *, scoped: ScopedQueryset, **kwargs):
        self.scoped = scoped
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.scoped(user=getattr(request, "user", None))


class ScopedModelChoiceField(forms.ModelChoiceField):
    """A form choice bound to the user when the form is built: ``ScopedModelChoiceField(scoped=selector, user=u)``;
    an out-of-scope id posted anyway is "not one of the available choices", like a missing one."""

    def __init__(self, *, scoped: ScopedQueryset, user, **kwargs):
        super().__init__(queryset=scoped(user=user), **kwargs)
