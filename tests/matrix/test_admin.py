"""Positive control of the admin rows: the gate that turns every role away lets a superuser in."""

import pytest
from django.contrib import admin
from django.urls import reverse

from .exercise import SUPERUSER, page_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", sorted(admin.site._registry, key=lambda m: m._meta.label), ids=lambda m: m._meta.label_lower
)
def test_superuser_opens_every_admin_changelist(world, model):
    browser = page_client(world, SUPERUSER)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = browser.get(url)
    assert response.status_code == 200, url
    assert 'id="changelist"' in response.text, url
