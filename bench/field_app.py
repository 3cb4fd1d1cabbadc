"""Benchmark of the field app's report form against the plain login page, in one run. Not a test.

It creates its own PostgreSQL database (default dev_field_app_bench, dropped and created again), migrates it, loads
the reference data, one officer of Kabupaten Lebak and one open disaster, and serves the portal with
``manage.py runserver --insecure`` on a free port. Debian's Chromium (Playwright) then measures, for the field-report
form (/lapangan/laporan/) and for the login page:

- what crossed the network on a first load and on a repeat load: requests and response-body bytes as the server
  logged them (so a service worker's own fetches count too), and how many of them were application assets
  (/static/ files, the service worker, the manifest);
- the time until the page is usable on an emulated slow 3G connection (Chrome DevTools Protocol
  ``Network.emulateNetworkConditions``: 2,000 ms latency, 50,000 bytes/s each way), first and repeat visit;
- the time until the page is usable with no network at all.

"Usable" is: the login form's username field is visible; the report form has its draft open with the reference
data filled in (``body[data-ready=yes]``, set by static/field_app/app.js).

    .venv/bin/python bench/field_app.py
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/field_app.py --runs 3
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dev_field_app_bench"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}
PASSWORD = "bench-field-app-2026"
LOG_LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d{3}) (?P<size>\d+|-)')


def recreate_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{parsed.path.lstrip("/")}"')
    admin.close()


def prepare() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_reference_data", stdout=open(os.devnull, "w"))  # noqa: SIM115

    from banten_dinsos.accounts.models import User
    from banten_dinsos.accounts.roles import Role
    from banten_dinsos.regions.models import Region
    from clusters.models import DisasterType, EmergencyStatus
    from clusters.services import disaster_create

    lebak = Region.objects.get(code="36.02")
    User.objects.create_user(username="petugas.bench", password=PASSWORD, role=Role.PETUGAS_KABKOTA, kabkota=lebak)
    staf = User.objects.create_user(username="staf.bench", password=PASSWORD, role=Role.STAF_PROVINSI)
    disaster_create(
        user=staf,
        disaster_type=DisasterType.objects.get(code="101"),
        title="Banjir Lebak (bench)",
        started_on=date(2026, 1, 17),
        affected_kabkota=[lebak],
        status=EmergencyStatus.TANGGAP,
    )


class Server:
    """runserver in a subprocess; its access log (one line per request, with the body size) is collected."""

    def __init__(self, env: dict):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.lines: list[tuple[str, str, int]] = []
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload", "--insecure"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("runserver did not start")

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def _read(self):
        for line in self.process.stdout:
            match = LOG_LINE.search(line)
            if match:
                size = 0 if match["size"] == "-" else int(match["size"])
                self.lines.append((match["path"], match["status"], size))

    def mark(self) -> int:
        time.sleep(0.5)  # let the last log lines arrive
        return len(self.lines)

    def since(self, mark: int) -> dict:
        lines = self.lines[mark:]
        assets = [line for line in lines if _is_asset(line[0])]
        return {
            "requests": len(lines),
            "bytes": sum(size for _path, _status, size in lines),
            "asset_requests": len(assets),
            "asset_bytes": sum(size for _path, _status, size in assets),
        }

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def _is_asset(path: str) -> bool:
    return path.startswith("/static/") or path in ("/sw.js", "/manifest.webmanifest")


def _login(page, base):
    """A signed-in session without loading any page: the browser's caches stay cold for the first load."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(_officer())
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )


def _officer():
    from banten_dinsos.accounts.models import User

    return User.objects.get(username="petugas.bench")


def _timed(page, url, selector, *, conditions=None) -> float:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    if conditions:
        cdp.send("Network.emulateNetworkConditions", conditions)
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_selector(selector, state="visible" if selector.startswith("#") else "attached", timeout=120_000)
    elapsed = time.perf_counter() - start
    cdp.send(
        "Network.emulateNetworkConditions", {**SLOW_3G, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    )
    cdp.detach()
    return elapsed


def measure_form(browser, server) -> dict:
    base = server.url
    # First load: a fresh browser signs in (not measured: the login page's own files are then in its HTTP cache), then
    # opens the form, which installs the worker and keeps the shell.
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="id-ID", service_workers="allow")
    page = context.new_page()
    _login(page, base)
    mark = server.mark()
    first_time = _timed(page, f"{base}/lapangan/laporan/", "body[data-ready=yes]")
    page.wait_for_selector("body[data-service-worker=active]", timeout=60_000)
    time.sleep(2)  # the worker keeps the pages in the background
    first = server.since(mark)
    mark = server.mark()
    repeat_fast = _timed(page, f"{base}/lapangan/laporan/", "body[data-ready=yes]")
    time.sleep(1)
    repeat = server.since(mark)
    repeat_slow = _timed(page, f"{base}/lapangan/laporan/", "body[data-ready=yes]", conditions=SLOW_3G)
    context.set_offline(True)
    offline = _timed(page, f"{base}/lapangan/laporan/", "body[data-ready=yes]")
    context.close()

    # A first visit on slow 3G, in a fresh browser (the login itself is not timed).
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="id-ID", service_workers="allow")
    page = context.new_page()
    _login(page, base)
    first_slow = _timed(page, f"{base}/lapangan/laporan/", "body[data-ready=yes]", conditions=SLOW_3G)
    context.close()
    return {
        "first": first,
        "repeat": repeat,
        "first_fast_s": first_time,
        "repeat_fast_s": repeat_fast,
        "first_slow_s": first_slow,
        "repeat_slow_s": repeat_slow,
        "offline_s": offline,
    }


def measure_login(browser, server) -> dict:
    base = server.url
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="id-ID", service_workers="block")
    page = context.new_page()
    mark = server.mark()
    first_fast = _timed(page, f"{base}/akun/login/", "#id_username")
    page.wait_for_load_state("load")
    first = server.since(mark)
    mark = server.mark()
    repeat_fast = _timed(page, f"{base}/akun/login/", "#id_username")
    page.wait_for_load_state("load")
    repeat = server.since(mark)
    repeat_slow = _timed(page, f"{base}/akun/login/", "#id_username", conditions=SLOW_3G)
    context.set_offline(True)
    try:
        offline = _timed(page, f"{base}/akun/login/", "#id_username")
    except Exception:  # noqa: BLE001 - the browser's own "no internet" page: not usable offline
        offline = None
    context.close()
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="id-ID", service_workers="block")
    page = context.new_page()
    first_slow = _timed(page, f"{base}/akun/login/", "#id_username", conditions=SLOW_3G)
    context.close()
    return {
        "first": first,
        "repeat": repeat,
        "first_fast_s": first_fast,
        "repeat_fast_s": repeat_fast,
        "first_slow_s": first_slow,
        "repeat_slow_s": repeat_slow,
        "offline_s": offline,
    }


def _median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def _seconds(value) -> str:
    return "not usable" if value is None else f"{value:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="measurements per figure (the median is printed)")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "banten_dinsos.settings.test",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    print(f"Preparing {url} …", flush=True)
    recreate_database(url)
    prepare()
    server = Server(env)
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            forms = [measure_form(browser, server) for _ in range(args.runs)]
            logins = [measure_login(browser, server) for _ in range(args.runs)]
            browser.close()
    finally:
        server.stop()

    def row(name, runs):
        first, repeat = runs[0]["first"], runs[0]["repeat"]
        print(f"\n{name}")
        print(
            f"  first load : {first['requests']:3d} requests, {first['bytes']:9,d} bytes "
            f"(application assets: {first['asset_requests']} requests, {first['asset_bytes']:,d} bytes)"
        )
        print(
            f"  repeat load: {repeat['requests']:3d} requests, {repeat['bytes']:9,d} bytes "
            f"(application assets: {repeat['asset_requests']} requests, {repeat['asset_bytes']:,d} bytes)"
        )
        for label, key in (
            ("usable, local network, first visit", "first_fast_s"),
            ("usable, local network, repeat visit", "repeat_fast_s"),
            ("usable, slow 3G, first visit", "first_slow_s"),
            ("usable, slow 3G, repeat visit", "repeat_slow_s"),
            ("usable, offline", "offline_s"),
        ):
            print(f"  {label:38s}: {_seconds(_median([run[key] for run in runs]))}")

    print(f"\nMedians of {args.runs} runs; bytes are response bodies as the server logged them (first run).")
    print("Slow 3G: 2,000 ms latency, 50,000 bytes/s down and up (CDP Network.emulateNetworkConditions).")
    row("Field report form (/lapangan/laporan/, service worker)", forms)
    row("Login page (/akun/login/, plain page, browser cache only)", logins)


if __name__ == "__main__":
    main()
