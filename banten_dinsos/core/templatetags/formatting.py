"""The house style as template filters (``{% load formatting %}``):

``{{ moment|datetime_wib }}`` 3 Desember 2026, 11.00 WIB · ``{{ moment|datetime_weekday }}`` Kamis, 3 Desember
2026, 11.00 WIB · ``{{ moment|datetime_prose }}`` 3 Desember 2026 pukul
11.00 WIB · ``{{ day|date_long }}`` 3 Desember 2026 · ``{{ day|date_weekday }}`` Kamis, 3 Desember 2026 ·
``{{ day|date_short }}`` 3 Des 2026 · ``{{ moment|time_wib }}`` 11.00 WIB · ``{{ value|number }}`` 1.502 ·
``{{ value|percent }}`` 87 % · ``{{ delta|duration_words }}`` 1 jam 30 menit.
"""

from django import template

from banten_dinsos.core import formatting

register = template.Library()


@register.filter
def date_long(value):
    return formatting.format_date(value)


@register.filter
def date_weekday(value):
    return formatting.format_date(value, weekday=True)


@register.filter
def date_short(value):
    return formatting.format_date_short(value)


@register.filter
def time_wib(value):
    return formatting.format_time(value)


@register.filter
def clock(value):
    """'11.00' without the zone, for the start of a range: '09.00–12.00 WIB'."""
    return formatting.format_clock(value) if value else formatting.DASH


@register.filter
def datetime_wib(value):
    return formatting.format_datetime(value)


@register.filter
def datetime_weekday(value):
    return formatting.format_datetime(value, weekday=True)


@register.filter
def datetime_prose(value):
    return formatting.format_datetime(value, prose=True)


@register.filter
def number(value, decimals=None):
    return formatting.format_number(value, decimals=None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value, decimals=0):
    return formatting.format_percent(value, decimals=int(decimals))


@register.filter
def duration_words(value):
    return formatting.format_duration(value)
