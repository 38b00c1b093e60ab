# Model Atlas: `make site` builds the site, `make test` runs every test. Both create the
# virtual environment .venv/ from requirements.lock (pinned, with hashes) on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv validate schema generate site serve export test test-fast lint lock bench clean

help: ## list the verbs
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

venv: $(STAMP) ## create .venv from requirements.lock

validate: $(STAMP) ## check every record; problems as path:line:col
	$(PY) -m generator validate

schema: $(STAMP) ## regenerate catalog/schema/*.schema.json from the pydantic models
	$(PY) -m generator schema

generate: $(STAMP) ## validate, then write docs/ (Markdown in both languages + JSON export)
	$(PY) -m generator generate

site: $(STAMP) ## validate, generate docs/ and build site/ (BUILDER=zensical to build with Zensical)
	$(PY) -m generator site $(if $(BUILDER),--builder $(BUILDER))

serve: $(STAMP) ## preview on http://127.0.0.1:8000, regenerating on catalog edits (make serve lang=zh for Chinese)
	$(PY) -m generator serve $(if $(lang),--lang $(lang))

export: $(STAMP) ## offline HTML export: dist/model-atlas-offline.zip
	$(PY) -m generator export $(if $(BUILDER),--builder $(BUILDER))

test: $(STAMP) ## the whole suite (browser tests need Debian's chromium)
	$(PY) -m pytest

test-fast: $(STAMP) ## the suite without browser and build tests
	$(PY) -m pytest -m "not browser and not build"

lint: $(STAMP) ## ruff over the code
	$(VENV)/bin/ruff check generator tests bench

bench: $(STAMP) ## the plain stack (../shared/bench/) and the Atlas on 2,000 models, side by side, with ratios
	$(PY) bench/compare.py $(if $(models),--models $(models))

lock: ## re-pin requirements.lock from requirements.in (needs network)
	$(PYTHON) -m venv .lockenv && .lockenv/bin/pip install --quiet pip-tools
	.lockenv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url -o requirements.lock requirements.in
	sed -i '/^--find-links/d' requirements.lock

clean: ## remove build output (docs/, site/, dist/) and the venv
	rm -rf docs site dist $(VENV) .lockenv .pytest_cache .hypothesis
