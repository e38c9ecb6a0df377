# make run   set up .venv and open the app on the sample project (built from seeds/)
# make test  set up .venv and run the whole test suite (offscreen, no display needed)
# make bench run the benchmarks (numbers printed and written to bench/out/)

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	@PYTHON=$$(.ci/find-python) || exit 1; \
	  echo "using $$PYTHON"; \
	  [ -x $(PY) ] || "$$PYTHON" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	@.ci/system-deps --xcb
	$(VENV)/bin/barchasb gui

test: $(STAMP)
	@.ci/system-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
