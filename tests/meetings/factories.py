"""Direct factories for volume (query-count tests); behaviour tests go through the services instead."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from banten_dinsos.agencies.models import Agency
from meetings.models import ActionItem, AttendanceStatus, Meeting, MeetingKind, Participant, ParticipantGroup

WIB = ZoneInfo("Asia/Jakarta")


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting
        exclude = ("organizer_code",)

    organizer_code = "dinsos-banten"
    kind = MeetingKind.RAKOR
    title = factory.Sequence(lambda n: f"Rapat koordinasi {n}")
    starts_at = factory.Sequence(lambda n: datetime(2026, 1, 26, 9, tzinfo=WIB) + timedelta(days=n % 20))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    place = "Aula Dinas Sosial Provinsi Banten"
    chair = "Kepala Dinas Sosial Provinsi Banten"
    organizer = factory.LazyAttribute(lambda o: Agency.objects.get(code=o.organizer_code))


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Peserta {n}")
    organisation = "KSB Contoh"
    group = ParticipantGroup.KSB
    attendance = AttendanceStatus.PRESENT


class ActionItemFactory(DjangoModelFactory):
    class Meta:
        model = ActionItem
        exclude = ("owner_code",)

    owner_code = "dinsos-banten"
    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Tindak lanjut {n}")
    owner_agency = factory.LazyAttribute(lambda o: Agency.objects.get(code=o.owner_code))
    due_on = date(2026, 2, 2)
