# The workbook's commands. `make lab` to learn, `make test` to check everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup lock check-lock lab stop test lint typecheck unit notebooks notebooks-eventual notebooks-node exercises outputs test-aws parity emulator bench bench-setup clean

# Every package, transitive ones included, pinned with its hashes: requirements.lock (make lock
# writes it from pyproject.toml). pip installs uv from the lock's own entry for uv (hashes
# checked), uv installs the rest (hashes checked), then the project itself without deps; the
# last step proves the venv holds exactly the locked versions (tools/lockfile.py). Bytecode is
# compiled at install, as pip does: where PYTHONDONTWRITEBYTECODE is set (this CI's machines), a
# venv without it recompiles moto, botocore and Jupyter in every emulator, kernel and test worker.
LOCK   := requirements.lock
setup: $(STAMP)  ## create .venv and install exactly the locked versions (idempotent)

$(STAMP): $(LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PYTHON) tools/lockfile.py bootstrap > $(VENV)/uv-requirement.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(VENV)/uv-requirement.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes --compile-bytecode -r $(LOCK)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python tools/lockfile.py check
	touch $(STAMP)

# After changing a pin in pyproject.toml. Universal: one lock for Python 3.11+ on every platform.
lock:  ## re-make requirements.lock (with hashes) from pyproject.toml's pins
	test -x $(BIN)/uv || $(MAKE) setup
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
	  --python-version 3.11 --custom-compile-command "make lock" --quiet -o $(LOCK)

check-lock: setup  ## the venv holds exactly the versions of requirements.lock
	$(BIN)/python tools/lockfile.py check

# The learner's own copies of the notebooks in workspace/ (git-ignored, never overwritten), the
# Lab at the repository's root; Ctrl-C stops the Lab and the emulator (tools/lab.py).
LAB_IP      ?= 127.0.0.1
LAB_PORT    ?=
LAB_BROWSER ?= auto
lab: setup  ## JupyterLab on your copies of the notebooks (workspace/); LAB_IP, LAB_PORT, LAB_BROWSER=0
	$(BIN)/python -m tools.lab --ip '$(LAB_IP)' --port '$(LAB_PORT)' --browser '$(LAB_BROWSER)'

stop: setup  ## stop your emulator (the one the notebooks started)
	$(BIN)/python -m tools.stop_emulator

test: setup lint typecheck unit notebooks notebooks-eventual notebooks-node exercises  ## everything CI runs

lint: setup  ## ruff on the code and the notebooks; each notebook's .md and .ipynb agree
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/nbqa ruff notebooks/ workshop/
	$(BIN)/python tools/check_notebook_pairs.py

typecheck: setup  ## mypy --strict on everything, tests and tools included
	$(BIN)/mypy

# One more worker than cores: about a quarter of the suite's time is spent waiting on emulators,
# kernels and functions. On 2 cores (2026-12-02, benchmarks/results.md): 7 min 02 s with -n 2,
# 5 min 58 s with -n 3, the same 2,034 tests passing.
UNIT_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
unit: setup  ## emulator, helpers and handler tests (one emulator per test worker; UNIT_WORKERS=N)
	$(BIN)/python -m pytest tests -q -n $(UNIT_WORKERS)

# The parity reports: every checkpoint's result, marks, HTTP statuses and bodies, one JSON
# line each (tools/parity_report.py). nbval writes local.jsonl once the last notebook cell has
# run (notebooks/conftest.py); the shape test, named after notebooks/, then checks it in the
# same session (a second pytest would start in ~3 s). make test-aws writes aws.jsonl.
PARITY := .workbook/parity

notebooks: setup  ## re-execute every notebook in order, compare with the committed outputs, write $(PARITY)/local.jsonl
	$(BIN)/python tools/check_notebook_pairs.py
	WORKBOOK_PARITY_REPORT=$(PARITY)/local.jsonl $(BIN)/python -m pytest --nbval notebooks/ \
	  tests/tools/test_local_parity_report.py --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  -q -p no:cacheprovider

# The same notebooks on an emulator that behaves as AWS does over time (propagation delays,
# quotas; docs/aws-behaviour.md section 21), its delays scaled down for speed but not to zero.
EVENTUAL_SCALE ?= 0.05
notebooks-eventual: setup  ## the notebooks again, on `--consistency eventual --delay-scale $(EVENTUAL_SCALE)`
	WORKBOOK_TEST_CONSISTENCY=eventual WORKBOOK_TEST_DELAY_SCALE=$(EVENTUAL_SCALE) \
	  WORKBOOK_PARITY_REPORT=$(PARITY)/local-eventual.jsonl $(BIN)/python -m pytest --nbval \
	  notebooks/ --nbval-sanitize-with tests/nbval_sanitize.cfg -q -p no:cacheprovider

# The same notebooks with the tutorial's Node.js function (lambda_src/users_node/index.mjs) as the
# users function: the committed outputs must not depend on the runtime.
notebooks-node: setup  ## the notebooks again, with WORKBOOK_FUNCTION_RUNTIME=nodejs20.x (needs node)
	WORKBOOK_FUNCTION_RUNTIME=nodejs20.x $(BIN)/python -m pytest --nbval notebooks/ \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg -q -p no:cacheprovider

# The break-and-fix exercises (workshop/exercises) are run through their solutions
# (workshop/solutions), on a fresh emulator, against the solutions' committed outputs.
exercises: setup  ## re-execute the exercises' solutions (workshop/solutions), compare with their committed outputs
	$(BIN)/python tools/check_notebook_pairs.py workshop/exercises
	$(BIN)/python tools/check_notebook_pairs.py workshop/solutions
	$(BIN)/python -m pytest --nbval workshop/solutions --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  -q -p no:cacheprovider

# After editing a notebook's .md: re-execute all (fresh emulator), write from the changed one on.
outputs: setup  ## re-make committed outputs from the first changed .md on (FROM=05, FROM=all)
	$(BIN)/python tools/execute_notebooks.py --save $(if $(FROM),--from $(FROM))

# The report is written even when a notebook fails (that is when it helps most), and a stale
# one is removed first, so a skipped run leaves none.
test-aws: setup  ## run the notebooks against your real AWS account (needs credentials), write $(PARITY)/aws.jsonl
	@rm -f $(PARITY)/aws.jsonl
	WORKBOOK_BACKEND=aws $(BIN)/python -m pytest tests/aws -q -rs; status=$$?; \
	if [ -f $(PARITY)/aws.jsonl ]; then \
	  echo "Parity report: $(PARITY)/aws.jsonl. Compare it with the local run: make parity"; \
	fi; exit $$status

parity: setup  ## what differs between two parity reports: make parity [A=$(PARITY)/local.jsonl] [B=$(PARITY)/aws.jsonl]
	$(BIN)/python tools/diff_parity_reports.py $(or $(A),$(PARITY)/local.jsonl) $(or $(B),$(PARITY)/aws.jsonl)

emulator: setup  ## run the local AWS backend in the foreground; prints the AWS_SHARED_CREDENTIALS_FILE/AWS_PROFILE line for boto3 and the AWS CLI
	$(BIN)/python -m emulator

bench: setup  ## measure the emulator and the notebooks; see benchmarks/results.md
	$(BIN)/python benchmarks/bench_emulator.py
	$(BIN)/python benchmarks/bench_notebooks.py

bench-setup: setup  ## time a fresh install from the lock with pip and with uv (fresh venvs, empty caches)
	$(BIN)/python tools/bench_setup.py

clean:
	rm -rf $(VENV) .workbook .pytest_cache .mypy_cache .ruff_cache
