"""Free text that XML can carry: characters XML 1.0 forbids are removed where text comes in, and XML writers
refuse to emit a document that is not well-formed.

Word and some phone keyboards paste vertical tabs (``\\x0b``, Word's manual line break) and form feeds (``\\x0c``,
its page break). Both are legal in a database string but illegal anywhere in an XML 1.0 document, so one such note
made the public CAP feed unreadable for every consumer. Those two become line breaks; every other forbidden
character (the other C0 controls, lone surrogates, U+FFFE and U+FFFF) is dropped.
"""

import re
from xml.etree import ElementTree as ET

_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_XML_INVALID = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class InvalidXmlDocument(ValueError):
    """A writer produced XML that a strict parser refuses; nothing is sent."""


def xml_clean(text: str) -> str:
    """``text`` with every character that XML 1.0 forbids removed (vertical tab and form feed become newlines)."""
    if not text:
        return text
    return _XML_INVALID.sub("", text.translate(_LINE_BREAKS))


def has_xml_invalid(text: str) -> bool:
    return bool(text) and _XML_INVALID.search(text) is not None


def xml_document_bytes(root: ET.Element) -> bytes:
    """Serialise ``root`` as UTF-8 with a declaration, cleaning every text, tail and attribute on the way, and
    parse the result again: a document that is not well-formed raises InvalidXmlDocument instead of going out."""
    for element in root.iter():
        if element.text:
            element.text = xml_clean(element.text)
        if element.tail:
            element.tail = xml_clean(element.tail)
        for name, value in element.attrib.items():
            element.attrib[name] = xml_clean(value)
    document = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    try:
        ET.fromstring(document)
    except ET.ParseError as error:
        raise InvalidXmlDocument(str(error)) from error
    return document


# ---------------------------------------------------------------------------------------------------------------
# The boundary: every form and serializer text field
# ---------------------------------------------------------------------------------------------------------------
def install_clean_text_fields() -> None:
    """Make Django's ``forms.CharField`` and DRF's ``CharField`` (and their subclasses: email, slug, URL, ...)
    return XML-safe text, so no page or endpoint can store a character the CAP feed or an export cannot carry.

    Called once from the core app's ``ready()``; patching the two base classes reaches every form and serializer,
    including those of apps written later, where a mixin would have to be remembered in each of them.
    """
    from django import forms
    from rest_framework import fields

    if getattr(forms.CharField.to_python, "xml_clean", False):
        return
    form_to_python = forms.CharField.to_python
    drf_to_internal = fields.CharField.to_internal_value

    def to_python(self, value):
        value = form_to_python(self, value)
        return xml_clean(value) if isinstance(value, str) else value

    def to_internal_value(self, data):
        value = drf_to_internal(self, data)
        return xml_clean(value) if isinstance(value, str) else value

    to_python.xml_clean = to_internal_value.xml_clean = True
    forms.CharField.to_python = to_python
    fields.CharField.to_internal_value = to_internal_value
