# The README's set-up commands. Each target bootstraps .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The tagger and its tokenizer compiled by Cython (setup.py, which reads their list from
# transforms/compiled.py), rebuilt when their source or that list changes. Without a C
# compiler the build leaves them out and the source runs, coding the same events, slower.
COMPILED_STAMP := $(VENV)/.compiled-stamp

.PHONY: run test bench soak prism bigquery-emulator portability-flink eval-extraction eval-events eval-events-dev eval-events-dev2 eval-events-sample-dev eval-events-wire eval-events-wire2 eval-events-wire3 eval-events-heldout eval-agreement eval-events-ceiling eval-syndication eval-syndication-heldout clean

$(STAMP): setup.py requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "diplowire needs Python 3.10 or newer (set PYTHON=...)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test,compile]'
	touch $(STAMP)

$(COMPILED_STAMP): transforms/tagging.py transforms/text.py transforms/compiled.py $(wildcard transforms/*.pxd) $(STAMP)
	$(BIN)/python setup.py --quiet build_ext --inplace
	touch $@

run: $(COMPILED_STAMP)
	$(BIN)/diplowire run $(ARGS)

# Streaming tests run on Beam's Prism runner; this builds it offline when it is missing.
prism: $(STAMP)
	deploy/local/provision_prism.sh $(BIN)/python

# BigQuery tests run against local-bigquery in its own Python 3.13 environment.
bigquery-emulator:
	deploy/local/provision_bigquery_emulator.sh

test: prism bigquery-emulator $(COMPILED_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The bounded run on Flink (Beam's Flink job server from Maven Central) against the default.
portability-flink: $(STAMP)
	$(BIN)/python -m pytest -s tests/flink_portability.py

# Ends with the line "ratio_to_pool: X" (bench.bounded prints it last).
bench: $(COMPILED_STAMP)
	$(BIN)/python -m bench.tagging
	$(BIN)/python -m bench.syndication
	$(BIN)/python -m bench.story_memory
	$(BIN)/python -m bench.bounded $(ARGS)

# 30 minutes of synthetic feed churn through the streaming run (needs Prism: make prism).
soak: prism
	$(BIN)/python -m bench.soak $(ARGS)

eval-extraction: $(STAMP)
	$(BIN)/python -m eval.extraction $(ARGS)

eval-events: $(COMPILED_STAMP)
	$(BIN)/python -m eval.events all $(ARGS)

# Development: hand-coded real news sentences (Fundus pages), through `diplowire tag`.
eval-events-dev: $(COMPILED_STAMP)
	$(BIN)/python -m eval.events_heldout --gold eval/data/fundus_dev/events_dev.jsonl $(ARGS)

# Development, a second set from the same Fundus pages (no sentence shared with the first).
eval-events-dev2: $(COMPILED_STAMP)
	$(BIN)/python -m eval.events_heldout --gold eval/data/fundus_dev2/events_dev.jsonl $(ARGS)

# Development, international: hand-coded sentences of the bundled sample's stories.
eval-events-sample-dev: $(COMPILED_STAMP)
	$(BIN)/python -m eval.events_heldout --gold eval/data/sample_dev/events_dev.jsonl $(ARGS)

# Development, international: hand-coded Wikinews sentences (eval/data/wire_dev).
eval-events-wire: $(COMPILED_STAMP)
	$(BIN)/python -m eval.events_heldout --gold eval/data/wire_dev/events_dev.jsonl $(ARGS)

# Development, international: a second set of hand-coded Wikinews sentences (eval/data/wire_dev2).
eval-events-wire2: $(COMPILED_STAMP)
	$(BIN)/python -m eval.events_heldout --gold eval/data/wire_dev2/events_dev.jsonl $(ARGS)

# Validation, international: a third Wikinews set, kept out of error analysis (eval/data/wire_dev3).
eval-events-wire3: $(COMPILED_STAMP)
	$(BIN)/python -m eval.events_heldout --gold eval/data/wire_dev3/events_dev.jsonl $(ARGS)

# Held out: hand-coded VOA sentences bundled in eval/data/voa, through `diplowire tag`.
eval-events-heldout: $(COMPILED_STAMP)
	$(BIN)/python -m eval.events_heldout $(ARGS)

# Coder agreement: the VOA set and wire_dev3 coded twice more, blind, beside the tagger.
# ARGS go to both runs (ARGS="--context story"); for --json run python -m eval.agreement.
eval-agreement: $(COMPILED_STAMP)
	$(BIN)/python -m eval.agreement --set voa $(ARGS)
	$(BIN)/python -m eval.agreement --set wire3 $(ARGS)

# How much of every bundled gold set the coder's candidate verbs and actors could reach.
eval-events-ceiling: $(COMPILED_STAMP)
	$(BIN)/python -m eval.events_ceiling $(ARGS)

eval-syndication: $(COMPILED_STAMP)
	$(BIN)/python -m eval.syndication_devset && $(BIN)/python -m eval.syndication $(ARGS)

# Held out: real VOA stories bundled in eval/data/voa (never used for tuning), through the CLI.
eval-syndication-heldout: $(COMPILED_STAMP)
	$(BIN)/python -m eval.syndication_devset --data eval/data/voa/voa_stories.jsonl \
		--out eval/out/syndication_heldout.jsonl --seed 13
	$(BIN)/python -m eval.syndication --input eval/out/syndication_heldout.jsonl --through-cli $(ARGS)

clean:
	rm -rf $(VENV) warehouse build *.egg-info transforms/*.so
