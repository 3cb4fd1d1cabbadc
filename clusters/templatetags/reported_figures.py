"""``{{ value|reported }}``: a count, or "belum dilaporkan" where nothing was reported (None), never a made-up 0."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def reported(value):
    if value is None:
        return format_html('<span class="text-muted fst-italic not-reported">{}</span>', _("not reported yet"))
    return intcomma(value)


@register.filter
def reported_text(value):
    """The same for plain-text places (titles, charts' labels, PDF cells)."""
    return _("not reported yet") if value is None else intcomma(value)
