# Front Office Tewerkstelling: set-up, run, test and benchmark on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APPS := portal authz repertory measures dmfa jobseekers
LANGS := -l nl -l fr -l de -l en

.PHONY: run test bench lint messages makemessages install demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# compilemessages needs GNU gettext (msgfmt); without it Babel compiles the catalogues, so a fresh machine works.
messages: $(STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then \
	  $(BIN)/python manage.py compilemessages --ignore '$(VENV)' --verbosity 0; \
	else \
	  $(BIN)/python -m portal.compile_catalogues; \
	fi

# In debug mode, and unless a real eID provider is configured, the demo eID provider (demo_oidc) runs beside the
# portal on a free port, stopped with it; DJANGO_DEBUG=0 never starts it.
DEMO_OIDC_CLIENT := EID_OIDC_CLIENT_ID=portal-demo EID_OIDC_CLIENT_SECRET=portal-demo-secret-not-for-production
run: install messages
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py demo
	@if [ -z "$${EID_OIDC_SERVER_URL:-}" ] && $(BIN)/python -c "import os, sys; from portal.env import as_bool; \
	    sys.exit(0 if as_bool(os.environ.get('DJANGO_DEBUG') or '1') else 1)"; then \
	  port=$$($(BIN)/python -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"); \
	  $(BIN)/python -m demo_oidc.serve --port $$port --data-dir .demo-oidc & provider=$$!; \
	  trap 'kill $$provider 2>/dev/null' EXIT INT TERM; \
	  echo "demo eID provider at http://127.0.0.1:$$port/o"; \
	  EID_OIDC_SERVER_URL=http://127.0.0.1:$$port/o $(DEMO_OIDC_CLIENT) $(BIN)/python manage.py runserver 127.0.0.1:8000; \
	else \
	  $(BIN)/python manage.py runserver 127.0.0.1:8000; \
	fi

demo: install
	$(BIN)/python manage.py demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/mypy

# The suite prints its own duration (CI runs it twice within its time budget).
test: lint messages
	@start=$$(date +%s); status=0; \
	$(BIN)/python -m pytest -n 2 --dist loadfile || status=$$?; \
	db=$${DATABASE_URL%%://*}; echo "make test: the suite took $$(( $$(date +%s) - start )) s (database: $${db:-SQLite})"; \
	exit $$status

# Benchmarks run on the local PostgreSQL when one answers (the targets are stated for it), else on SQLite.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench
bench: install messages
	@url="$${DATABASE_URL:-}"; \
	if [ -z "$$url" ] && command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1; then url="$(BENCH_DATABASE_URL)"; fi; \
	echo "benchmarks on $${url:-SQLite}"; \
	DATABASE_URL="$$url" $(BIN)/python -m pytest tests/benchmarks -p no:xdist -p no:randomly -q -o addopts="-p no:cacheprovider" --create-db

# Collect translatable strings: each app carries its own catalogue in <app>/locale; the shared layout
# (templates/) and the portal package go to locale/. `make makemessages APP=measures` does one app.
APP ?=
makemessages: install
	@if [ -z "$(APP)" ] || [ "$(APP)" = portal ]; then \
	  $(BIN)/django-admin makemessages $(LANGS) --no-obsolete --settings=portal.settings --pythonpath=. \
	    --ignore 'foundation/*' --ignore 'authz/*' --ignore 'repertory/*' --ignore 'measures/*' --ignore 'dmfa/*' --ignore 'jobseekers/*' --ignore 'demo_oidc/*' --ignore 'tests/*' --ignore 'staticfiles/*'; \
	  msgen --force-po -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po; fi
	@for app in $(if $(APP),$(filter-out portal,$(APP)),foundation authz repertory measures dmfa jobseekers); do \
	  (cd $$app && mkdir -p locale && ../$(BIN)/django-admin makemessages $(LANGS) --no-obsolete --settings=portal.settings --pythonpath=.. \
	   && msgen --force-po -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po); done

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .demo-oidc
