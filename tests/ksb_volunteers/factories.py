"""Direct factories for volume (query counts, benchmark-like data); behaviour tests go through the services."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from ksb_volunteers.models import KsbUnit, MemberSkill, Skill, TaganaMember


def synthetic_nik(*, kabkota_code: str, sex: str, birth_date: date, serial: int) -> str:
    """A NIK consistent with sex and birth date (synthetic test data only): kecamatan 01 of the kabupaten/kota."""
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{kabkota_code.replace('.', '')}01{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = TaganaMember
        skip_postgeneration_save = True

    member_number = factory.Sequence(lambda n: f"TGN.TEST.{n:05d}")
    full_name = factory.Sequence(lambda n: f"Anggota {n}")
    sex = "L"
    birth_date = date(1990, 5, 17)
    kabkota_id = "36.02"
    nik = factory.LazyAttributeSequence(
        lambda o, n: synthetic_nik(kabkota_code=o.kabkota_id, sex=o.sex, birth_date=o.birth_date, serial=n + 1)
    )
    phone = "+6281234567890"

    @factory.post_generation
    def roster_skills(self, create, codes, **kwargs):
        if create and codes:
            MemberSkill.objects.bulk_create(
                [MemberSkill(member=self, skill=Skill.objects.get(code=code)) for code in codes]
            )


class KsbUnitFactory(DjangoModelFactory):
    class Meta:
        model = KsbUnit
        exclude = ("desa_code",)

    desa_code = "36.02.14.1007"
    name = factory.Sequence(lambda n: f"KSB Uji {n}")
    desa_id = factory.LazyAttribute(lambda o: o.desa_code)
    kabkota_id = factory.LazyAttribute(lambda o: o.desa_code[:5])
    member_count = 30
