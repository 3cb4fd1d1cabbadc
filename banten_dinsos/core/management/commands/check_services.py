import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from banten_dinsos.core.health import DOWN, UP, database_state, redis_state

HOW_TO_START = {
    "database": (
        "PostgreSQL is not reachable at {url}. Start it with `docker compose up -d db`, or on Debian "
        "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, or set DATABASE_URL."
    ),
    "redis": (
        "Redis is not reachable at {url}. Start it with `docker compose up -d redis`, or "
        "`redis-server --daemonize yes --bind 127.0.0.1 --port 6379`, or set REDIS_URL."
    ),
}


class Command(BaseCommand):
    help = "Fail with instructions unless PostgreSQL and Redis are reachable (the test suite needs both)."

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        problems = []
        if db["ENGINE"].endswith("postgresql"):
            state = database_state()
            if state["state"] != UP:
                problems.append(HOW_TO_START["database"].format(url=f"{db.get('HOST')}:{db.get('PORT')}"))
        else:
            problems.append("DATABASE_URL does not point to PostgreSQL; the test suite runs on PostgreSQL only.")
        if redis_state()["state"] in (DOWN,) or not settings.REDIS_URL:
            problems.append(HOW_TO_START["redis"].format(url=settings.REDIS_URL or "(REDIS_URL not set)"))
        if problems:
            for problem in problems:
                sys.stderr.write(f"MISSING: {problem}\n")
            raise CommandError("Required services are not available (see above).")
        self.stdout.write(
            f"PostgreSQL and Redis are reachable ({db.get('HOST')}:{db.get('PORT')}, {settings.REDIS_URL})."
        )
