"""Business rules of the volunteer services: identity, skills, certificates, deployments and KSB units."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from banten_dinsos.audit.models import AuditLog
from banten_dinsos.regions.models import Region
from ksb_volunteers.models import (
    Availability,
    Deployment,
    DeploymentRole,
    DeploymentStatus,
    KsbOfficerRole,
    KsbUnit,
    MemberSkill,
    TaganaMember,
)
from ksb_volunteers.selectors import availability_search, member_skills
from ksb_volunteers.services import (
    availability_sync,
    deployment_cancel,
    deployment_create,
    deployment_end,
    deployment_report_submit,
    ksb_officer_add,
    ksb_unit_create,
    lumbung_item_save,
    member_create,
    member_set_availability,
    member_update,
    phone_clean,
    skills_from_codes,
    training_create,
    training_participant_add,
)

from .conftest import at
from .factories import MemberFactory, synthetic_nik

pytestmark = pytest.mark.django_db

LEBAK = "36.02"


def _member_data(**overrides):
    data = {
        "member_number": "TGN.3602.0101",
        "nik": synthetic_nik(kabkota_code=LEBAK, sex="L", birth_date=date(1988, 3, 9), serial=101),
        "full_name": "Asep  Saputra",
        "sex": "L",
        "birth_date": date(1988, 3, 9),
        "phone": "0812-3456-7890",
    }
    return data | overrides


# ---------------------------------------------------------------------------------------------------------------
# Members: bad input is refused naming the field, nothing is saved
# ---------------------------------------------------------------------------------------------------------------


def test_member_is_registered_with_a_normalised_phone_and_roster_skills(petugas_lebak, skills):
    member = member_create(
        user=petugas_lebak,
        kabkota=Region.objects.get(code=LEBAK),
        skills=skills_from_codes(["sar-air", "dapur-umum"]),
        **_member_data(member_number="tgn 3602 0101"),
    )
    assert member.member_number == "TGN36020101"
    assert member.full_name == "Asep Saputra"
    assert member.phone == "+6281234567890"
    assert {skill.code for skill in member_skills(member=member)} == {"sar-air", "dapur-umum"}
    assert AuditLog.objects.filter(model="ksb_volunteers.taganamember", object_id=str(member.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"nik": "3602010913880101"}, "nik", "NIK"),
        ({"nik": "36020109038801"}, "nik", "16"),
        ({"sex": "P"}, "sex", "NIK"),
        ({"birth_date": date(1988, 3, 10)}, "birth_date", "NIK"),
        ({"phone": "12345"}, "phone", "0812"),
        ({"phone": "0812-34"}, "phone", "telepon"),
        ({"member_number": "!!"}, "member_number", "Nomor Induk Anggota"),
    ],
)
def test_bad_member_input_is_refused_in_indonesian_naming_the_field(petugas_lebak, skills, overrides, field, words):
    with pytest.raises(ValidationError) as caught:
        member_create(user=petugas_lebak, kabkota=Region.objects.get(code=LEBAK), **_member_data(**overrides))
    assert field in caught.value.message_dict
    assert words.lower() in " ".join(caught.value.message_dict[field]).lower()
    assert not TaganaMember.objects.exists()


def test_unknown_skill_code_is_refused_naming_it(skills):
    with pytest.raises(ValidationError) as caught:
        skills_from_codes(["sar-air", "terjun-payung"])
    assert "terjun-payung" in caught.value.message_dict["skills"][0]
    assert "Keahlian tidak dikenal" in caught.value.message_dict["skills"][0]


def test_duplicate_member_number_and_duplicate_nik_are_refused(petugas_lebak, member_lebak):
    kabkota = Region.objects.get(code=LEBAK)
    with pytest.raises(ValidationError) as caught:
        member_create(user=petugas_lebak, kabkota=kabkota, **_member_data(member_number=member_lebak.member_number))
    assert "member_number" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        member_create(user=petugas_lebak, kabkota=kabkota, **_member_data(nik=member_lebak.nik))
    assert "nik" in caught.value.message_dict
    assert TaganaMember.objects.count() == 1


def test_officer_cannot_register_a_member_of_another_kabupaten(petugas_lebak, skills):
    with pytest.raises(ValidationError) as caught:
        member_create(user=petugas_lebak, kabkota=Region.objects.get(code="36.73"), **_member_data())
    assert "kabkota" in caught.value.message_dict


def test_read_only_api_client_cannot_register_members(api_client_user, skills):
    with pytest.raises(PermissionDenied):
        member_create(user=api_client_user, kabkota=Region.objects.get(code=LEBAK), **_member_data())


def test_member_update_keeps_certified_skills_when_roster_skills_change(petugas_lebak, staf, member_lebak, skills):
    training = training_create(
        user=staf,
        title="Pelatihan LDP",
        kind="pelatihan",
        starts_on=date(2025, 8, 1),
        ends_on=date(2025, 8, 3),
        place="Serang",
        kabkota=Region.objects.get(code="36.73"),
        organiser="Dinsos Banten",
        skills=[skills["psikososial-ldp"]],
    )
    training_participant_add(user=staf, training=training, member=member_lebak)
    member_update(user=petugas_lebak, member=member_lebak, data={"phone": "+62 812 1111 2222"}, skills=[])
    member_lebak.refresh_from_db()
    assert member_lebak.phone == "+6281211112222"
    assert {skill.code for skill in member_skills(member=member_lebak)} == {"psikososial-ldp"}


def test_phone_numbers_are_accepted_in_the_usual_indonesian_forms():
    assert phone_clean("0812 3456 7890") == "+6281234567890"
    assert phone_clean("62-812-3456-7890") == "+6281234567890"
    assert phone_clean("(0254) 200123") == "+62254200123"
    assert phone_clean("") == ""


# ---------------------------------------------------------------------------------------------------------------
# Certificates: skills count until the certificate expires
# ---------------------------------------------------------------------------------------------------------------


def test_certified_skill_counts_until_the_certificate_expires_and_then_drops_out(staf, skills, member_kota_serang):
    training = training_create(
        user=staf,
        title="Gladi SAR Air Cisadane",
        kind="gladi",
        starts_on=date(2024, 3, 6),
        ends_on=date(2024, 3, 8),
        place="Sungai Cisadane",
        kabkota=Region.objects.get(code="36.71"),
        organiser="Dinsos Banten dan Basarnas",
        skills=[skills["sar-air"]],
        certificate_months=24,
    )
    participation = training_participant_add(user=staf, training=training, member=member_kota_serang)
    assert participation.certificate_expires_on == date(2026, 3, 8)

    def holds_sar():
        return "sar-air" in {skill.code for skill in member_skills(member=member_kota_serang)}

    with time_machine.travel(date(2026, 3, 8), tick=False):
        assert holds_sar()
        found = availability_search(
            user=staf, skill=skills["sar-air"], kabkota_code="36.73", start_at=at(8, month=3), end_at=at(8, 18, 3)
        )
        assert list(found) == [member_kota_serang]
    with time_machine.travel(date(2026, 3, 9), tick=False):
        assert not holds_sar()
        found = availability_search(
            user=staf, skill=skills["sar-air"], kabkota_code="36.73", start_at=at(9, month=3), end_at=at(9, 18, 3)
        )
        assert list(found) == []
        # The roster's own skill entries do not expire.
        assert {skill.code for skill in member_skills(member=member_kota_serang)} == {"psikososial-ldp"}


def test_a_certificate_that_would_expire_during_the_window_does_not_count_for_it(staf, skills, member_kota_serang):
    training = training_create(
        user=staf,
        title="Pelatihan P3K",
        kind="pelatihan",
        starts_on=date(2025, 1, 10),
        ends_on=date(2025, 1, 10),
        place="Serang",
        kabkota=Region.objects.get(code="36.73"),
        organiser="PMI",
        skills=[skills["pertolongan-pertama"]],
    )
    training_participant_add(
        user=staf, training=training, member=member_kota_serang, certificate_expires_on=date(2026, 2, 1)
    )
    with time_machine.travel(date(2026, 1, 20), tick=False):
        search = {"user": staf, "skill": skills["pertolongan-pertama"], "kabkota_code": "36.73"}
        assert list(availability_search(start_at=at(25), end_at=at(31), **search)) == [member_kota_serang]
        assert list(availability_search(start_at=at(25), end_at=at(3, month=2), **search)) == []


def test_participant_who_did_not_pass_gets_no_skill(staf, skills, member_lebak):
    training = training_create(
        user=staf,
        title="Simulasi Dapur Umum",
        kind="simulasi",
        starts_on=date(2025, 5, 1),
        ends_on=date(2025, 5, 1),
        place="Rangkasbitung",
        kabkota=Region.objects.get(code=LEBAK),
        organiser="Dinsos Lebak",
        skills=[skills["logistik"]],
    )
    training_participant_add(user=staf, training=training, member=member_lebak, passed=False)
    assert not MemberSkill.objects.filter(member=member_lebak, skill=skills["logistik"]).exists()


def test_training_dates_and_certificate_validity_are_checked(petugas_lebak, skills):
    base = {
        "user": petugas_lebak,
        "title": "Pelatihan",
        "kind": "pelatihan",
        "place": "Lebak",
        "kabkota": Region.objects.get(code=LEBAK),
        "organiser": "Dinsos Lebak",
    }
    with pytest.raises(ValidationError) as caught:
        training_create(starts_on=date(2025, 5, 3), ends_on=date(2025, 5, 1), **base)
    assert "ends_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        training_create(starts_on=date(2025, 5, 1), ends_on=date(2025, 5, 1), certificate_months=0, **base)
    assert "certificate_months" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        training_create(
            starts_on=date(2025, 5, 1),
            ends_on=date(2025, 5, 1),
            **(base | {"kabkota": Region.objects.get(code="36.73")}),
        )
    assert "kabkota" in caught.value.message_dict


# ---------------------------------------------------------------------------------------------------------------
# Deployments
# ---------------------------------------------------------------------------------------------------------------


def _deploy(user, disaster, member, **kwargs):
    values = {"role": DeploymentRole.PUBLIC_KITCHEN, "start_at": at(18), "end_at": at(25, 18)} | kwargs
    return deployment_create(user=user, disaster=disaster, member=member, **values)


def test_overlapping_deployment_is_refused_naming_the_other_assignment(petugas_lebak, flood, member_lebak):
    _deploy(petugas_lebak, flood, member_lebak)
    with pytest.raises(ValidationError) as caught:
        _deploy(petugas_lebak, flood, member_lebak, start_at=at(24), end_at=at(28))
    message = caught.value.message_dict["start_at"][0]
    assert "Ujang Hidayat" in message and "sudah ditugaskan" in message and flood.title in message
    assert Deployment.objects.count() == 1


def test_back_to_back_deployments_do_not_overlap(petugas_lebak, flood, member_lebak):
    _deploy(petugas_lebak, flood, member_lebak, start_at=at(18), end_at=at(25, 8))
    _deploy(petugas_lebak, flood, member_lebak, start_at=at(25, 8), end_at=None)
    assert Deployment.objects.filter(member=member_lebak).count() == 2


def test_open_ended_deployment_blocks_every_later_window(petugas_lebak, flood, member_lebak):
    _deploy(petugas_lebak, flood, member_lebak, start_at=at(18), end_at=None)
    with pytest.raises(ValidationError):
        _deploy(petugas_lebak, flood, member_lebak, start_at=at(3, month=3), end_at=at(5, month=3))


def test_cancelled_deployment_no_longer_blocks_the_member(petugas_lebak, flood, member_lebak):
    first = _deploy(petugas_lebak, flood, member_lebak)
    deployment_cancel(user=petugas_lebak, deployment=first, reason="Salah input")
    _deploy(petugas_lebak, flood, member_lebak)
    assert Deployment.objects.filter(member=member_lebak, status=DeploymentStatus.ACTIVE).count() == 1


@pytest.mark.parametrize(
    ("window", "field"),
    [
        ({"start_at": at(16, 20), "end_at": at(20)}, "start_at"),
        ({"start_at": at(20), "end_at": at(19)}, "end_at"),
    ],
)
def test_deployment_outside_the_disaster_period_is_refused(petugas_lebak, flood, member_lebak, window, field):
    with pytest.raises(ValidationError) as caught:
        _deploy(petugas_lebak, flood, member_lebak, **window)
    assert field in caught.value.message_dict
    assert not Deployment.objects.exists()


def test_deployment_after_an_ended_disaster_or_running_past_its_end_is_refused(staf, ended_flood, member_lebak):
    december = {"month": 12, "year": 2025}
    with pytest.raises(ValidationError) as caught:
        _deploy(staf, ended_flood, member_lebak, start_at=at(11, **december), end_at=at(12, **december))
    assert "start_at" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _deploy(staf, ended_flood, member_lebak, start_at=at(5, **december), end_at=None)
    assert "end_at" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _deploy(staf, ended_flood, member_lebak, start_at=at(5, **december), end_at=at(12, **december))
    assert "end_at" in caught.value.message_dict
    _deploy(staf, ended_flood, member_lebak, start_at=at(5, **december), end_at=at(11, 0, **december))


def test_site_outside_the_disaster_area_is_refused(staf, flood, member_lebak, shelter_kota_serang):
    with pytest.raises(ValidationError) as caught:
        _deploy(staf, flood, member_lebak, shelter=shelter_kota_serang)
    assert "shelter" in caught.value.message_dict


def test_officer_cannot_deploy_a_member_of_another_kabupaten(petugas_lebak, flood, member_kota_serang):
    with pytest.raises(ValidationError) as caught:
        _deploy(petugas_lebak, flood, member_kota_serang)
    assert "member" in caught.value.message_dict


def test_unavailable_member_cannot_be_deployed(petugas_lebak, flood, member_lebak):
    member_set_availability(user=petugas_lebak, member=member_lebak, availability=Availability.UNAVAILABLE)
    with pytest.raises(ValidationError) as caught:
        _deploy(petugas_lebak, flood, member_lebak)
    assert "berhalangan" in caught.value.message_dict["member"][0]


def test_deploying_sets_availability_and_ending_frees_the_member_keeping_the_report(petugas_lebak, flood, member_lebak):
    with time_machine.travel(at(20), tick=False):
        deployment = _deploy(petugas_lebak, flood, member_lebak, end_at=None)
        member_lebak.refresh_from_db()
        assert member_lebak.availability == Availability.DEPLOYED
        with pytest.raises(ValidationError):
            member_set_availability(user=petugas_lebak, member=member_lebak, availability=Availability.STANDBY)
    with time_machine.travel(at(24, 17), tick=False):
        deployment_end(
            user=petugas_lebak, deployment=deployment, report="Dapur umum melayani 600 porsi per hari di posko."
        )
    deployment.refresh_from_db()
    member_lebak.refresh_from_db()
    assert deployment.status == DeploymentStatus.ENDED
    assert deployment.end_at == at(24, 17)
    assert deployment.report.startswith("Dapur umum") and deployment.report_submitted_at is not None
    assert member_lebak.availability == Availability.STANDBY


def test_ending_twice_and_ending_in_the_future_are_refused(petugas_lebak, flood, member_lebak):
    with time_machine.travel(at(20), tick=False):
        deployment = _deploy(petugas_lebak, flood, member_lebak, end_at=None)
        with pytest.raises(ValidationError) as caught:
            deployment_end(user=petugas_lebak, deployment=deployment, ended_at=at(22))
        assert "ended_at" in caught.value.message_dict
        deployment_end(user=petugas_lebak, deployment=deployment)
        with pytest.raises(ValidationError) as caught:
            deployment_end(user=petugas_lebak, deployment=deployment)
        assert "status" in caught.value.message_dict


def test_report_can_be_written_after_the_assignment_but_not_empty(petugas_lebak, flood, member_lebak):
    deployment = _deploy(petugas_lebak, flood, member_lebak)
    with pytest.raises(ValidationError) as caught:
        deployment_report_submit(user=petugas_lebak, deployment=deployment, report="   ")
    assert "report" in caught.value.message_dict
    deployment_report_submit(user=petugas_lebak, deployment=deployment, report="Asesmen 3 RW selesai.")
    deployment.refresh_from_db()
    assert deployment.report == "Asesmen 3 RW selesai."


def test_availability_sync_follows_the_clock_and_is_idempotent(petugas_lebak, flood, member_lebak):
    with time_machine.travel(at(17, 9), tick=False):
        _deploy(petugas_lebak, flood, member_lebak, start_at=at(18), end_at=at(20))
        member_lebak.refresh_from_db()
        assert member_lebak.availability == Availability.STANDBY  # starts tomorrow
    with time_machine.travel(at(18, 9), tick=False):
        assert availability_sync()["deployed"] == 1
        assert availability_sync() == {"ended": 0, "deployed": 0, "freed": 0}
    with time_machine.travel(at(21), tick=False):
        assert availability_sync() == {"ended": 1, "deployed": 0, "freed": 1}
    member_lebak.refresh_from_db()
    assert member_lebak.availability == Availability.STANDBY


def test_ksb_unit_can_be_deployed_alongside_its_members(petugas_lebak, flood, skills):
    unit = ksb_unit_create(user=petugas_lebak, name="KSB Muara Ciujung", desa=Region.objects.get(code="36.02.14.1007"))
    first = deployment_create(
        user=petugas_lebak, disaster=flood, ksb_unit=unit, role=DeploymentRole.EVACUATION, start_at=at(18)
    )
    second = deployment_create(
        user=petugas_lebak, disaster=flood, ksb_unit=unit, role=DeploymentRole.LOGISTICS, start_at=at(19)
    )
    assert first.kabkota_id == second.kabkota_id == LEBAK
    with pytest.raises(ValidationError) as caught:
        deployment_create(user=petugas_lebak, disaster=flood, role=DeploymentRole.EVACUATION, start_at=at(18))
    assert "member" in caught.value.message_dict


# ---------------------------------------------------------------------------------------------------------------
# KSB units
# ---------------------------------------------------------------------------------------------------------------


def test_ksb_unit_rules_name_the_field(petugas_lebak, reference_data):
    desa = Region.objects.get(code="36.02.14.1007")
    unit = ksb_unit_create(user=petugas_lebak, name="KSB Muara", desa=desa, decree_date=date(2021, 4, 1))
    assert unit.kabkota_id == LEBAK
    cases = [
        ({"name": "ksb muara", "desa": desa}, "name"),
        ({"name": "KSB Lain", "desa": Region.objects.get(code="36.02.14")}, "desa"),
        ({"name": "KSB Lain", "desa": Region.objects.get(code="36.73.02.1001")}, "desa"),
        ({"name": "KSB Lain", "desa": desa, "decree_date": date.today() + timedelta(days=2)}, "decree_date"),
    ]
    for arguments, field in cases:
        with pytest.raises(ValidationError) as caught:
            ksb_unit_create(user=petugas_lebak, **arguments)
        assert field in caught.value.message_dict, arguments
    assert KsbUnit.objects.count() == 1


def test_a_unit_has_one_chair_and_any_number_of_section_coordinators(petugas_lebak, reference_data):
    unit = ksb_unit_create(user=petugas_lebak, name="KSB Muara", desa=Region.objects.get(code="36.02.14.1007"))
    ksb_officer_add(user=petugas_lebak, unit=unit, full_name="Pak Ketua", role=KsbOfficerRole.CHAIR)
    with pytest.raises(ValidationError) as caught:
        ksb_officer_add(user=petugas_lebak, unit=unit, full_name="Ketua Kedua", role=KsbOfficerRole.CHAIR)
    assert "ketua" in caught.value.message_dict["role"][0].lower()
    for name in ("Koordinator A", "Koordinator B"):
        ksb_officer_add(user=petugas_lebak, unit=unit, full_name=name, role=KsbOfficerRole.COORDINATOR)
    with pytest.raises(ValidationError) as caught:
        ksb_officer_add(user=petugas_lebak, unit=unit, full_name="X", role=KsbOfficerRole.TREASURER, phone="999")
    assert "phone" in caught.value.message_dict
    assert unit.officers.count() == 3


def test_lumbung_count_of_an_item_in_one_condition_is_replaced_not_duplicated(petugas_lebak, reference_data):
    unit = ksb_unit_create(user=petugas_lebak, name="KSB Muara", desa=Region.objects.get(code="36.02.14.1007"))
    lumbung_item_save(user=petugas_lebak, unit=unit, kind="perahu_karet", quantity=2, condition="baik")
    lumbung_item_save(user=petugas_lebak, unit=unit, kind="perahu_karet", quantity=1, condition="baik")
    lumbung_item_save(user=petugas_lebak, unit=unit, kind="perahu_karet", quantity=1, condition="rusak_ringan")
    assert sorted(unit.lumbung.values_list("condition", "quantity")) == [("baik", 1), ("rusak_ringan", 1)]


def test_member_factory_makes_valid_niks(skills):
    from banten_dinsos.core.nik import nik_check_person, nik_clean

    member = MemberFactory(sex="P", birth_date=date(1995, 12, 31))
    assert nik_clean(member.nik) == member.nik
    assert nik_check_person(member.nik, sex="P", birth_date=member.birth_date) == {}
