"""OASIS CAP 1.2 messages for public alerts, and the Atom feed that lists them.

Each public alert becomes one CAP <alert> with one <info> (in the portal's language) and one <area> naming the
kabupaten/kota with their Kemendagri codes as <geocode>. The feed is Atom 1.0: one <entry> per alert, linking to
its CAP message with ``type="application/cap+xml"``, the way CAP aggregators (e.g. the WMO register) expect.
"""

from datetime import datetime, timedelta
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from django.conf import settings

from banten_dinsos.core.text import xml_document_bytes

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_CONTENT_TYPE = "application/cap+xml"
ATOM_CONTENT_TYPE = "application/atom+xml"
GEOCODE_NAME = "KEMENDAGRI"


def cap_sender() -> str:
    return getattr(settings, "CAP_SENDER", "") or "dinsos.bantenprov.go.id"


def cap_identifier(alert) -> str:
    return f"{cap_sender()}.{alert.uuid}"


def cap_time(moment: datetime) -> str:
    """CAP's dateTime: local time with a numeric offset and no fraction, e.g. 2026-01-18T08:00:00+07:00."""
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).replace(microsecond=0).isoformat()


def _sub(parent, tag: str, text: str | None = None, ns: str = CAP_NS, **attributes):
    element = ET.SubElement(parent, f"{{{ns}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _language() -> str:
    return {"id": "id-ID", "en": "en-US"}.get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE)


def alert_expires(alert) -> datetime:
    """When an automatic public alert stops being current: CAP_ALERT_EXPIRY_HOURS after it was made."""
    return alert.created_at + timedelta(hours=getattr(settings, "CAP_ALERT_EXPIRY_HOURS", 24))


def alert_cap_xml(alert, *, kabkota_names: dict[str, str], web: str = "") -> bytes:
    """The CAP 1.2 message of one public alert; ``kabkota_names`` maps its kabupaten/kota codes to names."""
    ET.register_namespace("", CAP_NS)
    root = ET.Element(f"{{{CAP_NS}}}alert")
    _sub(root, "identifier", cap_identifier(alert))
    _sub(root, "sender", cap_sender())
    _sub(root, "sent", cap_time(alert.created_at))
    _sub(root, "status", "Actual")
    _sub(root, "msgType", alert.cap_msg_type)
    _sub(root, "scope", "Public")
    if alert.cap_references:
        _sub(root, "references", alert.cap_references)
    info = _sub(root, "info")
    _sub(info, "language", _language())
    _sub(info, "category", alert.cap_category)
    _sub(info, "event", alert.cap_event or alert.title)
    _sub(info, "urgency", alert.cap_urgency)
    _sub(info, "severity", alert.severity)
    _sub(info, "certainty", alert.cap_certainty)
    _sub(info, "expires", cap_time(alert_expires(alert)))
    _sub(info, "senderName", getattr(settings, "CAP_SENDER_NAME", "") or "Dinas Sosial Provinsi Banten")
    _sub(info, "headline", alert.title[:160])
    if alert.body:
        _sub(info, "description", alert.body)
    if web:
        _sub(info, "web", web)
    area = _sub(info, "area")
    codes = list(alert.kabkota_codes)
    names = [kabkota_names.get(code, code) for code in codes]
    _sub(area, "areaDesc", ", ".join(names) if names else "Provinsi Banten")
    for code in codes or ["36"]:
        geocode = _sub(area, "geocode")
        _sub(geocode, "valueName", GEOCODE_NAME)
        _sub(geocode, "value", code)
    return xml_document_bytes(root)  # cleaned, and refused if it would not parse


def alerts_atom_feed(alerts, *, feed_url: str, site_url: str, cap_url, updated: datetime) -> bytes:
    """Atom 1.0 feed of public alerts; ``cap_url(alert)`` gives the absolute URL of an alert's CAP message."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", _language())
    _sub(feed, "id", feed_url, ns=ATOM_NS)
    _sub(feed, "title", "Peringatan publik Dinas Sosial Provinsi Banten (CAP 1.2)", ns=ATOM_NS)
    _sub(feed, "updated", cap_time(updated), ns=ATOM_NS)
    author = _sub(feed, "author", ns=ATOM_NS)
    _sub(author, "name", "Dinas Sosial Provinsi Banten", ns=ATOM_NS)
    _sub(feed, "link", ns=ATOM_NS, rel="self", href=feed_url, type=ATOM_CONTENT_TYPE)
    _sub(feed, "link", ns=ATOM_NS, rel="alternate", href=site_url)
    for alert in alerts:
        entry = _sub(feed, "entry", ns=ATOM_NS)
        _sub(entry, "id", f"urn:uuid:{alert.uuid}", ns=ATOM_NS)
        _sub(entry, "title", alert.title, ns=ATOM_NS)
        _sub(entry, "updated", cap_time(alert.created_at), ns=ATOM_NS)
        _sub(entry, "published", cap_time(alert.created_at), ns=ATOM_NS)
        _sub(entry, "link", ns=ATOM_NS, rel="alternate", href=cap_url(alert), type=CAP_CONTENT_TYPE)
        _sub(entry, "category", ns=ATOM_NS, term=alert.cap_category)
        _sub(entry, "summary", alert.body or alert.title, ns=ATOM_NS)
    return xml_document_bytes(feed)  # one bad note must not break the whole feed


def cap_reference(alert) -> str:
    """The CAP ``references`` entry of an earlier message: "sender,identifier,sent"."""
    return f"{cap_sender()},{cap_identifier(alert)},{cap_time(alert.created_at)}"


def cap_message_xml(message, *, web: str = "") -> bytes:
    """The CAP 1.2 document of a published staff-written message: one <info> in Indonesian and one in English,
    both with <expires> and an <area> whose geocodes are the Kemendagri codes of its kabupaten/kota and kecamatan."""
    ET.register_namespace("", CAP_NS)
    alert = message.alert
    root = ET.Element(f"{{{CAP_NS}}}alert")
    _sub(root, "identifier", cap_identifier(alert))
    _sub(root, "sender", cap_sender())
    _sub(root, "sent", cap_time(alert.created_at))
    _sub(root, "status", "Actual")
    _sub(root, "msgType", message.msg_type)
    _sub(root, "scope", "Public")
    if message.references_id:
        _sub(root, "references", cap_reference(message.references.alert))
    sender_name = getattr(settings, "CAP_SENDER_NAME", "") or "Dinas Sosial Provinsi Banten"
    for language, suffix in (("id-ID", "id"), ("en-US", "en")):
        info = _sub(root, "info")
        _sub(info, "language", language)
        _sub(info, "category", message.category)
        _sub(info, "event", message.event)
        _sub(info, "urgency", message.urgency)
        _sub(info, "severity", message.severity)
        _sub(info, "certainty", message.certainty)
        _sub(info, "effective", cap_time(message.effective))
        _sub(info, "expires", cap_time(message.expires))
        _sub(info, "senderName", sender_name)
        _sub(info, "headline", getattr(message, f"headline_{suffix}")[:160])
        _sub(info, "description", getattr(message, f"description_{suffix}"))
        if getattr(message, f"instruction_{suffix}"):
            _sub(info, "instruction", getattr(message, f"instruction_{suffix}"))
        if web:
            _sub(info, "web", web)
        area = _sub(info, "area")
        _sub(area, "areaDesc", message.area_desc)
        for code in [*message.kabkota_codes, *message.kecamatan_codes]:
            geocode = _sub(area, "geocode")
            _sub(geocode, "valueName", GEOCODE_NAME)
            _sub(geocode, "value", code)
    return xml_document_bytes(root)
