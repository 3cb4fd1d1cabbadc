"""Reading a KoboToolbox or ODK Central submission through a registered form's field mapping (no database writes).

KoboToolbox REST Services post one flat JSON object per submission, groups joined with "/"
(``{"meta/instanceID": "uuid:…", "dampak/meninggal": "1", "_submission_time": "…"}``). ODK Central's OData feed
and webhooks give nested objects (``{"__id": "uuid:…", "dampak": {"meninggal": 1}, "__system": {…}}``). Both are
flattened to "group/question" paths before the mapping is applied.
"""

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from banten_dinsos.core.formatting import format_number

from .models import IMPACT_FIELDS, MAX_COUNT

UUID_PATHS = ("meta/instanceID", "__id", "_uuid", "instanceID", "meta/instanceId")
SUBMITTED_PATHS = ("_submission_time", "__system/submissionDate", "end", "meta/end")
DESA_CODE = re.compile(r"^36\.\d{2}\.\d{2}\.\d{4}$")
MAPPING_KEYS = {"location", "locations", "observed_at", "notes", "figures"}


def flatten(payload: dict, prefix: str = "") -> dict:
    """``{"a": {"b": 1}}`` -> ``{"a/b": 1}``; keys that already hold "/" (Kobo) stay as they are."""
    flat = {}
    for key, value in payload.items():
        path = f"{prefix}/{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(flatten(value, path))
        else:
            flat[path] = value
    return flat


def submission_uuid(flat: dict) -> str:
    """The submission's instance UUID without its "uuid:" prefix, or "" when it carries none."""
    for path in UUID_PATHS:
        value = flat.get(path)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            return value[5:] if value.lower().startswith("uuid:") else value
    return ""


def mapping_errors(mapping) -> list[str]:
    """What is wrong with a field mapping (empty when it can be used)."""
    if not isinstance(mapping, dict):
        return [_("The field mapping must be a JSON object.")]
    problems = []
    unknown = set(mapping) - MAPPING_KEYS
    if unknown:
        problems.append(_("Unknown mapping keys: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    if not isinstance(mapping.get("location"), str) or not mapping.get("location"):
        problems.append(_("Name the question that holds the desa (key “location”)."))
    locations = mapping.get("locations", {})
    if not isinstance(locations, dict):
        problems.append(_("“locations” must map answers to desa codes."))
    else:
        for answer, code in locations.items():
            if not isinstance(code, str) or not DESA_CODE.match(code):
                problems.append(
                    _("“locations”: %(answer)s must map to a desa code such as 36.02.01.2001.") % {"answer": answer}
                )
    figures = mapping.get("figures", {})
    if not isinstance(figures, dict) or not figures:
        problems.append(_("Map at least one question to a field-report figure (key “figures”)."))
    else:
        for question, target in figures.items():
            if target not in IMPACT_FIELDS:
                problems.append(
                    _("“figures”: %(question)s maps to “%(target)s”, which is no field-report figure (%(known)s).")
                    % {"question": question, "target": target, "known": ", ".join(IMPACT_FIELDS)}
                )
    return problems


def _count(value) -> int | None:
    if isinstance(value, bool):
        return None
    if value in (None, ""):
        return 0
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if number != number.to_integral_value() or not 0 <= number <= MAX_COUNT:
        return None
    return int(number)


def desa_code(answer, mapping: dict) -> str | None:
    """The Kemendagri desa code an answer names: through "locations", or written as a code (with or without dots)."""
    if answer in (None, ""):
        return None
    text = str(answer).strip()
    mapped = mapping.get("locations", {}).get(text)
    if mapped:
        return mapped
    digits = text.replace(".", "")
    if digits.isdigit() and len(digits) == 10:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return None


def read_submission(flat: dict, mapping: dict) -> tuple[dict, dict[str, list[str]]]:
    """``({"desa_code", "observed_at", "notes", "figures"}, errors by question)`` for one flattened submission."""
    errors: dict[str, list[str]] = {}
    location_question = mapping["location"]
    answer = flat.get(location_question)
    code = desa_code(answer, mapping)
    if answer in (None, ""):
        errors[location_question] = [_("The desa is missing: this question has no answer.")]
    elif code is None:
        errors[location_question] = [
            _("“%(answer)s” is no desa code and has no entry in the form's location mapping.") % {"answer": answer}
        ]
    figures = {}
    for question, field in mapping["figures"].items():
        value = _count(flat.get(question))
        if value is None:
            errors.setdefault(question, []).append(
                _("“%(value)s” is not a whole number from 0 to %(max)s.")
                % {"value": flat.get(question), "max": format_number(MAX_COUNT)}
            )
        else:
            figures[field] = figures.get(field, 0) + value
    observed_at = _moment(flat, mapping, errors)
    notes_question = mapping.get("notes")
    notes = str(flat.get(notes_question) or "") if notes_question else ""
    return {"desa_code": code, "observed_at": observed_at, "notes": notes, "figures": figures}, errors


def _moment(flat: dict, mapping: dict, errors: dict) -> datetime | None:
    question = mapping.get("observed_at")
    paths = (question,) if question else SUBMITTED_PATHS
    for path in paths:
        value = flat.get(path)
        if value in (None, ""):
            continue
        moment = parse_datetime(str(value).strip().replace(" ", "T", 1))
        if moment is None:
            errors.setdefault(path, []).append(_("“%(value)s” is not a date and time.") % {"value": value})
            return None
        if timezone.is_aware(moment):
            return moment
        # Kobo writes _submission_time in UTC without saying so; a form's own answers are local (WIB) times.
        return timezone.make_aware(moment, UTC if path == "_submission_time" else None)
    if question:
        errors.setdefault(question, []).append(_("The time of observation is missing."))
        return None
    return timezone.now()
