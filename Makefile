# The two commands of the README: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean db-stop demo screenshots openapi-examples wheel-check

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/graphsvc serve

# Neo4j's own Cypher linter (tests/test_cypher_lint.py), pinned in tools/cypher-lint/package.json.
LINT := tools/cypher-lint
LINT_STAMP := $(LINT)/node_modules/.installed

$(LINT_STAMP): $(LINT)/package.json $(LINT)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd $(LINT) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else echo "warning: npm is absent; the Cypher lint test will say so"; fi

test: $(STAMP) $(LINT_STAMP)
	$(BIN)/python -m pytest -q

# The README's screenshots (docs/*.png), on purpose: `make test` writes them to a scratch folder.
screenshots: $(STAMP)
	$(BIN)/python -m pytest -q tests/browser --screenshots docs

bench: $(STAMP)
	$(BIN)/graphsvc bench

demo: $(STAMP)
	$(BIN)/graphsvc generate --libraries 150 --serials 600 --all-nlm-titles --seed 1 --data-dir ../shared/data --out seeds/demo.json

# The example request and answer of every operation in /v1/openapi.json and /v1/docs.
openapi-examples: $(STAMP)
	$(BIN)/python -m tests.openapi_examples.record

# Build the wheel, install it in a fresh virtualenv outside the checkout, start the embedded
# database, import the demo, serve and route one request (about two minutes).
wheel-check: $(STAMP)
	$(BIN)/python -m pytest -q tests/packaging/install_check.py

db-stop: $(STAMP)
	$(BIN)/graphsvc db stop

clean:
	rm -rf $(VENV) var .pytest_cache

# Long hardening runs (docs/OPERATIONS.md): schemathesis with 2,000 examples per endpoint,
# and 60 s of lender-sequence load at >= 300 requests/s then a graceful shutdown under load.
.PHONY: fuzz load
FUZZ_PATHS ?=

fuzz: $(STAMP)
	$(BIN)/python -m tests.hardening.fuzz --max-examples 2000 \
	  $(if $(FUZZ_PATHS),--include-path-regex '$(FUZZ_PATHS)')

load: $(STAMP)
	$(BIN)/python -m benchmarks.load.run --seconds 60 --target-rps 300
