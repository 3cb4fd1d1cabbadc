"""Number formats for the Jitupasna pages: the same formatting as the PDF (1.234.567, 12,5)."""

from decimal import Decimal

from django import template

from ..pdf import amount

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """A whole-rupiah amount in Indonesian grouping: 1.234.567."""
    if value is None or value == "":
        return "—"
    return amount(Decimal(value))


@register.filter
def units(value) -> str:
    """A count of units: 12, or 12,5 for fractions (hectares, kilometres)."""
    if value is None or value == "":
        return "—"
    return amount(Decimal(value))
