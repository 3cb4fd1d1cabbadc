"""Document input rounds: a draft opened to named agencies until a deadline; late input accepted and flagged."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import DocumentInput
from meetings.selectors import input_round_get, input_round_list, input_round_overview
from meetings.services import document_input_submit, input_round_close, input_round_open, input_round_update

from ..factories import UserFactory
from .conftest import agency, wib

pytestmark = pytest.mark.django_db

AGENCIES = ["dinsos-banten", "dinkes-banten", "dpupr-banten", "bappeda-banten"]


@pytest.fixture
def jitupasna(staf, rakor, time_machine):
    time_machine.move_to(wib(2026, 1, 27, 9), tick=False)
    return input_round_open(
        user=staf,
        meeting=rakor,
        title="Draf Jitupasna Banjir Tangerang Raya",
        deadline=wib(2026, 2, 9, 16),
        agencies=[agency(code) for code in AGENCIES],
        document=SimpleUploadedFile("draf.pdf", b"%PDF-1.4 draf", content_type="application/pdf"),
    )


def officer_of(code, username):
    return UserFactory(username=username, role="petugas_kabkota", kabkota_id="36.73", agency=agency(code))


def test_who_has_and_has_not_given_input_at_a_glance(staf, jitupasna, time_machine):
    dinsos, pupr = officer_of("dinsos-banten", "o.dinsos"), officer_of("dpupr-banten", "o.pupr")
    time_machine.move_to(wib(2026, 2, 5, 10), tick=False)
    document_input_submit(user=dinsos, input_round=jitupasna, agency=dinsos.agency, text="Sektor sosial: 1.450 jiwa.")
    time_machine.move_to(wib(2026, 2, 10, 8), tick=False)
    late = document_input_submit(user=pupr, input_round=jitupasna, agency=pupr.agency, text="Tanggul jebol 3.")
    assert late.is_late

    overview = input_round_overview(input_round=jitupasna)

    assert [(row.agency.code, row.state) for row in overview] == [
        ("bappeda-banten", "missing"),
        ("dinkes-banten", "missing"),
        ("dpupr-banten", "late"),
        ("dinsos-banten", "on_time"),
    ]
    assert [row.label for row in overview][-2:] == ["Memberi masukan terlambat", "Sudah memberi masukan"]
    listed = input_round_list(user=staf).get(pk=jitupasna.pk)
    assert (listed.agencies_given, listed.agencies_total) == (2, 4)


def test_input_exactly_at_the_deadline_is_on_time_and_a_second_later_is_late(jitupasna, time_machine):
    dinkes = officer_of("dinkes-banten", "o.dinkes")
    time_machine.move_to(wib(2026, 2, 9, 16), tick=False)
    assert not document_input_submit(user=dinkes, input_round=jitupasna, agency=dinkes.agency, text="Tepat.").is_late
    time_machine.move_to(wib(2026, 2, 9, 16, 0).replace(second=1), tick=False)
    assert document_input_submit(user=dinkes, input_round=jitupasna, agency=dinkes.agency, text="Revisi.").is_late


def test_an_agency_not_named_in_the_round_cannot_give_input(jitupasna):
    pmi = officer_of("pmi-banten", "o.pmi")
    with pytest.raises(ValidationError) as error:
        document_input_submit(user=pmi, input_round=jitupasna, agency=pmi.agency, text="Masukan PMI.")
    assert "PMI" in error.value.message_dict["agency"][0]


def test_an_officer_cannot_send_input_in_another_agencys_name_but_the_organiser_can(staf, jitupasna):
    dinsos = officer_of("dinsos-banten", "o.dinsos")
    with pytest.raises(ValidationError) as error:
        document_input_submit(user=dinsos, input_round=jitupasna, agency=agency("dinkes-banten"), text="Atas nama.")
    assert "agency" in error.value.message_dict
    spoken = document_input_submit(user=staf, input_round=jitupasna, agency=agency("dinkes-banten"), text="Lisan.")
    assert spoken.agency.code == "dinkes-banten"


def test_a_closed_round_takes_no_more_input(staf, jitupasna):
    input_round_close(user=staf, input_round=jitupasna)
    dinsos = officer_of("dinsos-banten", "o.dinsos")
    with pytest.raises(ValidationError) as error:
        document_input_submit(user=dinsos, input_round=jitupasna, agency=dinsos.agency, text="Terlambat sekali.")
    assert "round" in error.value.message_dict
    assert not DocumentInput.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"agencies": []}, "agencies"),
        ({"deadline": wib(2026, 1, 20)}, "deadline"),
        ({"document": None}, "document"),
    ],
)
def test_opening_a_round_with_bad_input_is_refused_naming_the_field(staf, rakor, time_machine, changes, field):
    time_machine.move_to(wib(2026, 1, 27, 9), tick=False)
    arguments = {
        "title": "Draf",
        "deadline": wib(2026, 2, 9, 16),
        "agencies": [agency("dinsos-banten")],
        "document_url": "" if "document" in changes else "https://drive.example.org/draf",
        **{k: v for k, v in changes.items() if k != "document"},
    }
    with pytest.raises(ValidationError) as error:
        input_round_open(user=staf, meeting=rakor, **arguments)
    assert field in error.value.message_dict


def test_an_agency_that_gave_input_cannot_be_dropped_but_the_deadline_can_be_extended(staf, jitupasna):
    dinsos = officer_of("dinsos-banten", "o.dinsos")
    document_input_submit(user=dinsos, input_round=jitupasna, agency=dinsos.agency, text="Masukan.")
    with pytest.raises(ValidationError):
        input_round_update(user=staf, input_round=jitupasna, data={}, agencies=[agency("dinkes-banten")])
    updated = input_round_update(user=staf, input_round=jitupasna, data={"deadline": wib(2026, 2, 16, 16)})
    assert updated.deadline == wib(2026, 2, 16, 16)


def test_a_stand_alone_round_is_seen_by_the_named_agencies_only(staf, time_machine, petugas_lebak, lebak_with_agency):
    time_machine.move_to(wib(2026, 1, 27, 9), tick=False)
    stand_alone = input_round_open(
        user=staf,
        title="Draf rencana kontinjensi",
        deadline=wib(2026, 2, 9, 16),
        agencies=[agency("dinsos-3602")],
        document_url="https://drive.example.org/kontinjensi",
    )
    assert input_round_get(user=lebak_with_agency, pk=stand_alone.pk) == stand_alone
    serang = officer_of("dinsos-3673", "o.serang")
    assert not input_round_list(user=serang).filter(pk=stand_alone.pk).exists()
