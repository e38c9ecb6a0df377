# make run   set up .venv and open the app on the sample project (built from seeds/)
# make test  set up .venv and run the whole test suite (offscreen, no display needed)
# make bench run the benchmarks (numbers printed and written to bench/out/)
# make lint  the gates CI runs before the tests: ruff, import-linter contracts, mypy (see .ci/lint)

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LINTED := $(VENV)/.installed-lint

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml
	@PYTHON=$$(.ci/find-python) || exit 1; \
	  echo "using $$PYTHON"; \
	  [ -x $(PY) ] || "$$PYTHON" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,transformers,fast]'
	@touch $(STAMP)

$(LINTED): $(STAMP)
	$(PY) -m pip install -q -e '.[test,transformers,fast,lint]'
	@touch $(LINTED)

run: $(STAMP)
	@.ci/system-deps --xcb
	$(VENV)/bin/barchasb gui

test: $(STAMP)
	@.ci/system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(LINTED)
	@.ci/lint

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
