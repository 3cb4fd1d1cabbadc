"""Every page of the portal in a real Chromium, for staf provinsi and for a petugas, on an office laptop (1366×768)
and a phone (390×844): axe-core finds no critical or serious violation and nothing scrolls sideways.

The page list is the URL × role matrix (tests/matrix): every page row the role may open (200), with the world's
real records in the URLs, so a new page joins this test as soon as it has its matrix row. Files and htmx fragments
are left out (they are no pages); fragments are checked inside the pages that load them.
"""

import json
import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from ..conftest import ARTIFACTS
from ..matrix.exercise import url_of
from ..matrix.spec import IN, PAGE, STAF
from ..matrix.world import all_rows, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
SIZES = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
ROLES = {STAF: "staf", IN: "petugas"}

# Waits until htmx has nothing in flight (panels loaded with hx-trigger="load"), at most 3 s.
SETTLE = """async () => {
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && document.querySelector('.htmx-request')) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}"""
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""
NEXT_FRAME = "() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))"
OVERFLOW = """() => {
  const root = document.documentElement;
  return Math.max(root.scrollWidth, document.body.scrollWidth) - root.clientWidth;
}"""


def pages_for(world, role) -> list[tuple[str, str]]:
    """(row name, URL) of every page row the role may open (a 200 in its column), with the world's records."""
    pages = []
    for row in all_rows():
        answer = row.answers.get("GET", {}).get(role, "")
        if row.kind == PAGE and answer.startswith("200"):
            pages.append((row.name, url_of(row, world)))
    return pages


def _open(page, url) -> bool:
    """Load ``url``; False for what is no page of the portal (a file download, a PDF, an htmx fragment)."""
    try:
        response = page.goto(url, wait_until="load")
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return False
        raise
    if response is None or not response.headers.get("content-type", "").startswith("text/html"):
        return False
    if not page.evaluate("() => Boolean(document.querySelector('main#main'))"):
        return False
    page.evaluate(SETTLE)
    return True


def _login(chromium, live_server, user):
    context = chromium.new_context(viewport=SIZES["laptop"], locale="id-ID")
    # Injected by the DevTools protocol before any page script: the portal's CSP (no inline scripts) stays in force.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/akun/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "demo-banten")
    page.click("form button[type=submit].w-100")
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def _check(page, where: str) -> list[str]:
    problems = [f"{where}: {json.dumps(violation, ensure_ascii=False)}" for violation in page.evaluate(AXE_RUN)]
    overflow = page.evaluate(OVERFLOW)
    if overflow > 0:
        problems.append(f"{where}: {overflow}px wider than the screen")
    return problems


def test_every_page_has_no_serious_accessibility_violation_and_no_sideways_scroll(chromium, live_server):
    """One login per role; each page is loaded once at laptop size, checked, then the same page is narrowed to the
    phone's width (the media queries apply at once) and checked again."""
    world = build_world()
    only = os.environ.get("AXE_ONLY", "")  # a substring of row names, to re-check a few pages while fixing them
    started = time.monotonic()
    problems, visited, spent = [], 0, {"load": 0.0, "axe": 0.0}
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("dashboard-*-*.png"):
        old.unlink()  # the screenshots checked below are this run's
    # The page being checked, written before it loads: a page that hangs is named here.
    progress = (ARTIFACTS / "axe-progress.txt").open("w", encoding="utf-8")
    for role, label in ROLES.items():
        pages = [(name, url) for name, url in pages_for(world, role) if only in name]
        assert only or len(pages) > 40, f"{label}: only {len(pages)} pages found in the matrix"
        context, page = _login(chromium, live_server, world.users[role])
        try:
            for name, url in pages:
                mark = time.monotonic()
                page.set_viewport_size(SIZES["laptop"])
                progress.write(f"{label} {name} {url}\n")
                progress.flush()
                if not _open(page, f"{live_server.url}{url}"):
                    continue
                visited += 1
                spent["load"] += time.monotonic() - mark
                mark = time.monotonic()
                for size, viewport in SIZES.items():
                    page.set_viewport_size(viewport)
                    page.evaluate(NEXT_FRAME)  # resize handlers (scroll areas) have run
                    problems.extend(_check(page, f"{label}/{size} {name} {url}"))
                    if name == "dashboard:home":
                        page.screenshot(path=str(ARTIFACTS / f"dashboard-{label}-{size}.png"), full_page=True)
                spent["axe"] += time.monotonic() - mark
        finally:
            context.close()
    elapsed = time.monotonic() - started
    summary = (
        f"{visited} pages loaded, checked at 2 sizes, in {elapsed:.0f} s "
        f"({spent['load']:.0f} s loading, {spent['axe']:.0f} s checking)"
    )
    (ARTIFACTS / "axe-report.txt").write_text(summary + "\n" + "\n".join(problems) + "\n", encoding="utf-8")
    for label in ROLES.values():
        for size in SIZES:
            assert (ARTIFACTS / f"dashboard-{label}-{size}.png").stat().st_size > 10_000
    assert not problems, f"{len(problems)} problems (test-artifacts/axe-report.txt):\n" + "\n".join(problems[:40])
