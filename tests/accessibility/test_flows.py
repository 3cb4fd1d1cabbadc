"""No dead ends: where a precondition is missing the page says what to do; menus offer only what the user may use;
region pickers are searchable and follow their parent region."""

import pytest
from django.urls import reverse

from banten_dinsos.accounts.roles import Role
from shelters.models import ShelterStatus

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_headcount_at_a_shelter_not_open_yet_explains_how_to_open_it(page_as, petugas_lebak, shelter_lebak):
    body = page_as(petugas_lebak).get(reverse("shelters:detail", args=[shelter_lebak.pk])).content.decode()
    assert 'id="headcount-hint"' in body
    assert reverse("shelters:edit", args=[shelter_lebak.pk]) in body
    assert reverse("shelters:occupancy-create", args=[shelter_lebak.pk]) not in body


def test_headcount_at_an_open_shelter_is_a_button_without_hint(page_as, petugas_lebak, shelter_lebak):
    shelter_lebak.status = ShelterStatus.OPEN
    shelter_lebak.save()
    body = page_as(petugas_lebak).get(reverse("shelters:detail", args=[shelter_lebak.pk])).content.decode()
    assert reverse("shelters:occupancy-create", args=[shelter_lebak.pk]) in body
    assert 'id="headcount-hint"' not in body


def test_registering_an_evacuee_without_an_open_shelter_explains_and_links(page_as, petugas_lebak, shelter_lebak):
    response = page_as(petugas_lebak).get(reverse("shelters:evacuee-create"))
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("shelters:list") in body
    assert 'name="shelter"' not in body  # no empty required dropdown


def test_registering_an_evacuee_with_an_open_shelter_shows_the_form(page_as, petugas_lebak, shelter_lebak):
    shelter_lebak.status = ShelterStatus.OPEN
    shelter_lebak.save()
    body = page_as(petugas_lebak).get(reverse("shelters:evacuee-create")).content.decode()
    assert 'name="shelter"' in body and shelter_lebak.name in body


def test_administration_is_offered_only_to_those_the_admin_site_lets_in(page_as, staf):
    admin_url = reverse("admin:index")
    staf.is_staff = True  # staff without any permission: the admin site would answer "no permission"
    staf.save()
    assert f'href="{admin_url}"' not in page_as(staf).get("/").content.decode()
    superuser = UserFactory(username="admin.portal", role=Role.STAF_PROVINSI, is_staff=True, is_superuser=True)
    assert f'href="{admin_url}"' in page_as(superuser).get("/").content.decode()


def test_disaster_form_kecamatan_picker_is_searchable_and_follows_the_kabkota(page_as, staf):
    body = page_as(staf).get(reverse("clusters:disaster-create")).content.decode()
    assert "data-region-select" in body
    assert 'data-region-parent="affected_kabkota"' in body
    assert "Ctrl" not in body
    assert "vendor/tom-select-2.6.2/tom-select.complete.min.js" in body


def test_desa_pickers_are_searchable(page_as, staf):
    body = page_as(staf).get(reverse("shelters:create")).content.decode()
    assert "data-region-select" in body
