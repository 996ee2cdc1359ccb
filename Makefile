# Fanzha — `make run` to try it, `make test` to check it. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export FANZHA_DATA_DIR ?= $(CURDIR)/var

.PHONY: install system-deps run test test-fast lint audit bench model messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements-dev.lock pyproject.toml | $(BIN)/python
	@echo "== installing the pinned Python packages into $(VENV) (a minute or two when they change)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements-dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

install: $(VENV)/.installed

system-deps:
	@echo "== checking the Debian packages the tests need (Chromium, CJK fonts, LibreOffice, gettext)"
	bash scripts/system-deps.sh

run: install
	$(BIN)/fanzha migrate --no-input
	$(BIN)/fanzha demo
	$(BIN)/fanzha serve

test: install system-deps
	@echo "== running every test on 2 workers: each first loads Django and collects the suite (about a minute)"
	FANZHA_ENV=test $(BIN)/pytest -n 2 --dist loadgroup -q

test-fast: install
	FANZHA_ENV=test $(BIN)/pytest -q -m "not e2e"

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/lint-imports --no-cache

# Known vulnerabilities in the pinned dependencies; needs the PyPI advisory service, which an offline
# police intranet (and this project's CI machine) cannot reach: run it where there is a network.
audit: install
	$(BIN)/pip-audit --strict -r requirements.lock -r requirements-dev.lock

bench: install
	@for script in benchmarks/bench_*.py; do FANZHA_ENV=development $(BIN)/python $$script || exit 1; done

model: install
	$(BIN)/python -m fanzha.detection.build_model

messages: install
	cd src/fanzha && ../../$(BIN)/fanzha makemessages -l en --ignore "static/*" && ../../$(BIN)/fanzha compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
