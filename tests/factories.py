import factory
from factory.django import DjangoModelFactory

from banten_dinsos.accounts.models import User
from banten_dinsos.accounts.roles import Role
from banten_dinsos.regions.models import Region
from shelters.models import Shelter, ShelterKind, ShelterStatus


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    role = Role.STAF_PROVINSI
    password = factory.django.Password("demo-banten")


class ShelterFactory(DjangoModelFactory):
    class Meta:
        model = Shelter
        exclude = ("desa_code",)

    desa_code = "36.71.08.1001"
    name = factory.Sequence(lambda n: f"Posko {n}")
    kind = ShelterKind.SEKOLAH
    desa = factory.LazyAttribute(lambda o: Region.objects.get(code=o.desa_code))
    kabkota_id = factory.LazyAttribute(lambda o: o.desa_code[:5])
    capacity = 200
    covered_area_m2 = 700
    latrines = 10
    water_points = 1
    water_litres_per_day = 3000
    status = ShelterStatus.PREPARED
