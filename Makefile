# Two commands do all the set-up on a machine that has only python3:
#   make run    scrape the bundled fixtures into output/ and check them against the samples
#   make test   run the test suite, then the extraction regression gate (benchmarks/gate.py)
#   make eval   score every extractor on the four datasets in ../shared/datasets (bench extra)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test gate eval bench clean

DATASETS := ../shared/datasets

$(BIN)/scraper: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/scraper
	$(BIN)/scraper scrape fixtures/html -o output/
	$(BIN)/scraper check output --samples fixtures/text
	$(BIN)/scraper validate output

test: $(BIN)/scraper
	$(BIN)/python -m pytest -q
	$(BIN)/python benchmarks/gate.py

gate: $(BIN)/scraper
	$(BIN)/python benchmarks/gate.py

eval: $(BIN)/scraper
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/extraction.py $(DATASETS)/readability-test-pages $(DATASETS)/htmldate-dev \
		$(DATASETS)/wcxb-dev $(DATASETS)/trafilatura-eval --process-speed 600

bench: eval
	$(BIN)/python benchmarks/crawl.py

clean:
	rm -rf $(VENV) output/*.jsonl
