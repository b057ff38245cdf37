# Techfest — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
PYTHON ?= python3
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
CATALOGS := $(wildcard techfest/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test install install-dev translations extract-messages update-messages browser fonts vendor test-sqlite test-postgres clean fuzz production-check

## make run: virtualenv, install, compile translations, migrate, load the demo, serve.
run: install translations fonts vendor
	$(FLASK) db upgrade
	$(FLASK) techfest demo
	@echo ""
	@echo "Techfest is starting on http://127.0.0.1:$(PORT)  (Ctrl+C to stop)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT) --no-reload

## make test: install test needs, run the suite on SQLite, then on PostgreSQL.
test: install-dev translations browser fonts vendor
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "=== test suite on SQLite ==="
	env -u DATABASE_URL TEST_DATABASE_URL= $(PY) -m pytest -m "not postgres" $(PYTEST_ARGS)

test-postgres:
	@url="$${TEST_DATABASE_URL:-$(PG_TEST_URL)}"; \
	if ! $(PY) -m tests.pg_available "$$url"; then \
	  echo "PostgreSQL not reachable at $$url: trying to start the local cluster"; \
	  (command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start) || true; \
	  sleep 2; \
	fi; \
	if $(PY) -m tests.pg_available "$$url"; then \
	  echo "=== test suite on PostgreSQL ($$url) ==="; \
	  TEST_DATABASE_URL="$$url" $(PY) -m pytest $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then \
	  echo "ERROR: PostgreSQL is required in CI and is not reachable at $$url"; exit 1; \
	else \
	  echo "WARNING: PostgreSQL not reachable at $$url: the PostgreSQL run was NOT done"; \
	fi

## make fuzz: the API fuzzer of `make test` (5 examples per operation) with many more, on SQLite.
FUZZ_EXAMPLES ?= 200
fuzz: install-dev
	env -u DATABASE_URL TEST_DATABASE_URL= FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest tests/api/test_fuzz_schemathesis.py -p no:warnings $(PYTEST_ARGS)

## make production-check: the README's production setup, two gunicorn processes and a job worker on one
## PostgreSQL database and one Redis; check-in, rate limits, sessions and job progress shared between
## them. Under a minute on an idle machine; `make test` runs it too, in its PostgreSQL pass
## (tests/core/test_production_check.py).
production-check: install translations
	scripts/production_check.sh

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Badges and the programme embed Debian's Noto fonts (Vietnamese: fonts-noto-core; Korean:
## fonts-noto-cjk; both SIL OFL), referenced by path in @font-face; poppler-utils (pdftoppm,
## pdftotext) draws the badge preview images and lets the tests read the PDFs back.
fonts:
	@missing=""; for p in fonts-noto-core fonts-noto-cjk poppler-utils; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

## Browser tests drive Debian's chromium (never `playwright install`).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

## Translations: compiled .mo files are build products (not committed).
translations: install $(COMPILED)

%.mo: %.po
	$(VENV)/bin/pybabel compile -i $< -o $@ --statistics

extract-messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k _ln:1,2 -k lazy_ngettext:1,2 -o techfest/translations/messages.pot --no-location --sort-output --project=Techfest .

update-messages: extract-messages
	$(VENV)/bin/pybabel update -i techfest/translations/messages.pot -d techfest/translations --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache $(COMPILED)

## The scanner's QR decoder (jsQR, Apache-2.0) is copied from the npm registry package into
## static/vendor/ (never a CDN), at a pinned version.
JSQR_VERSION := 1.4.0
vendor: static/vendor/jsQR.js
static/vendor/jsQR.js:
	@mkdir -p static/vendor && tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent jsqr@$(JSQR_VERSION) >/dev/null && \
	tar xzf jsqr-$(JSQR_VERSION).tgz && cp package/dist/jsQR.js $(CURDIR)/static/vendor/jsQR.js && \
	cp package/LICENSE $(CURDIR)/static/vendor/jsQR.LICENSE && rm -rf $$tmp
