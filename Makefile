# The two commands of the README: `make run` and `make test`. Both set up from scratch.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ADMIN_USER ?= admin
ADMIN_PASSWORD ?= fresh-admin-2026
ADDRESS ?= 127.0.0.1:8000

.PHONY: run test install setup lint format chromium stop clean bench serve nginx

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --admin-username $(ADMIN_USER) --admin-password $(ADMIN_PASSWORD)
	$(PY) manage.py rebuild_index --noinput

# Mailed links point at the address served, unless SITE_URL is set (environment, command line
# or .env).
run: setup
	@echo ""
	@echo "  天天生鲜 is starting on http://$(ADDRESS)/"
	@echo "  Wagtail admin: http://$(ADDRESS)/admin/  login: $(ADMIN_USER) / $(ADMIN_PASSWORD)"
	@echo "  Staff demo users (编辑, 市场): editor / marketing, password fresh-staff-2026"
	@echo "  Mail (activation links) is written to var/mail/"
	@echo ""
	$(if $(SITE_URL)$(shell grep -sE '^\s*(export\s+)?SITE_URL\s*=' .env),,SITE_URL=http://$(ADDRESS)) \
	RUN_ADDRESS=$(ADDRESS) $(PY) -m freshsite.run

# The production stack on this machine (freshsite/serve.py): nginx in front of Granian, one
# Celery worker and one beat, production settings. With no services in the environment it
# writes var/serve.env naming the embedded ones (and serves the demo). `make serve ADDRESS=…`.
SERVE_ADDRESS = $(if $(filter command line environment,$(origin ADDRESS)),$(ADDRESS),127.0.0.1:8080)

nginx:
	@test -x /usr/sbin/nginx || { apt-get update -qq && apt-get install -y -qq nginx; }

serve: install nginx
	SERVE_ADDRESS=$(SERVE_ADDRESS) ADMIN_USER=$(ADMIN_USER) ADMIN_PASSWORD=$(ADMIN_PASSWORD) \
	$(PY) -m freshsite.serve

# Browser tests drive Debian's Chromium; install it when it is missing (needs root/apt).
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }

test: install chromium nginx
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# The speed table, side by side in one run (bench/site.py); not part of `make test`. Needs MariaDB
# (127.0.0.1:3306, root) and Redis (127.0.0.1:6379, databases 13-15); installs wrk when missing.
bench: install
	$(PY) -m pip install --quiet -r requirements-mysql.txt
	$(PY) bench/site.py

lint: install
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The embedded Redis of `make run` (EMBEDDED_REDIS_DIR, or VAR_DIR/redis, as the settings pick it).
stop:
	$(PY) -c "import os; from pathlib import Path; from freshsite.embedded_redis import stop_server; \
	stop_server(Path(os.environ.get('EMBEDDED_REDIS_DIR') or Path(os.environ.get('VAR_DIR', 'var'), 'redis')))"

clean:
	rm -rf $(VENV) var
