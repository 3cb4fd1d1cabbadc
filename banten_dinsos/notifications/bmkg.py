"""Reading BMKG's CAP 1.2 warnings and deciding which touch Banten. Pure parsing: no database, no network.

The feed may be a CAP <alert> itself, an RSS 2.0 feed or an Atom feed whose items link to CAP messages (BMKG
publishes its weather warnings as RSS items pointing at one CAP file each). An area touches Banten when its
description names Banten or one of its kabupaten/kota, a geocode is a Banten Kemendagri code (36...), or a
polygon or circle overlaps Banten's bounding box. XML from outside is parsed with defusedxml.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from defusedxml import ElementTree as SafeET

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
# Provinsi Banten lies within these latitudes and longitudes (with a small margin at sea).
BANTEN_BBOX = (-7.10, 105.05, -5.75, 106.85)  # south, west, north, east
# Approximate centres of the kabupaten/kota (DOMAIN.md; Kabupaten Serang around Ciruas): enough to tell which
# kabupaten/kota a warning polygon covers when its description does not name them.
KABKOTA_CENTRES = {
    "36.01": (-6.31, 106.10),
    "36.02": (-6.36, 106.25),
    "36.03": (-6.26, 106.48),
    "36.04": (-6.13, 106.27),
    "36.71": (-6.18, 106.63),
    "36.72": (-6.00, 106.05),
    "36.73": (-6.12, 106.15),
    "36.74": (-6.29, 106.71),
}
# Names as BMKG writes them ("Kab. Lebak", "Kota Tangerang Selatan"), most specific first. A bare "Serang" or
# "Tangerang" names two kabupaten/kota and is left to the geocodes or the polygon.
_KAB = r"kab(?:upaten|\.)?\s*"
KABKOTA_PATTERNS = [
    ("36.74", r"(?:kota\s+)?tangerang\s+selatan|\btangsel\b"),
    ("36.71", r"kota\s+tangerang(?!\s+selatan)"),
    ("36.03", _KAB + r"tangerang"),
    ("36.73", r"kota\s+serang"),
    ("36.04", _KAB + r"serang"),
    ("36.72", r"\bcilegon\b"),
    ("36.01", r"\bpandeglang\b"),
    ("36.02", r"\blebak\b"),
]
MAX_LINKS = 50


@dataclass
class CapArea:
    description: str = ""
    polygons: list[list[tuple[float, float]]] = field(default_factory=list)
    circles: list[tuple[float, float, float]] = field(default_factory=list)
    geocodes: list[str] = field(default_factory=list)


@dataclass
class CapInfo:
    language: str = ""
    category: str = ""
    event: str = ""
    urgency: str = ""
    severity: str = ""
    certainty: str = ""
    effective: datetime | None = None
    expires: datetime | None = None
    headline: str = ""
    description: str = ""
    instruction: str = ""
    areas: list[CapArea] = field(default_factory=list)


@dataclass
class CapAlert:
    identifier: str
    sender: str
    sent: datetime
    status: str
    msg_type: str
    infos: list[CapInfo]

    def preferred_info(self) -> CapInfo | None:
        """The Indonesian <info> when there is one, otherwise the first."""
        for info in self.infos:
            if info.language.lower().startswith("id") or info.language.lower().startswith("in"):
                return info
        return self.infos[0] if self.infos else None


class CapError(ValueError):
    """The document is not a CAP 1.2 alert this reader understands."""


def _text(element, tag: str) -> str:
    child = element.find(f"{{{CAP_NS}}}{tag}")
    return (child.text or "").strip() if child is not None else ""


def _texts(element, tag: str) -> list[str]:
    return [(child.text or "").strip() for child in element.findall(f"{{{CAP_NS}}}{tag}")]


def _datetime(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _polygon(value: str) -> list[tuple[float, float]]:
    points = []
    for pair in value.split():
        try:
            latitude, longitude = (float(part) for part in pair.split(",")[:2])
        except ValueError:
            continue
        points.append((latitude, longitude))
    return points


def _circle(value: str) -> tuple[float, float, float] | None:
    try:
        centre, radius = value.split()
        latitude, longitude = (float(part) for part in centre.split(",")[:2])
        return latitude, longitude, float(radius)
    except ValueError:
        return None


def parse_cap(document: bytes) -> CapAlert:
    root = SafeET.fromstring(document)
    if root.tag != f"{{{CAP_NS}}}alert":
        raise CapError("not a CAP 1.2 alert")
    sent = _datetime(_text(root, "sent"))
    identifier, sender = _text(root, "identifier"), _text(root, "sender")
    if not identifier or not sender or sent is None:
        raise CapError("a CAP alert needs identifier, sender and sent")
    infos = []
    for info_element in root.findall(f"{{{CAP_NS}}}info"):
        info = CapInfo(
            language=_text(info_element, "language") or "en-US",
            category=(_texts(info_element, "category") or [""])[0],
            event=_text(info_element, "event"),
            urgency=_text(info_element, "urgency"),
            severity=_text(info_element, "severity"),
            certainty=_text(info_element, "certainty"),
            effective=_datetime(_text(info_element, "effective")),
            expires=_datetime(_text(info_element, "expires")),
            headline=_text(info_element, "headline"),
            description=_text(info_element, "description"),
            instruction=_text(info_element, "instruction"),
        )
        for area_element in info_element.findall(f"{{{CAP_NS}}}area"):
            area = CapArea(description=_text(area_element, "areaDesc"))
            area.polygons = [points for points in map(_polygon, _texts(area_element, "polygon")) if points]
            area.circles = [circle for circle in map(_circle, _texts(area_element, "circle")) if circle]
            area.geocodes = [_text(geocode, "value") for geocode in area_element.findall(f"{{{CAP_NS}}}geocode")]
            info.areas.append(area)
        infos.append(info)
    return CapAlert(
        identifier=identifier,
        sender=sender,
        sent=sent,
        status=_text(root, "status"),
        msg_type=_text(root, "msgType"),
        infos=infos,
    )


def feed_links(document: bytes) -> list[str] | None:
    """The CAP links of an RSS or Atom feed, or None when the document is a CAP alert itself."""
    root = SafeET.fromstring(document)
    if root.tag == f"{{{CAP_NS}}}alert":
        return None
    links = []
    if root.tag == "rss":
        links = [(item.findtext("link") or "").strip() for item in root.iter("item")]
    elif root.tag == f"{{{ATOM_NS}}}feed":
        for entry in root.findall(f"{{{ATOM_NS}}}entry"):
            candidates = entry.findall(f"{{{ATOM_NS}}}link")
            chosen = next((link for link in candidates if "cap" in (link.get("type") or "")), None)
            chosen = chosen if chosen is not None else (candidates[0] if candidates else None)
            if chosen is not None:
                links.append((chosen.get("href") or "").strip())
    else:
        raise CapError("neither a CAP alert nor an RSS or Atom feed")
    return [link for link in links if link][:MAX_LINKS]


def _kabkota_from_code(value: str) -> tuple[bool, str | None]:
    digits = re.sub(r"\D", "", value)
    if not digits.startswith("36"):
        return False, None
    if len(digits) >= 4:
        return True, f"{digits[:2]}.{digits[2:4]}"
    return True, None


def _overlaps_banten(points: list[tuple[float, float]]) -> bool:
    south, west, north, east = BANTEN_BBOX
    latitudes = [point[0] for point in points]
    longitudes = [point[1] for point in points]
    return not (max(latitudes) < south or min(latitudes) > north or max(longitudes) < west or min(longitudes) > east)


def _inside(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    """Ray casting in the (latitude, longitude) plane; fine at the scale of a province."""
    y, x = point
    inside = False
    for (y1, x1), (y2, x2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def names_in(description: str) -> set[str]:
    text = description.lower()
    codes = set()
    for code, pattern in KABKOTA_PATTERNS:
        if re.search(pattern, text):
            codes.add(code)
            text = re.sub(pattern, " ", text)
    return codes


def banten_area(info: CapInfo) -> tuple[bool, list[str], list[str]]:
    """(touches Banten, kabupaten/kota codes, descriptions of the touching areas) of one <info>."""
    touches, codes, descriptions = False, set(), []
    for area in info.areas:
        hit = False
        named = names_in(area.description)
        if named or re.search(r"\bbanten\b", area.description.lower()):
            hit = True
            codes |= named
        for value in area.geocodes:
            in_banten, code = _kabkota_from_code(value)
            hit = hit or in_banten
            if code:
                codes.add(code)
        for polygon in area.polygons:
            if _overlaps_banten(polygon):
                hit = True
                codes |= {code for code, centre in KABKOTA_CENTRES.items() if _inside(centre, polygon)}
        for latitude, longitude, radius_km in area.circles:
            south, west, north, east = BANTEN_BBOX
            margin = radius_km / 111.0
            if south - margin <= latitude <= north + margin and west - margin <= longitude <= east + margin:
                hit = True
                codes |= {
                    code
                    for code, (lat, lon) in KABKOTA_CENTRES.items()
                    if ((lat - latitude) ** 2 + (lon - longitude) ** 2) ** 0.5 * 111.0 <= radius_km
                }
        if hit:
            touches = True
            descriptions.append(area.description)
    return touches, sorted(codes), descriptions
