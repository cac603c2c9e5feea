# Yrkesresan. `make demo` runs the demo; `make test` runs the tests. Both set everything up themselves.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help demo test test-fast lint format check check-deploy bench messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed-base: requirements/base.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.installed-test: requirements/test.txt requirements/base.txt $(VENV)/.installed-base
	$(PIP) install --quiet -r requirements/test.txt
	touch $@

messages: $(VENV)/.installed-base ## Compile the translations (locale/*.po -> .mo)
	$(MANAGE) compilemessages --ignore=.venv -v0

demo: $(VENV)/.installed-base messages ## Install, migrate SQLite, load the demo data, serve on http://127.0.0.1:8000 with a worker
	mkdir -p var
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) load_demo
	@echo ""
	@echo "Starting the background worker and the web server on http://$(HOST):$(PORT)/ (Ctrl-C stops both)"
	@$(MANAGE) run_huey --quiet > var/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver $(HOST):$(PORT)

test: $(VENV)/.installed-test messages ## Install what the tests need and run them all (DATABASE_URL picks the database)
	sh scripts/ensure-chromium.sh
	$(PY) -m pytest

test-fast: $(VENV)/.installed-test messages ## Run the tests without the browser
	$(PY) -m pytest -m "not browser"

lint: $(VENV)/.installed-test ## ruff, mypy, complete Swedish translation, no missing migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	bash scripts/check-translations.sh
	$(VENV)/bin/mypy yrkesresan config
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run -v0

format: $(VENV)/.installed-test ## Format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: $(VENV)/.installed-base ## Production settings pass `manage.py check --deploy` with no warning
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" ALLOWED_HOSTS=yrkesresan.example \
	  DJANGO_SETTINGS_MODULE=config.settings.prod $(MANAGE) check --deploy --fail-level WARNING

check: lint test check-deploy ## Everything CI checks

bench: $(VENV)/.installed-test messages ## Generate national-scale data and benchmark pages and API (SQLite, then PostgreSQL)
	sh scripts/bench.sh

clean: ## Remove the virtualenv and local data
	rm -rf $(VENV) var staticfiles
