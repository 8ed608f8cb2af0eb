# The two commands a fresh machine needs: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8080
BIN := $(VENV)/bin

.PHONY: run test test-slow spark lint format openapi model bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime  ## start the service on $(PORT) with gunicorn (model loaded once, before workers fork)
	PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py service.wsgi:app

test: $(VENV)/.dev  ## lint and run the test suite (tests that need ../shared skip without it)
	$(BIN)/ruff check .
	$(BIN)/pytest -m "not slow"

$(VENV)/.spark: requirements-spark.txt $(VENV)/.dev
	$(BIN)/pip install -q -r requirements-spark.txt
	touch $@

spark: $(VENV)/.spark  ## pyspark for the archive job (python -m service spark) and its test; not the service's runtime

test-slow: $(VENV)/.spark  ## the slow robustness tests and the Spark job in local mode (CI runs them too)
	$(BIN)/pytest -m slow || [ $$? -eq 5 ]  # exit 5: no slow test selected

openapi: $(VENV)/.runtime  ## regenerate openapi.yaml from the marshmallow schemas (a test fails when it is stale)
	$(BIN)/python -m service.openapi

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(VENV)/.build: requirements-build.txt $(VENV)/.dev
	$(BIN)/pip install -q -r requirements-build.txt
	touch $@

model: $(VENV)/.build  ## rebuild models/de_news_events from ../shared/data (see training/README.md)
	PATH=$(CURDIR)/$(BIN):$$PATH bash training/build.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
