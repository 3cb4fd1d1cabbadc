"""The demo data: the KSB forum of 40 officers from the 8 kabupaten/kota and a TAGANA roster at the floods."""

import pytest

from banten_dinsos.accounts.services import users_seed_demo
from banten_dinsos.core.nik import nik_check_person, nik_clean
from clusters.services import clusters_seed_demo
from clusters.services.demo import demo_disaster
from ksb_volunteers.models import Availability, Deployment, KsbOfficer, TaganaMember
from ksb_volunteers.services import ksb_seed_demo
from shelters.services import shelters_seed_demo

pytestmark = pytest.mark.django_db


def test_demo_loader_builds_the_forum_and_the_flood_roster_once(reference_data):
    users_seed_demo()
    clusters_seed_demo()
    shelters_seed_demo()
    summary = ksb_seed_demo()
    assert summary["ksb_officers"] == 40 and summary["members"] == 48

    forum = KsbOfficer.objects.filter(in_forum=True)
    assert forum.count() == 40
    assert forum.values("unit__kabkota").distinct().count() == 8
    for member in TaganaMember.objects.all():
        assert nik_clean(member.nik) == member.nik
        assert nik_check_person(member.nik, sex=member.sex, birth_date=member.birth_date) == {}
    flood = Deployment.objects.filter(disaster=demo_disaster())
    assert flood.filter(member__isnull=False).values("member").distinct().count() >= 10
    assert flood.exclude(report="").exists() and flood.filter(ksb_unit__isnull=False).exists()
    # The four post leads, and the logistics volunteer whose assignment ends three days from the demo's today.
    assert TaganaMember.objects.filter(availability=Availability.DEPLOYED).count() == 5

    first = sorted(TaganaMember.objects.values_list("nik", flat=True))
    assert ksb_seed_demo()["created"] == 0
    assert sorted(TaganaMember.objects.values_list("nik", flat=True)) == first
    assert KsbOfficer.objects.count() == 40
