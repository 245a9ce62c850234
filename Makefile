# The contract between ingest, transform and serve. Two commands set up a fresh machine:
#   make run    install, prepare dbt, refresh the warehouse from the bundled sample sources
#   make test   install, prepare dbt, run the whole test suite
PYTHON ?= python3
UV_VERSION := 0.13.8
UV := .uv/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export INFRATRACK_DATA_DIR ?= $(CURDIR)/data
export UV_PYTHON_DOWNLOADS := never
DBT_DIR := dbt_project
DBT_MANIFEST := $(DBT_DIR)/target/manifest.json
DBT_INPUTS := $(shell find $(DBT_DIR)/models $(DBT_DIR)/macros $(DBT_DIR)/seeds $(DBT_DIR)/tests -type f 2>/dev/null) \
	$(wildcard ingest/reference/*.csv) \
	$(DBT_DIR)/dbt_project.yml $(DBT_DIR)/profiles.yml

.PHONY: install prepare run test ui docs report eval bench bench-extract bench-refresh bench-hostile bench-archive bench-fetch bench-extract-processes bench-scale bench-incremental lint clean

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# uv installs exactly the locked set; bytecode is compiled once here because these machines
# set PYTHONDONTWRITEBYTECODE (without it every process recompiles dagster: 3.5 s vs 1.4 s).
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python 3.11 --quiet
	touch $@

install: $(VENV)/.installed

# The dbt manifest is a build artifact, never committed: dagster-dbt reads it at import.
$(DBT_MANIFEST): $(VENV)/.installed $(DBT_INPUTS)
	$(BIN)/python -c "from orchestration.project import prepare_manifest; prepare_manifest()"

prepare: install $(DBT_MANIFEST)

run: prepare
	$(BIN)/infratrack refresh

# pytest exits 5 when it collects nothing: that is a broken suite, not a pass. The suite runs on
# TEST_WORKERS processes (pytest-xdist), each taking whole test files, so a module's fixtures are
# built once; the session fixtures (the shared sample refresh) are built once per process.
TEST_WORKERS ?= 2
test: prepare
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$status

ui: prepare
	$(BIN)/infratrack ui

# The dbt docs site (lineage, model and column descriptions) as static files in data/docs/.
docs: prepare
	$(BIN)/infratrack docs

# The report of the published warehouse and a screenshot of it (Debian's chromium).
report: prepare
	$(BIN)/infratrack report data/report.html --screenshot data/report.png

# Extraction quality on the labelled passages (dev corpus, sample pages, held-out set).
eval: install
	$(BIN)/infratrack eval

# Speed targets live here, never in timed tests.
bench-extract: install
	$(BIN)/python benchmarks/bench_extract.py

bench-refresh: prepare
	$(BIN)/python benchmarks/bench_refresh.py

# dbt build times on 100,000 synthetic documents: first build, incremental after 1% more, --full-refresh.
bench-incremental: prepare
	$(BIN)/python benchmarks/bench_incremental.py

# A whole refresh against the hostile loopback site, under /usr/bin/time -v (peak memory).
bench-hostile: prepare
	$(BIN)/python benchmarks/bench_hostile.py

# Reading a CC-NEWS-style archive and judging each page's relevance.
bench-archive: install
	$(BIN)/python benchmarks/bench_archive.py

# Pages per second with 1 and 8 fetches at once, from 30 loopback hosts at a per-host delay.
bench-fetch: install
	$(BIN)/python -m benchmarks.bench_fetch

# Extraction with 1 and 2 worker processes on the same documents.
bench-extract-processes: install
	$(BIN)/python -m benchmarks.bench_extract_processes

# Full refresh of 10,000 and 100,000 synthetic articles, a 1 % incremental one, dbt full and
# incremental (BENCH_ARTICLES="10000" for a shorter run).
BENCH_ARTICLES ?= 10000 100000
bench-scale: prepare
	$(BIN)/python -m benchmarks.bench_scale --articles $(BENCH_ARTICLES)

bench: bench-extract bench-refresh bench-hostile bench-archive bench-fetch bench-extract-processes bench-scale bench-incremental

# The style the project preaches: ruff (rules and format), mypy, and sqlfluff on the dbt SQL as dbt
# renders it (.sqlfluff). sqlfluff's dbt templater opens the profile's DuckDB file, so it gets an
# empty scratch warehouse of its own: lint needs no build and never touches a data folder.
LINT_DATA_DIR := $(CURDIR)/$(DBT_DIR)/target/lint
lint: prepare
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	mkdir -p $(LINT_DATA_DIR)/warehouse
	INFRATRACK_DATA_DIR=$(LINT_DATA_DIR) $(BIN)/sqlfluff lint $(DBT_DIR)

clean:
	rm -rf $(DBT_DIR)/target $(DBT_DIR)/logs data
