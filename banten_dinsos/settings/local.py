"""Local development: DEBUG on; SQLite and in-process tasks unless DATABASE_URL / REDIS_URL are set."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)
VAR_DIR.mkdir(exist_ok=True)
