"""Which kecamatan a BMKG warning names, read from its <description>. Pure: the caller passes the name index.

BMKG names only the province in <areaDesc> and lists the kecamatan in the description ("… di sebagian wilayah
Banten, khususnya di Bojonegara, Cibeber, Cipanas, …, dan Tirtayasa. Dapat meluas ke wilayah Anyar."), in its
own spelling ("Pulo Ampel", "Gerogol", "Curug Bitung"). Names are compared after normalisation (case, spaces,
hyphens, doubled letters and the old spelling "tj", "dj", "oe"), and through aliases staff keep editable. A name
found in two kabupaten/kota (Cibeber: Lebak and Cilegon) is decided by the warning's polygons where they fall
in only one of the two; otherwise both are kept.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from .bmkg import names_in

# Approximate extent of each kabupaten/kota (south, west, north, east), rounded outward to 0.05° (check): drawn
# around the centres in DOMAIN.md and each one's coast and borders as on a general map of Banten. The regions
# table has no coordinates; these boxes only need to tell apart same-named kecamatan that lie far apart (Cibeber
# in south Lebak and in Cilegon on the Sunda Strait), so overlaps between neighbours do no harm.
KABKOTA_EXTENTS = {
    "36.01": (-6.95, 105.10, -6.20, 106.10),  # Kabupaten Pandeglang, Ujung Kulon included
    "36.02": (-7.05, 105.95, -6.20, 106.60),  # Kabupaten Lebak
    "36.03": (-6.40, 106.35, -5.95, 106.75),  # Kabupaten Tangerang
    "36.04": (-6.35, 105.85, -5.90, 106.45),  # Kabupaten Serang
    "36.71": (-6.27, 106.55, -6.10, 106.75),  # Kota Tangerang
    "36.72": (-6.10, 105.90, -5.88, 106.10),  # Kota Cilegon
    "36.73": (-6.20, 106.05, -5.98, 106.25),  # Kota Serang
    "36.74": (-6.38, 106.63, -6.22, 106.77),  # Kota Tangerang Selatan
}
# Where the list of kecamatan starts in BMKG's sentences, and what ends a name.
LIST_STARTS = re.compile(
    r"(?:khususnya\s+di|meluas\s+ke\s+wilayah|meliputi(?:\s+wilayah)?|wilayah\s+kecamatan)\s+", re.I
)
QUALIFIER = re.compile(r"((?:kab(?:upaten|\.)?|kota)\s+[a-z .]+?)\s*:\s*", re.I)
NOT_A_NAME = re.compile(r"^(?:sekitarnya|sekitar|dan\s+sekitarnya|kec(?:amatan|\.)?)$", re.I)


def normalise(name: str) -> str:
    """'Pulo Ampel' and 'Puloampel' -> 'puloampel'; 'Tjikande' -> 'cikande'."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"^(?:kec(?:amatan|\.)?|kel(?:urahan|\.)?|desa)\s+", "", text.strip())
    text = text.replace("tj", "c").replace("dj", "j").replace("oe", "u")
    text = re.sub(r"[^a-z]", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def place_names(description: str) -> list[tuple[str, str | None]]:
    """(name as written, kabupaten/kota code of a "Kab. Lebak:" qualifier or None) for each kecamatan listed."""
    text = re.sub(r"\b(kab|kec|kel)\.\s*", r"\1 ", description, flags=re.I)
    names: list[tuple[str, str | None]] = []
    for start in LIST_STARTS.finditer(text):
        # The list runs to the end of its sentence (a full stop followed by a space or the end of the text).
        rest = text[start.end() :]
        end = re.search(r"\.(?:\s|$)", rest)
        segment = rest[: end.start()] if end else rest
        hint = None
        for part in re.split(r"[,;]|\s+dan\s+|\s+serta\s+", segment):
            qualifier = QUALIFIER.match(part.strip())
            if qualifier:
                codes = names_in(qualifier.group(1))
                hint = next(iter(codes)) if len(codes) == 1 else None
                part = part.strip()[qualifier.end() :]
            part = re.sub(r"^\s*dan\s+", "", part).strip(" .")
            if part and not NOT_A_NAME.match(part) and not re.search(r"\d", part):
                names.append((part, hint))
    seen, unique = set(), []
    for name, hint in names:
        key = (normalise(name), hint)
        if key not in seen:
            seen.add(key)
            unique.append((name, hint))
    return unique


def _bbox(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    latitudes, longitudes = [p[0] for p in points], [p[1] for p in points]
    return min(latitudes), min(longitudes), max(latitudes), max(longitudes)


def _overlap(box, extent) -> bool:
    south, west, north, east = box
    e_south, e_west, e_north, e_east = extent
    return not (north < e_south or south > e_north or east < e_west or west > e_east)


def kabkota_under(polygons: list[list[tuple[float, float]]]) -> set[str]:
    """Kabupaten/kota whose approximate extent a polygon's bounding box touches."""
    boxes = [_bbox(polygon) for polygon in polygons if polygon]
    return {code for code, extent in KABKOTA_EXTENTS.items() if any(_overlap(box, extent) for box in boxes)}


@dataclass
class PlaceMatch:
    kecamatan_codes: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    # Names left in more than one kabupaten/kota: {name: [kecamatan codes]} (all of them are in kecamatan_codes).
    ambiguous: dict[str, list[str]] = field(default_factory=dict)

    @property
    def kabkota_codes(self) -> list[str]:
        return sorted({code[:5] for code in self.kecamatan_codes})


def match_places(
    names: list[tuple[str, str | None]], *, index: dict[str, list[str]], polygons: list[list[tuple[float, float]]]
) -> PlaceMatch:
    """Match listed names to kecamatan codes through ``index`` ({normalised name or alias: [kecamatan codes]})."""
    covered = kabkota_under(polygons)
    match, codes = PlaceMatch(), set()
    for name, hint in names:
        candidates = sorted(set(index.get(normalise(name), [])))
        if hint:
            candidates = [code for code in candidates if code.startswith(hint + ".")] or candidates
        if not candidates:
            match.unmatched.append(name)
            continue
        if len({code[:5] for code in candidates}) > 1 and covered:
            under = [code for code in candidates if code[:5] in covered]
            candidates = under or candidates
        if len({code[:5] for code in candidates}) > 1:
            match.ambiguous[name] = candidates
        codes.update(candidates)
    match.kecamatan_codes = sorted(codes)
    return match
