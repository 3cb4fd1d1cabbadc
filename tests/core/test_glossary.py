"""One word per concept: the Indonesian catalogue and the templates use the glossary's terms, never their variants."""

import re
from pathlib import Path

import polib
from django.conf import settings

from banten_dinsos.core.glossary import GLOSSARY

ROOT = Path(settings.BASE_DIR)
PLACEHOLDER = re.compile(r"%\([^)]*\)[sd]|\{[^}]*\}|<[^>]+>")


def _pattern(word: str) -> re.Pattern:
    return re.compile(r"(?<![\w/.-])" + re.escape(word) + r"(?![\w/-])", re.IGNORECASE)


def _catalogue() -> list[tuple[str, str]]:
    po = polib.pofile(str(ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    return [(entry.msgid, PLACEHOLDER.sub(" ", entry.msgstr)) for entry in po if entry.msgstr and not entry.obsolete]


def _without_allowed(text: str, term) -> str:
    for phrase in term.allowed:
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    return text


def test_the_indonesian_catalogue_uses_one_word_per_concept():
    found = []
    for msgid, text in _catalogue():
        for term in GLOSSARY:
            checked = _without_allowed(text, term)
            for variant in term.avoid + term.loanwords:
                if _pattern(variant).search(checked):
                    found.append(f"{variant!r} instead of {term.term!r} in {msgid[:60]!r}")
    assert not found, "\n".join(found)


def test_templates_use_no_indonesian_variant_of_a_glossary_term():
    """Templates hold English msgids, so only the Indonesian variants are looked for (a loanword is English)."""
    found = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for term in GLOSSARY:
            for variant in term.avoid:
                if _pattern(variant).search(_without_allowed(text, term)):
                    found.append(f"{variant!r} instead of {term.term!r} in {path.relative_to(ROOT)}")
    assert not found, "\n".join(found)


def test_the_check_finds_a_variant():
    term = next(term for term in GLOSSARY if term.term == "tempat pengungsian")
    assert _pattern("posko pengungsian").search("Posko pengungsian Masjid Raya")
    assert not _pattern("posko pengungsian").search(_without_allowed("tempat pengungsian", term))


def test_the_glossary_document_lists_every_term():
    document = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    missing = [term.term for term in GLOSSARY if f"**{term.term}**" not in document]
    assert not missing
