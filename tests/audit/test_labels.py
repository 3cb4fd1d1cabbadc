"""The audit log reads in words: record types and fields by their verbose names, stored notes translated."""

from types import SimpleNamespace

from django.utils import translation

from banten_dinsos.audit.labels import audit_fields, audit_model, audit_note


def entry(**fields):
    return SimpleNamespace(**{"model": "pmks_registry.client", "fields": [], "note": "", **fields})


def test_record_type_fields_and_notes_are_shown_in_indonesian():
    with translation.override("id"):
        assert audit_model(entry()) != "pmks_registry.client"
        assert "_" not in audit_fields(entry(fields=["last_verified_on", "no_kk"]))
        assert audit_note(entry(note="downloaded")) == "diunduh"
        assert audit_note(entry(note="client 17")) == "klien #17"
        exported = audit_note(entry(note="report 4 pmks_clients.xlsx: 1502 records, ids 3..9001, sha256(ids) ab12"))
        assert exported.startswith("laporan #4 (xlsx): 1502 data")


def test_unknown_models_fields_and_notes_written_by_people_are_shown_as_stored():
    assert audit_model(entry(model="gone.model")) == "gone.model"
    assert audit_fields(entry(model="gone.model", fields=["a_b"])) == "a_b"
    assert audit_note(entry(note="Dipindah karena banjir susulan")) == "Dipindah karena banjir susulan"
