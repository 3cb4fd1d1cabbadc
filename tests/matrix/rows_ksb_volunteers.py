"""KSB units and TAGANA volunteers: members, trainings, deployments, duty roster, roster imports."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ksb_volunteers.models import DeploymentRole, Skill
from ksb_volunteers.services import (
    deployment_create,
    ksb_officer_add,
    ksb_stakeholder_add,
    ksb_unit_create,
    lumbung_item_save,
    roster_import,
    skills_load_reference,
    training_create,
    training_participant_add,
)

from ..ksb_volunteers.factories import MemberFactory
from .spec import row
from .world import DESA_LEBAK, region

WIB = ZoneInfo("Asia/Jakarta")

BUILD_ORDER = 40
# Allowed writes (a form answer or a success here) are proven by:
COVERED = "tests/ksb_volunteers/ (test_views, test_apis, test_services, test_imports)"


def build(w):
    skills_load_reference()
    w.member = MemberFactory(kabkota_id="36.02", full_name="Ujang Matriks Tagana", roster_skills=["sar-air"])
    w.member_other = MemberFactory(kabkota_id="36.73", full_name="Siti Matriks Tagana", sex="P")
    w.ksb_unit = ksb_unit_create(user=w.petugas_in, name="KSB Matriks Muara Ciujung", desa=region(DESA_LEBAK))
    w.ksb_officer = ksb_officer_add(
        user=w.petugas_in, unit=w.ksb_unit, full_name="Haji Matriks", role="ketua", phone="0812345678", in_forum=True
    )
    w.lumbung_item = lumbung_item_save(
        user=w.petugas_in, unit=w.ksb_unit, kind="perahu_karet", quantity=2, condition="baik"
    )
    w.ksb_stakeholder = ksb_stakeholder_add(
        user=w.petugas_in, unit=w.ksb_unit, name="PMI Matriks Lebak", kind="pmi", provides="P3K"
    )
    w.training = training_create(
        user=w.petugas_in,
        title="Simulasi Matriks Lebak",
        kind="simulasi",
        starts_on=date(2025, 9, 1),
        ends_on=date(2025, 9, 2),
        place="Rangkasbitung",
        kabkota=w.lebak,
        organiser="Dinsos Lebak",
        skills=[Skill.objects.get(code="evakuasi")],
    )
    w.participation = training_participant_add(user=w.petugas_in, training=w.training, member=w.member)
    w.deployment = deployment_create(
        user=w.petugas_in,
        disaster=w.disaster,
        member=w.member,
        shelter=w.shelter,
        role=DeploymentRole.SHELTER,
        start_at=datetime(2026, 1, 18, 8, tzinfo=WIB),
    )
    header = "nomor_induk_anggota;nik;nama;jenis_kelamin;tanggal_lahir;kabupaten_kota\r\n"
    w.roster_import = roster_import(user=w.petugas_in, name="matriks-kosong.csv", data=header.encode())


ROWS = [
    row("ksb_volunteers:member-list", text=lambda w: w.member.full_name, GET="login 200 200 200x 200 200"),  # relawan/
    row(
        "ksb_volunteers:member-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 403 200.",
        POST="login 403 200. 200. 403 200.",
    ),  # relawan/tagana/baru/
    row("ksb_volunteers:availability-search", GET="login 200. 200. 200. 200. 200."),  # relawan/tagana/cari/
    row(
        "ksb_volunteers:import-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 403 200.",
        POST="login 403 200. 200. 403 200.",
    ),  # relawan/tagana/impor/
    row(
        "ksb_volunteers:import-detail",
        kw=lambda w: {"pk": w.roster_import.pk},
        text=lambda w: w.roster_import.file_name,
        GET="login 403 200 404 403 200",
    ),  # relawan/tagana/impor/<int:pk>/
    row(
        "ksb_volunteers:member-detail",
        kw=lambda w: {"pk": w.member.pk},
        text=lambda w: w.member.full_name,
        GET="login 200 200 404 200 200",
    ),  # relawan/tagana/<int:pk>/
    row(
        "ksb_volunteers:member-edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.member.pk},
        text=lambda w: w.member.full_name,
        GET="login 403 200 404 403 200",
        POST="login 403 200 404 403 200",
    ),  # relawan/tagana/<int:pk>/ubah/
    row(
        "ksb_volunteers:member-availability",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.member.pk},
        GET="login - - - - 405",
        POST="login 403 3xx 404 403 3xx",
    ),  # relawan/tagana/<int:pk>/ketersediaan/
    row("ksb_volunteers:ksb-list", text=lambda w: w.ksb_unit.name, GET="login 200 200 200x 200 200"),  # relawan/ksb/
    row(
        "ksb_volunteers:ksb-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 403 200.",
        POST="login 403 200. 200. 403 200.",
    ),  # relawan/ksb/baru/
    row(
        "ksb_volunteers:ksb-forum", text=lambda w: w.ksb_officer.full_name, GET="login 200 200 200x 200 200"
    ),  # relawan/ksb/forum/
    row(
        "ksb_volunteers:ksb-detail",
        kw=lambda w: {"pk": w.ksb_unit.pk},
        text=lambda w: w.ksb_unit.name,
        GET="login 200 200 404 200 200",
    ),  # relawan/ksb/<int:pk>/
    row(
        "ksb_volunteers:ksb-edit",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.ksb_unit.pk},
        text=lambda w: w.ksb_unit.name,
        GET="login 403 200 404 403 200",
        POST="login 403 200 404 403 200",
    ),  # relawan/ksb/<int:pk>/ubah/
    row(
        "ksb_volunteers:ksb-officer-add",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.ksb_unit.pk},
        GET="login - - - - 405",
        POST="login 403 400 404 403 400",
    ),  # relawan/ksb/<int:pk>/pengurus/
    row(
        "ksb_volunteers:ksb-lumbung-save",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.ksb_unit.pk},
        GET="login - - - - 405",
        POST="login 403 400 404 403 400",
    ),  # relawan/ksb/<int:pk>/lumbung/
    row(
        "ksb_volunteers:ksb-stakeholder-add",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.ksb_unit.pk},
        GET="login - - - - 405",
        POST="login 403 400 404 403 400",
    ),  # relawan/ksb/<int:pk>/pemangku/
    row(
        "ksb_volunteers:ksb-part-remove",
        covered_by=COVERED,
        kw=lambda w: {"part": "pengurus", "pk": w.ksb_officer.pk},
        GET="login - - - - 405",
        POST="login 403 3xx 404 403 3xx",
    ),  # relawan/ksb/<str:part>/<int:pk>/hapus/
    row(
        "ksb_volunteers:training-list", text=lambda w: w.training.title, GET="login 200 200 200x 200 200"
    ),  # relawan/pelatihan/
    row(
        "ksb_volunteers:training-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 403 200.",
        POST="login 403 200. 200. 403 200.",
    ),  # relawan/pelatihan/baru/
    row(
        "ksb_volunteers:training-detail",
        kw=lambda w: {"pk": w.training.pk},
        text=lambda w: w.training.title,
        GET="login 200 200 404 200 200",
    ),  # relawan/pelatihan/<int:pk>/
    row(
        "ksb_volunteers:training-participant-add",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.training.pk},
        GET="login - - - - 405",
        POST="login 403 400 404 403 400",
    ),  # relawan/pelatihan/<int:pk>/peserta/
    row(
        "ksb_volunteers:training-participant-remove",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.training.pk, "participation_pk": w.participation.pk},
        GET="login - - - - 405",
        POST="login 403 3xx 404 403 3xx",
    ),  # relawan/pelatihan/<int:pk>/peserta/<int:participation_pk>/hapus/
    row(
        "ksb_volunteers:deployment-list", text=lambda w: w.member.full_name, GET="login 200 200 200x 200 200"
    ),  # relawan/penugasan/
    row(
        "ksb_volunteers:deployment-create",
        covered_by=COVERED,
        GET="login 403 200. 200. 403 200.",
        POST="login 403 200. 200. 403 200.",
    ),  # relawan/penugasan/baru/
    row(
        "ksb_volunteers:deployment-detail",
        kw=lambda w: {"pk": w.deployment.pk},
        text=lambda w: w.member.full_name,
        GET="login 200 200 404 200 200",
    ),  # relawan/penugasan/<int:pk>/
    row(
        "ksb_volunteers:deployment-end",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.deployment.pk},
        GET="login - - - - 405",
        POST="login 403 3xx 404 403 3xx",
    ),  # relawan/penugasan/<int:pk>/selesai/
    row(
        "ksb_volunteers:deployment-report",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.deployment.pk},
        GET="login - - - - 405",
        POST="login 403 400 404 403 400",
    ),  # relawan/penugasan/<int:pk>/laporan/
    row(
        "ksb_volunteers:deployment-cancel",
        covered_by=COVERED,
        kw=lambda w: {"pk": w.deployment.pk},
        GET="login - - - - 405",
        POST="login 403 400 404 403 400",
    ),  # relawan/penugasan/<int:pk>/batal/
    row(
        "ksb_volunteers:roster-index", text=lambda w: w.shelter.name, GET="login 200 200 200x 200 200"
    ),  # relawan/jadwal-piket/
    row(
        "ksb_volunteers:roster",
        kw=lambda w: {"kind": "posko", "pk": w.shelter.pk},
        text=lambda w: w.shelter.name,
        GET="login 200 200 404 200 200",
    ),  # relawan/jadwal-piket/<str:kind>/<int:pk>/
    row("api-volunteer-skill-list", api=True, GET="403 200. 200. 200. 200. 200."),  # api/v1/skills/
    row(
        "api-tagana-member-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.member.full_name,
        GET="403 200 200 200x 200 200",
        POST="403 403 400 400 403 400",
    ),  # api/v1/tagana/members/
    row(
        "api-tagana-member-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.member.pk},
        text=lambda w: w.member.full_name,
        GET="403 200 200 404 200 200",
        PATCH="403 403 200. 404 403 200.",
    ),  # api/v1/tagana/members/<int:pk>/
    row(
        "api-tagana-member-availability",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.member.pk},
        POST="403 403 400 404 403 400",
    ),  # api/v1/tagana/members/<int:pk>/availability/
    row(
        "api-tagana-availability-search", api=True, GET="403 400 400 400 400 400"
    ),  # api/v1/tagana/availability-search/
    row(
        "api-tagana-import-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.roster_import.file_name,
        GET="403 403 200 200x 403 200",
        POST="403 403 415 415 403 415",
    ),  # api/v1/tagana/imports/
    row(
        "api-tagana-import-detail",
        api=True,
        kw=lambda w: {"pk": w.roster_import.pk},
        text=lambda w: w.roster_import.file_name,
        GET="403 403 200 404 403 200",
    ),  # api/v1/tagana/imports/<int:pk>/
    row(
        "api-ksb-unit-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.ksb_unit.name,
        GET="403 200 200 200x 200 200",
        POST="403 403 400 400 403 400",
    ),  # api/v1/ksb/units/
    row(
        "api-ksb-unit-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.ksb_unit.pk},
        text=lambda w: w.ksb_unit.name,
        GET="403 200 200 404 200 200",
        PATCH="403 403 200 404 403 200",
    ),  # api/v1/ksb/units/<int:pk>/
    row(
        "api-ksb-officer-create",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.ksb_unit.pk},
        POST="403 403 400 404 403 400",
    ),  # api/v1/ksb/units/<int:pk>/officers/
    row(
        "api-ksb-lumbung-create",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.ksb_unit.pk},
        POST="403 403 400 404 403 400",
    ),  # api/v1/ksb/units/<int:pk>/lumbung/
    row(
        "api-ksb-stakeholder-create",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.ksb_unit.pk},
        POST="403 403 400 404 403 400",
    ),  # api/v1/ksb/units/<int:pk>/stakeholders/
    row(
        "api-ksb-officer-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.ksb_officer.pk},
        DELETE="403 403 204 404 403 204",
    ),  # api/v1/ksb/officers/<int:pk>/
    row(
        "api-ksb-lumbung-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.lumbung_item.pk},
        DELETE="403 403 204 404 403 204",
    ),  # api/v1/ksb/lumbung/<int:pk>/
    row(
        "api-ksb-stakeholder-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.ksb_stakeholder.pk},
        DELETE="403 403 204 404 403 204",
    ),  # api/v1/ksb/stakeholders/<int:pk>/
    row(
        "api-ksb-forum", api=True, text=lambda w: w.ksb_officer.full_name, GET="403 200 200 200x 200 200"
    ),  # api/v1/ksb/forum/
    row(
        "api-training-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.training.title,
        GET="403 200 200 200x 200 200",
        POST="403 403 400 400 403 400",
    ),  # api/v1/trainings/
    row(
        "api-training-detail",
        api=True,
        kw=lambda w: {"pk": w.training.pk},
        text=lambda w: w.training.title,
        GET="403 200 200 404 200 200",
    ),  # api/v1/trainings/<int:pk>/
    row(
        "api-training-participant-create",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.training.pk},
        POST="403 403 400 404 403 400",
    ),  # api/v1/trainings/<int:pk>/participants/
    row(
        "api-training-participant-detail",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.training.pk, "participation_pk": w.participation.pk},
        DELETE="403 403 204 404 403 204",
    ),  # api/v1/trainings/<int:pk>/participants/<int:participation_pk>/
    row(
        "api-deployment-list",
        covered_by=COVERED,
        api=True,
        text=lambda w: w.member.full_name,
        GET="403 200 200 200x 200 200",
        POST="403 403 400 400 403 400",
    ),  # api/v1/deployments/
    row(
        "api-deployment-detail",
        api=True,
        kw=lambda w: {"pk": w.deployment.pk},
        text=lambda w: w.member.full_name,
        GET="403 200 200 404 200 200",
    ),  # api/v1/deployments/<int:pk>/
    row(
        "api-deployment-end",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.deployment.pk},
        POST="403 403 200. 404 403 200.",
    ),  # api/v1/deployments/<int:pk>/end/
    row(
        "api-deployment-cancel",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.deployment.pk},
        POST="403 403 400 404 403 400",
    ),  # api/v1/deployments/<int:pk>/cancel/
    row(
        "api-deployment-report",
        covered_by=COVERED,
        api=True,
        kw=lambda w: {"pk": w.deployment.pk},
        PUT="403 403 400 404 403 400",
    ),  # api/v1/deployments/<int:pk>/report/
    row("api-duty-roster", api=True, GET="403 400 400 400 400 400"),  # api/v1/duty-roster/
]
