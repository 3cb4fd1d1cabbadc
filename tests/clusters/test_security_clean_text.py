"""Clean text in, valid XML out: every control character through the free text of a disaster status note."""

import json
from xml.etree import ElementTree as ET

import pytest
from django import forms
from rest_framework import serializers

from banten_dinsos.core.text import InvalidXmlDocument, has_xml_invalid, xml_clean, xml_document_bytes
from banten_dinsos.notifications.models import Alert
from clusters.models import DisasterStatusChange

pytestmark = pytest.mark.django_db

# Every C0 control, DEL's neighbours in C1, lone surrogates and the two non-characters XML 1.0 forbids.
CONTROLS = "".join(chr(code) for code in range(0x20)) + "\x7f\x85\ud800\udfff\ufffe\uffff"
FORBIDDEN = [ch for ch in CONTROLS if ch not in "\t\n\r\x7f\x85"]


def test_the_cleaner_drops_what_xml_forbids_and_keeps_word_line_breaks():
    assert all(has_xml_invalid(ch) for ch in FORBIDDEN)
    cleaned = xml_clean(f"a{CONTROLS}b")
    assert not has_xml_invalid(cleaned)
    assert cleaned == "a\t\n\n\n\r\x7f\x85b"  # tab, newline, vertical tab and form feed as newlines, CR, DEL, NEL
    assert xml_clean("Catatan\x0bbaris dua") == "Catatan\nbaris dua"


def test_every_form_and_serializer_text_field_cleans_its_input():
    assert forms.CharField().clean("kantor\x0cposko\x00") == "kantor\nposko"
    field = serializers.CharField()
    assert field.run_validation("Banjir\x0b\x01 surut") == "Banjir\n surut"
    assert forms.EmailField().clean("a\x08@example.org") == "a@example.org"


@pytest.mark.parametrize("field", ["decree_number", "note"])
def test_a_status_note_with_every_control_character_keeps_the_cap_feed_well_formed(api_as, staf, flood, field):
    text = f"Perpanjangan {CONTROLS} tanggap darurat"
    body = {"status": flood.status, "decree_number": "360/Kep.19-Huk/2026", "note": "Catatan"}
    body[field] = text if field == "note" else f"360/{CONTROLS}/2026"
    # ASCII JSON: lone surrogates travel as \\ud800 escapes, the way a hostile client would send them.
    response = api_as(staf).post(
        f"/api/v1/disasters/{flood.pk}/status/", json.dumps(body, ensure_ascii=True), content_type="application/json"
    )
    assert response.status_code == 200, response.json()

    change = DisasterStatusChange.objects.filter(disaster=flood).latest("pk")
    assert not has_xml_invalid(getattr(change, field))
    feed = api_as(staf).get("/cap/feed.xml")
    assert feed.status_code == 200
    root = ET.fromstring(feed.content)  # raises on a document that is not well-formed
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert entries
    alert = Alert.objects.filter(public=True).latest("pk")
    cap = api_as(staf).get(f"/cap/alerts/{alert.uuid}.xml")
    assert cap.status_code == 200
    ET.fromstring(cap.content)


def test_text_stored_before_the_cleaner_existed_is_cleaned_by_the_writer(api_as, staf, flood):
    api_as(staf).post(
        f"/api/v1/disasters/{flood.pk}/status/",
        {"status": flood.status, "decree_number": "360/Kep.20-Huk/2026"},
        format="json",
    )
    alert = Alert.objects.filter(public=True).latest("pk")
    # What PostgreSQL can hold: no NUL, no surrogates (UTF-8 has none).
    storable = "".join(ch for ch in CONTROLS if ch != "\x00" and not "\ud800" <= ch <= "\udfff")
    Alert.objects.filter(pk=alert.pk).update(title=f"Lama {storable}", body=f"Isi {storable}")
    for url in ("/cap/feed.xml", f"/cap/alerts/{alert.uuid}.xml"):
        response = api_as(staf).get(url)
        assert response.status_code == 200
        ET.fromstring(response.content)


def test_the_writer_refuses_a_document_that_would_not_parse():
    root = ET.Element("alert")
    ET.SubElement(root, "bad name")  # a tag no parser accepts
    with pytest.raises(InvalidXmlDocument):
        xml_document_bytes(root)
