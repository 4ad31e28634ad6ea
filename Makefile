# Everything a person runs. `make run` and `make test` set themselves up on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PO := locale/ar_MA/LC_MESSAGES/django.po
MO := $(PO:.po=.mo)
# The Arabic of the passkey scripts (django-otp-webauthn ships none), of django-prose-editor's
# dialogs and of our own scripts (static/articles/js), and the admin's date and time pickers in
# Moroccan Arabic (over Django's `ar`, whose months are the Middle East's).
JS_PO := locale/ar_MA/LC_MESSAGES/djangojs.po
JS_MO := $(JS_PO:.po=.mo)

# The first Python 3.12 or newer on PATH or under pyenv. Debian 12's python3 is 3.11.
PYTHON ?= $(shell for c in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.13*/bin/python $$HOME/.pyenv/versions/3.12*/bin/python; do \
	p=$$(command -v $$c 2>/dev/null) || continue; \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: help run serve test test-quick system-packages lint format check messages makemessages \
	bytecode lock audit clean backup restore

help:
	@echo "make run     set up, migrate, load demo content and serve on http://127.0.0.1:$(PORT)"
	@echo "make serve   the production stack locally: gunicorn, nginx in front when installed"
	@echo "make test    run the whole test suite (SQLite, or DATABASE_URL's database); as root it"
	@echo "             first installs the Debian packages the suite needs (docs/testing.md)"
	@echo "make test-quick   the suite without the browser and deploy tests"
	@echo "make lint    ruff check and format check"
	@echo "make check   Django's system checks and makemigrations --check"
	@echo "make makemessages   refresh the Arabic catalogue from the code"
	@echo "make bytecode       compile the project's Python once, after each deploy"
	@echo "make lock    regenerate requirements.lock and requirements-dev.lock (after editing"
	@echo "             requirements.txt or requirements-dev.txt)"
	@echo "make audit   check the locked dependencies against PyPI's advisory database"
	@echo "make backup  dump PostgreSQL and archive MEDIA_ROOT into BACKUP_DIR/<timestamp>/"
	@echo "make restore BACKUP=backups/<timestamp>   restore a backup into an EMPTY database"

# Installs come from the lock files (make lock), every distribution pinned with its hashes:
# the same versions on every machine, and a download that does not match is refused.
$(VENV)/.installed-runtime: requirements.lock
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.12 or newer found. Install one (for example: apt-get install python3.12," \
		     "or 'pyenv install 3.12') or run: make PYTHON=/path/to/python3.12 $(MAKECMDGOALS)"; exit 1; fi
	@[ -x $(PY) ] || { echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed-runtime
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $@

# The lock files, from the human-edited requirements files, by uv: one "universal" resolution
# valid on every Python the project supports (3.12 and newer) and every platform, with
# environment markers where they differ (typing-extensions before 3.13, colorama on Windows),
# and the hashes of every file of each pinned version on PyPI. The dev lock is constrained by
# the runtime one, so both pin the same versions. `make lock` keeps the locked versions that
# still fit; LOCK_ARGS=--upgrade (or "--upgrade-package NAME") moves them on.
UV_COMPILE := $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.12 \
	--generate-hashes $(LOCK_ARGS)
lock: $(VENV)/.installed-dev
	$(UV_COMPILE) --output-file requirements.lock requirements.txt
	$(UV_COMPILE) --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt

# pip-audit asks PyPI's advisory database about each locked version, without installing
# anything. --strict: a dependency it could not look up fails the audit, rather than being
# skipped with "No known vulnerabilities found" (what happens when the database is out of reach
# or answers 404, as a PyPI mirror without the JSON API does).
audit: $(VENV)/.installed-dev
	@$(VENV)/bin/pip-audit --progress-spinner off --vulnerability-service pypi --strict \
		--require-hashes --disable-pip -r requirements-dev.lock \
		|| { status=$$?; echo; \
			echo "make audit FAILED: a locked dependency has a known vulnerability (listed above), or"; \
			echo "PyPI's advisory database (https://pypi.org/pypi/NAME/VERSION/json) could not be"; \
			echo "reached or did not know a dependency, and nothing was audited (the error above says which)."; \
			exit $$status; }

# The compiled catalogue is built from the .po whenever the .po is newer, so it cannot go stale.
$(MO): $(PO)
	@command -v msgfmt >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
		else echo "msgfmt is missing: install gettext (sudo apt-get install gettext)"; exit 1; fi; }
	msgfmt --check-format -o $@ $<

$(JS_MO): $(JS_PO) $(MO)
	msgfmt --check-format -o $@ $<

messages: $(MO) $(JS_MO)

# Test-only tools from npm (package.json): the Nu HTML Checker and axe-core. Their install
# scripts are skipped: vnu runs with the machine's Java, not a downloaded one.
NODE_TOOLS := node_modules/.package-lock.json
$(NODE_TOOLS): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: install it (sudo apt-get install npm)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

run: $(VENV)/.installed-runtime $(MO) $(JS_MO)
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py load_demo_content
	DJANGO_DEBUG=true $(PY) manage.py create_admin_account
	DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production settings on this machine (deploy/serve.sh): DEBUG off, hashed static files, the
# page cache, gunicorn (deploy/gunicorn.conf.py) and nginx's micro-cache when nginx is installed.
serve: $(VENV)/.installed-runtime $(MO) $(JS_MO)
	PY=$(PY) PORT=$(PORT) deploy/serve.sh

# The Debian packages the suite needs (bin/ensure-system-packages): installed as root, one
# `apt-get install` line to run otherwise. Redis is started when it is installed but not running.
system-packages:
	@bin/ensure-system-packages

test: system-packages $(VENV)/.installed-dev $(MO) $(JS_MO) $(NODE_TOOLS)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Without the browser tests (chromium) and the deploy tests (nginx, gunicorn, systemd): minutes
# faster while working; `make test` before committing.
test-quick: system-packages $(VENV)/.installed-dev $(MO) $(JS_MO) $(NODE_TOOLS)
	$(VENV)/bin/pytest -m "not browser and not deploy" $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(VENV)/.installed-dev $(MO) $(JS_MO)
	DJANGO_DEBUG=true $(PY) manage.py check
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

# Our scripts' strings are added to djangojs.po beside the packages' (which makemessages -d
# djangojs would mark obsolete, their scripts living in .venv): xgettext --join-existing keeps them.
makemessages: $(VENV)/.installed-dev
	DJANGO_DEBUG=true $(PY) manage.py makemessages -l ar_MA --ignore=.venv --ignore=tests --ignore=bench --ignore=node_modules
	xgettext --join-existing --language=JavaScript --from-code=UTF-8 --no-location --omit-header \
		--keyword=gettext --keyword=ngettext:1,2 --keyword=pgettext:1c,2 -o $(JS_PO) static/articles/js/*.js

# The project's bytecode, compiled after each deploy by the user who owns the checkout. The
# services may not write __pycache__ there (newsroom.service runs with ProtectSystem=strict);
# without it every manage.py command (the publishing job each minute, an import) and every
# gunicorn worker compiles the project's modules again when it starts (docs/importers.md,
# "Large imports").
bytecode: $(VENV)/.installed-runtime
	$(PY) -m compileall -q -j 0 articles authors newsroom

# Backups (PostgreSQL only): the environment (DATABASE_URL, MEDIA_ROOT, BACKUP_DIR) decides
# what is backed up and where it goes; see docs/operations.md, "Backups and restore".
backup: $(VENV)/.installed-runtime
	$(PY) manage.py backup_site

restore: $(VENV)/.installed-runtime
	@[ -n "$(BACKUP)" ] || { echo "Say which backup: make restore BACKUP=backups/<timestamp>"; exit 2; }
	$(PY) manage.py restore_site "$(BACKUP)"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles $(MO) $(JS_MO)
