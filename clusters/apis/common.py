"""What every clusters endpoint shares: the documented error answers, and a faster walk over a list's rows."""

import copy
from functools import cached_property

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

# Nested fields nest their messages: the shared error body leaves the values of ``errors`` free-form.
from banten_dinsos.core.schema import ErrorSerializer


def error_responses(*codes: int) -> dict:
    described = {
        400: "Bad input: `errors` names each field and why (in Bahasa Indonesia unless asked otherwise).",
        403: "The caller's role may not do this.",
        404: "No such record in the caller's scope (out of scope answers exactly like missing).",
        409: "Conflict with the record's current state or an earlier request.",
        422: "The idempotency key was already used with other data: `errors` names the fields that differ.",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=described[code]) for code in codes}


def username_of(user) -> str | None:
    return user.get_username() if user is not None else None


# For a serializer that renders every row of a list page, with the same output, less per-request work:
# - DRF builds a ``ModelSerializer``'s fields from the model for every instance (2 ms for a field report); they are
#   built once per class and copied for each instance, as DRF itself copies the declared ones;
# - DRF walks the ``fields`` mapping (a ``BindingDict``, slow to iterate) again for each row; this walks a list of the
#   readable fields made once per instance;
# - a field showing one plain column of the model is read with ``getattr`` instead of DRF's generic path walk (a third
#   of a field-report page's rendering), and date-times are given the request's time zone once instead of asking for
#   it for every value. Every other field goes through DRF exactly as before.
# No docstring: drf-spectacular would publish it as the description of every serializer using the mixin.
class ManyRowsMixin:
    def get_fields(self) -> dict:
        built = type(self).__dict__.get("_fields_built_once")
        if built is None:
            built = super().get_fields()
            type(self)._fields_built_once = built
        return copy.deepcopy(built)

    @cached_property
    def _readable_field_list(self) -> list:
        return [field for field in self.fields.values() if not field.write_only]

    @property
    def _readable_fields(self):
        return iter(self._readable_field_list)

    @cached_property
    def _row_plan(self) -> list[tuple[serializers.Field, str | None]]:
        """(field, model attribute to read directly, or None for DRF's own path) for each readable field."""
        columns = {
            model_field.name: model_field.attname
            for model_field in self.Meta.model._meta.concrete_fields
            if not model_field.is_relation
        }
        plan = []
        for field in self._readable_field_list:
            plain = (
                len(field.source_attrs) == 1
                and field.source_attrs[0] in columns
                and not isinstance(field, (serializers.SerializerMethodField, serializers.BaseSerializer))
            )
            if isinstance(field, serializers.DateTimeField) and not hasattr(field, "timezone"):
                field.timezone = field.default_timezone()
            plan.append((field, columns[field.source_attrs[0]] if plain else None))
        return plan

    def to_representation(self, instance) -> dict:
        row = {}
        for field, attname in self._row_plan:
            if attname is not None:
                value = getattr(instance, attname)
                row[field.field_name] = None if value is None else field.to_representation(value)
                continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            empty = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            row[field.field_name] = None if empty is None else field.to_representation(attribute)
        return row
