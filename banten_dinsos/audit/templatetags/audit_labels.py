"""``{% load audit_labels %}``: an audit line's record type, fields and note in words (see ``audit.labels``)."""

from django import template

from banten_dinsos.audit import labels

register = template.Library()


@register.filter
def audit_model(entry):
    return labels.audit_model(entry)


@register.filter
def audit_fields(entry):
    return labels.audit_fields(entry)


@register.filter
def audit_note(entry):
    return labels.audit_note(entry)
