"""One migration for all test processes: with ``-n N --create-db`` the controlling process migrates a template
database once, in a background process, while the test processes start and collect; each of them then creates its
own database as a copy of the template (``TEST["TEMPLATE"]``, PostgreSQL's ``CREATE DATABASE … TEMPLATE``), which
takes a second, instead of running the project's 112 migrations itself (about 24 s of CPU each, spent by both
processes at once on a 2-core machine).

Runs without xdist, or reusing their databases (``--reuse-db`` alone), migrate as before.
"""

import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

BASE = Path(__file__).resolve().parent.parent
TEMPLATE_ENV = "BANTEN_TEST_DB_TEMPLATE"
DONE_ENV = "BANTEN_TEST_DB_TEMPLATE_DONE"
WAIT_SECONDS = 900

# Run in a process of its own with DATABASE_URL naming the template (see build()).
BUILD = "import sys; from tests.dbtemplate import build; build(sys.argv[1])"


def _maintenance_connection():
    """A connection to the server's ``postgres`` database, for creating and dropping the template."""
    import psycopg2
    from django.conf import settings

    target = settings.DATABASES["default"]
    admin = psycopg2.connect(
        host=target["HOST"],
        port=target["PORT"] or 5432,
        user=target["USER"],
        password=target["PASSWORD"],
        dbname="postgres",
    )
    admin.autocommit = True
    return admin


def _drop(name: str, *, create: bool = False) -> None:
    admin = _maintenance_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def build(done_path: str) -> None:
    """(Re)create the template, migrate it, load the reference data, then write "ok" (or the error) to the done
    file, whose appearance the test processes wait for."""
    done = Path(done_path)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        _drop(settings.DATABASES["default"]["NAME"], create=True)
        call_command("migrate", verbosity=0, interactive=False)
        with open(os.devnull, "w") as quiet:
            call_command("load_reference_data", stdout=quiet)
        connections.close_all()  # a database being copied must have no connection
        done.write_text("ok")
    except BaseException:
        done.write_text(traceback.format_exc())
        raise


def _template_url(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/" + name))


def start(config) -> None:
    """In the controlling process of ``-n N --create-db``: start migrating the template in the background."""
    if hasattr(config, "workerinput") or not config.getoption("create_db", False):
        return
    if not config.getoption("numprocesses", None):
        return
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("postgresql"):
        return
    name = f"test_{database['NAME']}_template"
    folder = Path(tempfile.mkdtemp(prefix="test-db-template-"))
    done = folder / "done"
    env = {**os.environ, "DATABASE_URL": _template_url(os.environ["DATABASE_URL"], name)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # what it compiles, the test processes import next
    log = (folder / "build.log").open("w")
    config._db_template = (
        name,
        done,
        subprocess.Popen([sys.executable, "-c", BUILD, str(done)], cwd=BASE, env=env, stdout=log, stderr=log),
    )
    # The test processes are started after this hook and inherit the environment.
    os.environ[TEMPLATE_ENV] = name
    os.environ[DONE_ENV] = str(done)


def use_if_built() -> None:
    """In a test process: wait for the template, then have pytest-django copy it instead of migrating."""
    name, done = os.environ.get(TEMPLATE_ENV), os.environ.get(DONE_ENV)
    if not name or not done:
        return
    from django.conf import settings

    deadline = time.monotonic() + WAIT_SECONDS
    while not Path(done).exists():
        if time.monotonic() > deadline:
            pytest.exit(f"the test database template {name} was not ready after {WAIT_SECONDS} s", returncode=3)
        time.sleep(0.2)
    time.sleep(0.1)  # the file is written in one call; let the writer finish closing it
    outcome = Path(done).read_text()
    if outcome != "ok":
        pytest.exit(f"migrating the test database template {name} failed:\n{outcome}", returncode=3)
    settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = name


def finish(config) -> None:
    """In the controlling process, at the end: stop the build if it still runs and drop the template."""
    built = getattr(config, "_db_template", None)
    if built is None:
        return
    name, _done, process = built
    if process.poll() is None:
        process.kill()
    process.wait()
    _drop(name)
