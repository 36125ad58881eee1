# The few targets a newcomer needs. `make run` and `make test` work on a fresh machine with
# Python 3.11: they create .venv and install requirements.txt first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Password of the local demo accounts (debug only; never used in production).
DEMO_PASSWORD ?= cchc-demo-2026
DEV := DJANGO_DEBUG=1

.PHONY: install chromium libreoffice run test test-sqlite test-postgres lint format clean bench mutation

# The translations' .mo files are generated, never committed: compiled from locale/*/*.po on
# every install (pure Python, polib; no GNU gettext needed).
install: $(VENV)/.installed
	@$(PY) scripts/compile_messages.py

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# The end-to-end tests (tests/e2e) drive Debian's Chromium through Playwright; Playwright's own
# browser download is never used. Installed with apt-get when run as root and missing.
CHROMIUM := /usr/bin/chromium

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "$(CHROMIUM) not found: the e2e tests need Debian's Chromium." >&2; \
	    echo "Install it with: sudo apt-get install chromium" >&2; \
	    exit 1; \
	  fi; \
	fi
	@test -x $(CHROMIUM) || { echo "$(CHROMIUM) still missing after apt-get install chromium" >&2; exit 1; }

# The document tests convert the report's .docx and .xlsx to PDF with headless LibreOffice and
# read the pages (size, orientation, print size). Installed with apt-get when run as root and
# missing; Liberation Serif stands in for Times New Roman with the same metrics.
SOFFICE := /usr/bin/soffice

libreoffice:
	@if [ ! -x $(SOFFICE) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libreoffice-writer libreoffice-calc fonts-liberation >/dev/null; \
	  else \
	    echo "$(SOFFICE) not found: the document tests need LibreOffice." >&2; \
	    echo "Install it with: sudo apt-get install libreoffice-writer libreoffice-calc fonts-liberation" >&2; \
	    exit 1; \
	  fi; \
	fi
	@test -x $(SOFFICE) || { echo "$(SOFFICE) still missing after apt-get install" >&2; exit 1; }

run: install
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py load_plans --samples
	$(DEV) $(PY) manage.py ensure_superuser --username admin --password "$(DEMO_PASSWORD)"
	$(DEV) $(PY) manage.py create_demo_users --password "$(DEMO_PASSWORD)"
	$(DEV) $(PY) manage.py load_par_demo
	@echo ""
	@echo "Mở http://$(HOST)/ — mật khẩu của mọi tài khoản thử: $(DEMO_PASSWORD)"
	@echo "  quản trị: admin · Phòng Nội vụ: thanh-oai-noivu · lãnh đạo huyện: thanh-oai-lanhdao"
	@echo "  lãnh đạo cơ quan: thanh-oai-phong-noi-vu (bảng đầy đủ ở trên)"
	@echo "  kế hoạch VÍ DỤ MINH HỌA (hư cấu) của xã An Bình, tỉnh Mẫu: vi-du-xa-an-binh-noivu, vi-du-xa-an-binh-thon-1"
	$(DEV) $(PY) manage.py runserver $(HOST)

# The whole suite: lint, then every test on SQLite and again on a throwaway PostgreSQL 15, the
# two runs side by side (one per core; each run's output is printed when it ends).
test: install chromium libreoffice lint
	$(MAKE) --no-print-directory --output-sync=target -j2 test-sqlite test-postgres

test-sqlite: install chromium libreoffice
	$(PY) -m pytest

test-postgres: install chromium libreoffice
	scripts/with-postgres.sh $(PY) -m pytest

# Every main page at one unit and at national scale, then a bounded load test on loopback
# (PostgreSQL throwaway cluster; about 7 minutes). See bench/README.md.
bench: install
	bash bench/run.sh

# On demand, not part of `make test` or CI: mutation testing of the rule modules (mutmut, in a
# throwaway copy of the project; 5 to 15 minutes on two cores). Fails when a module scores below 90%.
mutation: install
	bash scripts/mutation.sh

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
