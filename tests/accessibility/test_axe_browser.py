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

# The page is one of the portal's (it has main#main); then waits until htmx has nothing in flight (panels loaded with
# hx-trigger="load", the notification bell), at most 3 s, looking every 10 ms.
OPENED = """async () => {
  if (!document.querySelector('main#main')) return false;
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && document.querySelector('.htmx-request')) {
    await new Promise(resolve => setTimeout(resolve, 10));
  }
  return true;
}"""
# axe gives every check of a rule that has an impact that impact, so such a rule's violations all carry it: the rules
# whose impact is minor or moderate can never add to the critical and serious violations asked for, and are not run.
# Compared once on every page at both sizes with a run of all rules: the same critical and serious violations (none;
# the only violations there were minor and moderate), in 37.8 s of axe instead of 58.9 s.
RULES = """() => {
  const skipped = axe._audit.rules.filter(rule => rule.impact === 'minor' || rule.impact === 'moderate');
  const kept = axe._audit.rules.filter(rule => rule.enabled && !skipped.includes(rule));
  return {skipped: skipped.map(rule => rule.id), kept: kept.map(rule => rule.id)};
}"""
# A check that the rules run still find something: an image without alt text and grey text on grey, added by script
# (the CSP allows no inline style) to the page open after login, and taken away again.
PLANT = """() => {
  const planted = document.createElement('div');
  planted.id = 'axe-planted';
  const image = document.createElement('img');
  image.src = document.querySelector('link[rel=icon]').href;
  const text = document.createElement('p');
  text.textContent = 'Kontras rendah';
  text.style.color = '#777';
  text.style.background = '#888';
  planted.append(image, text);
  document.querySelector('main#main').append(planted);
}"""
# After the next two frames (the resize handlers and resize observers, e.g. the charts', have run): axe's critical and
# serious violations, and how far the page is wider than the window.
CHECK = """async (skipped) => {
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const rules = Object.fromEntries(skipped.map(id => [id, {enabled: false}]));
  const result = await axe.run(document, {resultTypes: ['violations'], rules});
  const root = document.documentElement;
  return {
    violations: result.violations
      .filter(v => v.impact === 'critical' || v.impact === 'serious')
      .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})),
    overflow: Math.max(root.scrollWidth, document.body.scrollWidth) - root.clientWidth,
  };
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
    return page.evaluate(OPENED)


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


def _check(page, where: str, skipped: list[str]) -> list[str]:
    found = page.evaluate(CHECK, skipped)
    problems = [f"{where}: {json.dumps(violation, ensure_ascii=False)}" for violation in found["violations"]]
    if found["overflow"] > 0:
        problems.append(f"{where}: {found['overflow']}px wider than the screen")
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
        rules = page.evaluate(RULES)
        assert "color-contrast" in rules["kept"] and len(rules["kept"]) > 50, rules
        page.evaluate(PLANT)
        planted = {violation["id"] for violation in page.evaluate(CHECK, rules["skipped"])["violations"]}
        assert {"image-alt", "color-contrast"} <= planted, planted
        page.evaluate("() => document.getElementById('axe-planted').remove()")
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
                    problems.extend(_check(page, f"{label}/{size} {name} {url}", rules["skipped"]))
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
