"""Words for values the pipe stores as machine text: CAP 1.2 codes from BMKG ("Moderate", "Expected", "Observed")
and the reasons a delivery was skipped or failed ("no address for this channel", "HTTP 503"). The stored values stay
as the standard and the senders write them; pages show these translations."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CAP_SEVERITY = {
    "Extreme": gettext_lazy("Extreme"),
    "Severe": gettext_lazy("Severe"),
    "Moderate": gettext_lazy("Moderate"),
    "Minor": gettext_lazy("Minor"),
    "Unknown": gettext_lazy("Unknown"),
}
CAP_URGENCY = {
    "Immediate": gettext_lazy("Immediate (act now)"),
    "Expected": gettext_lazy("Expected (within the hour)"),
    "Future": gettext_lazy("Future (soon)"),
    "Past": gettext_lazy("Past (no longer needed)"),
    "Unknown": gettext_lazy("Unknown"),
}
CAP_CERTAINTY = {
    "Observed": gettext_lazy("Observed"),
    "Likely": gettext_lazy("Likely"),
    "Possible": gettext_lazy("Possible"),
    "Unlikely": gettext_lazy("Unlikely"),
    "Unknown": gettext_lazy("Unknown"),
}
CAP_CATEGORY = {
    "Met": gettext_lazy("Weather"),
    "Geo": gettext_lazy("Geophysical"),
    "Safety": gettext_lazy("Safety"),
    "Rescue": gettext_lazy("Rescue"),
    "Health": gettext_lazy("Health"),
    "Env": gettext_lazy("Environment"),
    "Infra": gettext_lazy("Infrastructure"),
    "Other": gettext_lazy("Other"),
}


def _word(table: dict, value) -> str:
    if not value:
        return "—"
    # BMKG sometimes sends lower case ("moderate"); an unknown code is shown as sent.
    for code, label in table.items():
        if code.lower() == str(value).strip().lower():
            return str(label)
    return str(value)


def cap_severity(value) -> str:
    return _word(CAP_SEVERITY, value)


def cap_urgency(value) -> str:
    return _word(CAP_URGENCY, value)


def cap_certainty(value) -> str:
    return _word(CAP_CERTAINTY, value)


def cap_category(value) -> str:
    return _word(CAP_CATEGORY, value)


DELIVERY_ERRORS = [
    (re.compile(r"no address for this channel"), lambda m: _("no address for this channel")),
    (re.compile(r"no email address"), lambda m: _("no email address")),
    (re.compile(r"no phone number"), lambda m: _("no phone number")),
    (re.compile(r"the email backend accepted no message"), lambda m: _("the mail server accepted no message")),
    (re.compile(r"webhook endpoint removed or inactive"), lambda m: _("webhook endpoint removed or inactive")),
    (re.compile(r"webhook URL must be http or https"), lambda m: _("webhook URL must be http or https")),
    (re.compile(r"HTTP (?P<code>\d{3})"), lambda m: _("the receiver answered HTTP %(code)s") % m.groupdict()),
]


def delivery_error(text: str) -> str:
    """A stored delivery error in the reader's language; an error from a library (a timeout, a refused
    connection) is shown as it came, since its exact words are what an administrator searches for."""
    for pattern, words in DELIVERY_ERRORS:
        match = pattern.fullmatch(text or "")
        if match:
            return words(match)
    return text
