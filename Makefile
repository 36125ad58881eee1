# The few targets a newcomer needs. `make run` and `make test` work on a fresh machine with
# Python 3.11: they create .venv and install requirements.txt first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Password of the local demo accounts (debug only; never used in production).
DEMO_PASSWORD ?= cchc-demo-2026
DEV := DJANGO_DEBUG=1

.PHONY: install run test test-sqlite test-postgres lint format clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: install
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_plans
	$(DEV) $(PY) manage.py ensure_superuser --username admin --password "$(DEMO_PASSWORD)"
	@echo "Mở http://$(HOST)/ — đăng nhập: admin / $(DEMO_PASSWORD)"
	$(DEV) $(PY) manage.py runserver $(HOST)

# The whole suite: lint, then every test on SQLite and again on a throwaway PostgreSQL 15.
test: install lint test-sqlite test-postgres

test-sqlite: install
	$(PY) -m pytest

test-postgres: install
	scripts/with-postgres.sh $(PY) -m pytest

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
