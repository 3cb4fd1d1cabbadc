"""Human words for audit lines. The log stores machine names (``pmks_registry.client``, field names, short English
notes such as "downloaded") because its rows are hash-chained and must never change; what people read is built here:
the model's and the fields' verbose names and each known note through gettext, in the reader's language."""

import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# Notes written by the services, with the words shown for them. A pattern's groups fill the translation.
NOTES: list[tuple[re.Pattern, str]] = [
    (re.compile(pattern), text)
    for pattern, text in [
        (r"downloaded", gettext_noop("downloaded")),
        (r"published", gettext_noop("published")),
        (r"rejected", gettext_noop("rejected")),
        (r"approved", gettext_noop("approved")),
        (r"submitted", gettext_noop("submitted")),
        (r"verified", gettext_noop("verified")),
        (r"returned", gettext_noop("returned for correction")),
        (r"prefill", gettext_noop("pre-filled from field reports")),
        (r"end", gettext_noop("deployment ended")),
        (r"cancel", gettext_noop("deployment cancelled")),
        (r"late", gettext_noop("sent after the deadline")),
        (r"walk-in", gettext_noop("walk-in")),
        (r"check-in", gettext_noop("checked in")),
        (r"check-out", gettext_noop("checked out")),
        (r"transfer", gettext_noop("moved to another shelter")),
        (r"hxl csv", gettext_noop("HXL CSV export")),
        (r"statistics xlsx", gettext_noop("statistics workbook")),
        (r"minutes PDF requested", gettext_noop("minutes PDF requested")),
        (r"failed, nothing saved", gettext_noop("failed, nothing saved")),
        (r"data-subject report \(screen\)", gettext_noop("personal data report (on screen)")),
        (r"data-subject report: nothing held", gettext_noop("personal data report: nothing held")),
        (r"data-subject report \((?P<format>\w+)\)", gettext_noop("personal data report (%(format)s)")),
        (r"client list xlsx; filters: (?P<filters>.*)", gettext_noop("client list workbook; filters: %(filters)s")),
        (r"requested (?P<kind>[\w-]+)", gettext_noop("requested: %(kind)s")),
        (r"jitupasna document requested: (?P<formats>.*)", gettext_noop("Jitupasna document requested: %(formats)s")),
        (r"status (?P<old>\w+) -> (?P<new>\w+)", gettext_noop("status %(old)s → %(new)s")),
        (r"(?P<old>\w+) -> (?P<new>\w+)", gettext_noop("status %(old)s → %(new)s")),
        (r"client (?P<client>\d+)", gettext_noop("client #%(client)s")),
        (r"client (?P<client>\d+) panti (?P<panti>\d+)", gettext_noop("client #%(client)s, panti #%(panti)s")),
        (r"merged into (?P<pk>\d+)", gettext_noop("merged into record #%(pk)s")),
        (r"merged record (?P<pk>\d+)", gettext_noop("took in record #%(pk)s")),
        (r"add member (?P<pk>\d+)", gettext_noop("member #%(pk)s added")),
        (r"remove member (?P<pk>\d+)", gettext_noop("member #%(pk)s removed")),
        (r"reverses #(?P<pk>\d+)", gettext_noop("reverses #%(pk)s")),
        (r"count (?P<counted>[\d.,]+), books (?P<book>[\d.,]+)", gettext_noop("counted %(counted)s, books %(book)s")),
        (r"(?P<count>\d+) attendance records", gettext_noop("%(count)s attendance records")),
        (
            r"report (?P<pk>\d+) (?P<kind>[\w-]+)\.(?P<format>\w+): (?P<rows>\d+) records(?: named)?, "
            r"ids (?P<first>\S*)\.\.(?P<last>\S*), sha256\(ids\) (?P<digest>\w+)",
            gettext_noop("report #%(pk)s (%(format)s): %(rows)s records, ids %(first)s–%(last)s, SHA-256 %(digest)s"),
        ),
        (r"(?P<count>\d+) agencies invited", gettext_noop("%(count)s agencies invited")),
        (r"field report #(?P<pk>\d+)", gettext_noop("field report #%(pk)s")),
        (r"withdrawn \((?P<old>\w+)\)", gettext_noop("withdrawn (was %(old)s)")),
        (
            r"(?P<created>\d+) created, (?P<updated>\d+) updated, (?P<refused>\d+) refused",
            gettext_noop("%(created)s created, %(updated)s updated, %(refused)s refused"),
        ),
    ]
]


def model_label(model: str) -> str:
    """'pmks_registry.client' → 'Klien PMKS' (the model's verbose name); an unknown label is shown as stored."""
    try:
        return capfirst(str(apps.get_model(model)._meta.verbose_name))
    except (LookupError, ValueError):
        return model


def field_labels(model: str, fields) -> list[str]:
    """Field names → their verbose names ('ended_by' → 'diakhiri oleh'); unknown names as stored."""
    try:
        meta = apps.get_model(model)._meta
    except (LookupError, ValueError):
        meta = None
    labels = []
    for name in fields or ():
        try:
            field = meta.get_field(name) if meta else None
        except FieldDoesNotExist:
            field = None
        # Reverse relations have no verbose name of their own: the related model's plural says it.
        label = getattr(field, "verbose_name", None) or getattr(getattr(field, "related_model", None), "_meta", None)
        if label is not None and not isinstance(label, str) and hasattr(label, "verbose_name_plural"):
            label = label.verbose_name_plural
        labels.append(str(label) if label else name)
    return labels


def note_label(note: str) -> str:
    """A stored note in the reader's language; a note written by a person (a reason, a remark) as it is."""
    for pattern, text in NOTES:
        match = pattern.fullmatch(note or "")
        if match:
            return _(text) % match.groupdict() if match.groupdict() else _(text)
    return note


def audit_fields(entry) -> str:
    return ", ".join(field_labels(entry.model, entry.fields))


def audit_note(entry) -> str:
    return note_label(entry.note)


def audit_model(entry) -> str:
    return model_label(entry.model)
