# Two commands do all the set-up on a machine that has only python3:
#   make run    scrape the bundled fixtures into output/ and check them against the samples
#   make test   run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean

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

bench: $(BIN)/scraper
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/extraction.py --dataset ../shared/datasets/readability-test-pages --repeat 2
	$(BIN)/python benchmarks/extraction.py --dataset ../shared/datasets/htmldate-dev --repeat 2
	$(BIN)/python benchmarks/crawl.py

clean:
	rm -rf $(VENV) output/*.jsonl
