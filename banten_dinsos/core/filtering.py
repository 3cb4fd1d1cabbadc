"""One FilterSet per list, shared by the selector, the API and the page.

A ``PortalFilterSet`` knows the requesting user (from ``user=`` or from DRF's ``request``), so a subclass can limit
its choices to what that user may see in ``limit_choices``, and its form renders with the portal's Bootstrap classes.
``filter_queryset`` is what selectors call: invalid filter input is a ``ValidationError`` naming the field (a 400 in
the API, errors on the page's form), never a 500.
"""

from collections.abc import Mapping

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from .forms import BootstrapFormMixin


class FilterForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet bound to the requesting user; override ``limit_choices`` to scope its choice filters."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)
        if self.user is not None:  # schema generation builds filtersets without anyone asking
            self.limit_choices()

    class Meta:
        form = FilterForm

    def limit_choices(self) -> None:
        """Narrow choice filters to what ``self.user`` may see (nothing to do by default)."""


def filter_queryset(
    filterset_class, data: Mapping | django_filters.FilterSet | None, *, queryset: QuerySet, user
) -> QuerySet:
    """``queryset`` (already scoped) narrowed through ``filterset_class`` by ``data``: query data, or a filterset the
    page already built to render its form. Invalid input raises ``ValidationError`` with the fields named."""
    if isinstance(data, django_filters.FilterSet):
        filterset = data
        filterset.queryset = queryset
    elif data:
        filterset = filterset_class(data, queryset=queryset, user=user)
    else:
        return queryset
    if not filterset.is_bound:
        return queryset
    if not filterset.is_valid():
        raise ValidationError(filterset.errors.as_data())
    return filterset.filter_queryset(queryset)


def page_filterset(request, filterset_class):
    """A list page's filterset (its form is rendered) and what the page passes its selector as ``filters``: invalid
    input shows its errors on the form and leaves the list unfiltered."""
    filterset = filterset_class(request.GET or None, user=request.user)
    return filterset, (filterset if filterset.is_valid() else None)
