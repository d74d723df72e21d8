# Evidence-table pipeline for ICI rechallenge papers. `make help` lists the targets.
SHELL := /bin/bash
PY ?= .venv/bin/python
SHARED ?= ../shared
PAPERS ?= corpus/demo
OUT ?= out/demo
RUN ?= seeds
GOLD ?= annotations/seeds
A ?= runs/before
B ?= runs/$(RUN)

.DEFAULT_GOAL := help
.PHONY: help setup model train extract extract-seeds eval eval-demo eval-dev eval-external check-gold diff test test-fast soak bench bench-pdf bench-scale pdf-layouts

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo "  variables: PAPERS=$(PAPERS) OUT=$(OUT) RUN=$(RUN) A=$(A) B=$(B) GOLD=$(GOLD)"

.venv/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,scale]'
	touch $@

setup: .venv/.installed model ## create .venv, install the project and save the spaCy pipeline to models/

model: .venv/.installed ## assemble the spaCy pipeline (tokenizer, sentences, abbreviations, entity ruler) into models/ici_nlp
	$(PY) -m pipeline model

extract: .venv/.installed ## extract PAPERS (default: the demo corpus) into OUT (default: out/demo)
	$(PY) -m pipeline extract $(PAPERS) --out $(OUT)

extract-seeds: .venv/.installed ## extract ../shared/corpus/seeds into runs/RUN (default RUN=seeds)
	@test -d $(SHARED)/corpus/seeds || { echo "$(SHARED)/corpus/seeds not found"; exit 2; }
	$(PY) -m pipeline extract $(SHARED)/corpus/seeds --out runs/$(RUN)

eval: extract-seeds ## extract the seeds into runs/RUN (cached) and score them against annotations/seeds
	$(PY) -m pipeline eval runs/$(RUN)/results.csv $(GOLD) --docs $(SHARED)/corpus/seeds

eval-demo: .venv/.installed ## extract and score the demo corpus against corpus/demo_gold; report.html coloured against it
	$(PY) -m pipeline extract corpus/demo --out out/demo --no-progress; \
	$(PY) -m pipeline eval out/demo/results.csv corpus/demo_gold --docs corpus/demo
	$(PY) -m pipeline report out/demo --papers corpus/demo --gold corpus/demo_gold

eval-external: .venv/.installed ## convert the public corpora in ../shared/datasets to gold and score the pipeline on them
	$(PY) -m pipeline eval-external --datasets $(SHARED)/datasets --work build/external --runs runs

check-gold: .venv/.installed ## check gold offsets, contexts and text hashes of every development corpus against its texts
	$(PY) -m pipeline check-gold --dev --shared $(SHARED)

train: .venv/.installed ## train the attribution ranker on the dev split of the gold into models/attribution_ranker.json
	$(PY) -m pipeline train --shared $(SHARED)

eval-dev: .venv/.installed ## extract the development corpora (cached) and score them per corpus and split [OWN_ONLY=1]
	$(PY) -m pipeline eval-dev --shared $(SHARED) $(if $(OWN_ONLY),--own-only)

diff: .venv/.installed ## compare two runs fact by fact into B/diff.csv and B/diff.html: make diff A=runs/old B=runs/new [GOLD=annotations]
	$(PY) -m pipeline diff $(A) $(B) $(if $(GOLD),--gold $(GOLD))

test: .venv/.installed ## run the test suite (what CI runs)
	$(PY) -m pytest -q

test-fast: .venv/.installed ## run the tests without the slow end-to-end ones
	$(PY) -m pytest -q -m "not slow"

soak: .venv/.installed ## soak test: DOCS generated documents (default 20000), 1% hostile, 2 workers; figures in build/soak/report.json
	$(PY) -m pytest -q -s -m soak tests/test_soak.py --soak-docs $(or $(DOCS),20000)

bench: .venv/.installed ## every speed and memory figure in one run, against the targets: build/bench/report.json and a table
	$(PY) bench/bench.py --docs $(or $(DOCS),2000) --shared $(SHARED)

bench-pdf: .venv/.installed ## PDF and text path: pages/s, docs/s, peak memory next to the raw PDFium text layer, text quality
	$(PY) bench/bench_pdf.py --pdfs $(SHARED)/pdfs

bench-scale: .venv/.installed ## throughput, cache re-run, memory and cost next to tokenization on DOCS documents (default 2000)
	$(PY) bench/bench_scale.py --docs $(or $(DOCS),2000) --shared $(SHARED)

pdf-layouts: .venv/.installed ## facts from PDFs of the dev abstracts in every test-bed layout vs the same text as .txt (build/pdf_layouts)
	$(PY) bench/pdf_layouts.py --abstracts $(SHARED)/corpus/dev_abstracts --out build/pdf_layouts
