"""BMKG warnings aimed at the kecamatan their description lists, and alerts only for those kabupaten/kota.

The CAP messages are written for these tests in BMKG's nowcast format: <areaDesc> names only the province,
the kecamatan are listed in <description> in BMKG's spelling, and kecamatan-sized polygons are in lat,lon order.
"""

import pytest

from banten_dinsos.accounts.roles import Role
from banten_dinsos.notifications.bmkg_places import match_places, normalise, place_names
from banten_dinsos.notifications.models import Alert, AlertKind, ExternalWarning, IgnoredWarning, KecamatanAlias
from banten_dinsos.notifications.services import warnings_ingest
from banten_dinsos.notifications.services.warning_places import kecamatan_name_index
from banten_dinsos.regions.models import Region

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
FEED = "https://example.bmkg.test/alert/public/id/rss.xml"
BASE = "https://example.bmkg.test/alert/public/id/"

# Around Bojonegara, Pulo Ampel and Cilegon (the Sunda Strait coast): only Cilegon's and Kab. Serang's extents.
POLYGON_NORTH_WEST = "-5.93,105.98 -5.93,106.12 -6.07,106.12 -6.07,105.98 -5.93,105.98"
# Around Tirtayasa (Kab. Serang, east of the city).
POLYGON_TIRTAYASA = "-5.98,106.30 -5.98,106.38 -6.05,106.38 -6.05,106.30 -5.98,106.30"
# Around Curugbitung and Lebakgedong (north-east Lebak).
POLYGON_LEBAK = "-6.40,106.28 -6.40,106.45 -6.62,106.45 -6.62,106.28 -6.40,106.28"


def cap(identifier: str, description: str, *polygons: str, area: str = "Banten", expires="2099-02-16T19:30:00+07:00"):
    polygon_xml = "".join(f"<polygon>{polygon}</polygon>" for polygon in polygons)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier>
  <sender>cuaca.ekstrem@bmkg.go.id</sender>
  <sent>2026-02-16T16:36:00+07:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>id</language>
    <category>Met</category>
    <event>Hujan Lebat disertai Kilat/Petir dan Angin Kencang</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Observed</certainty>
    <eventCode><valueName>profile:CAP-ID:1.0</valueName><value>OET-HLP</value></eventCode>
    <effective>2026-02-16T16:36:00+07:00</effective>
    <expires>{expires}</expires>
    <senderName>BMKG</senderName>
    <headline>Hujan Lebat disertai Kilat/Petir dan Angin Kencang di {area}</headline>
    <description>{description}</description>
    <instruction>Masyarakat diimbau waspada terhadap dampak yang dapat ditimbulkan.</instruction>
    <area><areaDesc>{area}</areaDesc>{polygon_xml}</area>
  </info>
</alert>""".encode()


STORM_NORTH_WEST = cap(
    "2.49.0.1.360.0.2026.02.16.16.36.004",
    "Waspada potensi hujan dengan intensitas sedang hingga lebat yang dapat disertai kilat/petir dan angin kencang "
    "pada pukul 16.36 WIB di sebagian wilayah Banten, khususnya di Bojonegara, Cibeber, Puloampel, Grogol, dan "
    "Tirtayasa. Kondisi ini diperkirakan masih dapat berlangsung hingga pukul 19.30 WIB.",
    POLYGON_NORTH_WEST,
    POLYGON_TIRTAYASA,
)
STORM_LEBAK_AND_CILEGON = cap(
    "2.49.0.1.360.0.2026.02.16.17.05.007",
    "Waspada potensi hujan lebat disertai kilat/petir pada pukul 17.05 WIB di sebagian wilayah Banten, khususnya "
    "di Cibeber, Curug Bitung, Lebakgedong, Gerogol, Pulau Merak, Cikarang Barat. Dan dapat meluas ke wilayah "
    "Cipanas. Kondisi ini diperkirakan masih dapat berlangsung hingga pukul 20.00 WIB.",
    POLYGON_NORTH_WEST,
    POLYGON_LEBAK,
)
EAST_JAVA = cap(
    "2.49.0.1.360.0.2026.02.16.16.40.011",
    "Waspada potensi hujan lebat di sebagian wilayah Jawa Timur, khususnya di Kepanjen, Pakis, dan Singosari.",
    "-7.90,112.50 -7.90,112.80 -8.20,112.80 -8.20,112.50 -7.90,112.50",
    area="Jawa Timur",
)


def feed(*names: str) -> bytes:
    items = "".join(f"<item><title>{name}</title><link>{BASE}{name}.xml</link></item>" for name in names)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>BMKG</title>{items}</channel></rss>'.encode()


class FakeBmkg:
    def __init__(self, **messages: bytes):
        self.messages = messages
        self.fetched: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.fetched.append(url)
        if url == FEED:
            return feed(*self.messages)
        return self.messages[url.rsplit("/", 1)[-1].removesuffix(".xml")]


@pytest.fixture
def officers(reference_data):
    def officer(code):
        return UserFactory(username=f"petugas.{code}", role=Role.PETUGAS_KABKOTA, kabkota=Region.objects.get(code=code))

    return {code: officer(code) for code in ("36.01", "36.02", "36.04", "36.72", "36.73", "36.74")}


def _recipients(warning) -> set[str]:
    alert = Alert.objects.get(kind=AlertKind.BMKG_WARNING, payload__warning_id=warning.pk)
    return set(alert.deliveries.values_list("recipient__username", flat=True))


def test_names_are_read_from_the_description_and_normalised():
    description = STORM_LEBAK_AND_CILEGON.decode().split("<description>")[1].split("</description>")[0]
    assert [name for name, _hint in place_names(description)] == [
        "Cibeber",
        "Curug Bitung",
        "Lebakgedong",
        "Gerogol",
        "Pulau Merak",
        "Cikarang Barat",
        "Cipanas",
    ]
    assert normalise("Pulo Ampel") == normalise("Puloampel") == normalise("PULO-AMPEL") == "puloampel"
    assert normalise("Kec. Curug Bitung") == normalise("Curugbitung")
    assert normalise("Tjikande") == normalise("Cikande")


def test_a_kabkota_qualifier_in_the_list_decides_a_shared_name(reference_data):
    names = place_names("Waspada di sebagian wilayah Banten, khususnya di Kab. Pandeglang: Sobang, Labuan.")
    match = match_places(names, index=kecamatan_name_index(), polygons=[])
    assert match.kecamatan_codes == ["36.01.12", "36.01.35"]  # Sobang of Pandeglang, not of Lebak (36.02.22)
    assert match.kabkota_codes == ["36.01"]


def test_a_shared_name_is_decided_by_the_polygons_and_only_those_kabkota_are_alerted(reference_data, staf, officers):
    bmkg = FakeBmkg(**{"2.49.0.1.360.0.2026.02.16.16.36.004": STORM_NORTH_WEST})
    assert warnings_ingest(url=FEED, fetch=bmkg)["new"] == 1
    warning = ExternalWarning.objects.get()
    # Cibeber is in Lebak and in Cilegon; the polygons lie on the Sunda Strait coast, so Cilegon's.
    assert warning.kecamatan_codes == ["36.04.07", "36.04.08", "36.04.13", "36.72.01", "36.72.06"]
    assert warning.kabkota_codes == ["36.04", "36.72"]
    assert warning.unmatched_places == [] and warning.ambiguous_places == {}
    assert len(warning.polygons) == 2 and warning.polygons[0][0] == [-5.93, 105.98]
    assert _recipients(warning) == {"staf.provinsi", "petugas.36.04", "petugas.36.72"}


def test_a_shared_name_the_polygons_cannot_decide_is_kept_for_both_and_misspellings_are_matched(
    reference_data, staf, officers
):
    bmkg = FakeBmkg(**{"2.49.0.1.360.0.2026.02.16.17.05.007": STORM_LEBAK_AND_CILEGON})
    warnings_ingest(url=FEED, fetch=bmkg)
    warning = ExternalWarning.objects.get()
    # Polygons over both Lebak and Cilegon: Cibeber stays in both. Curug Bitung and Lebakgedong are matched by
    # normalisation, Gerogol (Kemendagri's spelling) directly, Cipanas from the "meluas ke wilayah" sentence.
    assert warning.ambiguous_places == {"Cibeber": ["36.02.19", "36.72.01"]}
    assert warning.kecamatan_codes == ["36.02.04", "36.02.19", "36.02.23", "36.02.25", "36.72.01", "36.72.06"]
    assert warning.kabkota_codes == ["36.02", "36.72"]
    assert warning.unmatched_places == ["Pulau Merak", "Cikarang Barat"]
    assert _recipients(warning) == {"staf.provinsi", "petugas.36.02", "petugas.36.72"}
    assert "petugas.36.74" not in _recipients(warning)


def test_seeded_aliases_are_editable_data(reference_data):
    aliases = dict(KecamatanAlias.objects.values_list("name", "kecamatan_id"))
    assert aliases["Grogol"] == "36.72.06" and aliases["Curug Bitung"] == "36.02.23"
    KecamatanAlias.objects.filter(name="Grogol").delete()
    assert "36.72.06" not in kecamatan_name_index().get("grogol", [])


def test_staff_map_an_unmatched_name_and_the_next_warning_uses_it(reference_data, page_as, staf, officers):
    warnings_ingest(url=FEED, fetch=FakeBmkg(**{"2.49.0.1.360.0.2026.02.16.17.05.007": STORM_LEBAK_AND_CILEGON}))
    warning = ExternalWarning.objects.get()
    page = page_as(staf).get(f"/notifikasi/peringatan/{warning.pk}/").content.decode()
    assert "Pulau Merak" in page and "Cikarang Barat" in page and 'id="warning-map"' in page
    assert "Curugbitung" in page and "warning-polygons" in page
    response = page_as(staf).post(
        f"/notifikasi/peringatan/{warning.pk}/petakan-nama/", {"name": "Pulau Merak", "kecamatan": "36.72.03"}
    )
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.unmatched_places == ["Cikarang Barat"] and "36.72.03" in warning.kecamatan_codes
    assert KecamatanAlias.objects.get(name="Pulau Merak").kecamatan_id == "36.72.03"
    # Cilegon was already warned: nobody is told twice.
    assert Alert.objects.filter(kind=AlertKind.BMKG_WARNING).count() == 1

    later = cap(
        "2.49.0.1.360.0.2026.02.17.08.00.001",
        "Waspada hujan lebat di sebagian wilayah Banten, khususnya di Pulau Merak.",
        POLYGON_NORTH_WEST,
    )
    warnings_ingest(url=FEED, fetch=FakeBmkg(**{"2.49.0.1.360.0.2026.02.17.08.00.001": later}))
    second = ExternalWarning.objects.get(identifier="2.49.0.1.360.0.2026.02.17.08.00.001")
    assert second.kecamatan_codes == ["36.72.03"] and second.kabkota_codes == ["36.72"]


def test_officers_see_the_matched_kecamatan_but_not_the_mapping_form_and_cannot_post_it(
    reference_data, page_as, officers
):
    warnings_ingest(url=FEED, fetch=FakeBmkg(**{"2.49.0.1.360.0.2026.02.16.17.05.007": STORM_LEBAK_AND_CILEGON}))
    warning = ExternalWarning.objects.get()
    officer = page_as(officers["36.02"])
    page = officer.get(f"/notifikasi/peringatan/{warning.pk}/").content.decode()
    assert "Lebakgedong" in page and "petakan-nama" not in page
    post = officer.post(
        f"/notifikasi/peringatan/{warning.pk}/petakan-nama/", {"name": "Pulau Merak", "kecamatan": "36.72.03"}
    )
    assert post.status_code == 403
    assert not KecamatanAlias.objects.filter(name="Pulau Merak").exists()


def test_mapping_a_name_to_something_that_is_no_kecamatan_is_refused(reference_data, page_as, staf, officers):
    warnings_ingest(url=FEED, fetch=FakeBmkg(**{"2.49.0.1.360.0.2026.02.16.17.05.007": STORM_LEBAK_AND_CILEGON}))
    warning = ExternalWarning.objects.get()
    response = page_as(staf).post(
        f"/notifikasi/peringatan/{warning.pk}/petakan-nama/", {"name": "Pulau Merak", "kecamatan": "36.72"}
    )
    assert response.status_code == 400 and "Pilih kecamatan" in response.content.decode()
    assert not KecamatanAlias.objects.filter(name="Pulau Merak").exists()


def test_warnings_for_other_provinces_are_remembered_and_not_fetched_again(reference_data):
    bmkg = FakeBmkg(**{"2.49.0.1.360.0.2026.02.16.16.40.011": EAST_JAVA})
    assert warnings_ingest(url=FEED, fetch=bmkg) == {"new": 0, "skipped": 0, "errors": 0}
    remembered = IgnoredWarning.objects.get()
    assert remembered.identifier == "2.49.0.1.360.0.2026.02.16.16.40.011"
    assert warnings_ingest(url=FEED, fetch=bmkg) == {"new": 0, "skipped": 1, "errors": 0}
    assert bmkg.fetched.count(f"{BASE}2.49.0.1.360.0.2026.02.16.16.40.011.xml") == 1
    assert not ExternalWarning.objects.exists()


def test_a_name_mapped_into_a_kabkota_not_yet_warned_tells_its_people(reference_data, page_as, staf, officers):
    warnings_ingest(url=FEED, fetch=FakeBmkg(**{"2.49.0.1.360.0.2026.02.16.17.05.007": STORM_LEBAK_AND_CILEGON}))
    warning = ExternalWarning.objects.get()
    # Staff know BMKG's "Cikarang Barat" in this message meant a place in Kabupaten Serang (Cikande, say).
    page_as(staf).post(
        f"/notifikasi/peringatan/{warning.pk}/petakan-nama/", {"name": "Cikarang Barat", "kecamatan": "36.04.15"}
    )
    warning.refresh_from_db()
    assert warning.kabkota_codes == ["36.02", "36.04", "36.72"]
    late = Alert.objects.get(dedupe_key__endswith=":36.04")
    assert late.kabkota_codes == ["36.04"]
    assert set(late.deliveries.values_list("recipient__username", flat=True)) == {"petugas.36.04"}
