"""Tom Select (52 kB of script) is fetched only by a page with a region picker, in a real headless Chromium: the
dashboard never asks for it; the disaster form fetches it once, turns its pickers into search boxes and keeps the
portal's styles after Tom Select's."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOM_SELECT = """() => performance.getEntriesByType('resource').map(entry => entry.name)
  .filter(name => name.includes('/tom-select'))"""


def test_tom_select_is_fetched_only_by_a_page_with_a_region_picker(browser_login, live_server, staf):
    page = browser_login("staf.provinsi")
    page.wait_for_load_state("load")
    assert page.evaluate(TOM_SELECT) == []
    assert page.locator("script[src*='tom-select'], link[href*='tom-select']").count() == 0

    page.goto(f"{live_server.url}{reverse('clusters:disaster-create')}")
    page.wait_for_selector("select[data-region-select].tomselected", state="attached")
    fetched = page.evaluate(TOM_SELECT)
    assert len([name for name in fetched if name.endswith(".js")]) == 1
    assert len([name for name in fetched if name.endswith(".css")]) == 1
    assert page.locator(".ts-wrapper").count() == page.locator("select[data-region-select]").count() > 0
    # Tom Select's style sits before portal.css, so the portal's rules (focus ring, contrast) still win.
    order = page.evaluate(
        "() => [...document.querySelectorAll('link[rel=stylesheet]')].map(link => link.getAttribute('href'))"
    )
    tom = next(index for index, href in enumerate(order) if "tom-select" in href)
    portal = next(index for index, href in enumerate(order) if "css/portal" in href)
    assert tom < portal, order
    assert not page.console_errors, page.console_errors
