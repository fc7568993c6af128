# The two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The suite mostly waits (on sends, timers and worker processes), so it runs in 4 processes
# even on 2 cores: each has its own database, Redis and loopback Twilio API.
TEST_RUNNERS ?= 4

.PHONY: run test text commons bench lint mutants clean

$(STAMP): requirements.txt pyproject.toml
	@echo "Installing (first run only)..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -r requirements.txt
	@$(PY) -m pip install --quiet --no-deps -e .  # the project itself: .venv/bin/commons
	@touch $(STAMP)

run: $(STAMP)  ## the whole product on the embedded default: SQLite, embedded Redis, console SMS
	@$(PY) -m gateway.run

test: $(STAMP)  ## lint and type-check, then the whole suite (the browser tests need chromium)
	@command -v chromium >/dev/null || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@command -v chromium >/dev/null || echo "chromium is missing: sudo apt-get install chromium" >&2
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy  # the whole tree, as pyproject.toml says; .mypy_cache keeps a rerun short
	@# Compiled modules and pytest's rewritten tests are kept in __pycache__ (git ignores it)
	@# even where PYTHONDONTWRITEBYTECODE is set: each runner would compile all of them again.
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -n $(TEST_RUNNERS)

text: $(STAMP)  ## make text FROM=+14155550101 BODY="join @team"
	@$(PY) -m gateway.console "$(FROM)" "$(BODY)"

commons: $(STAMP)  ## make commons ARGS="doctor" (or "import members.csv --group @team", ...)
	@$(VENV)/bin/commons $(ARGS)

bench: $(STAMP)  ## benchmarks, each a ratio to a baseline; make bench POSTGRES=postgresql://...
	$(PY) -m bench $(if $(POSTGRES),--postgres $(POSTGRES)) $(if $(REMINDERS),--count $(REMINDERS)) \
	  $(if $(MESSAGES),--messages $(MESSAGES))

mutants: $(STAMP)  ## how strong the tests are (slow; not in CI): make mutants [SAMPLE=400]
	@$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m tests.mutants $(if $(SAMPLE),--sample $(SAMPLE))

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

clean:
	rm -rf var .pytest_cache
