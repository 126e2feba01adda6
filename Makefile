# Two commands set up everything: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test bench-quality bench-speed train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[serve]'
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The example articles have problems on purpose: exit 1 (findings) is the demo working.
demo: install
	@$(BIN)/disclose lint examples/; code=$$?; \
	if [ $$code -eq 1 ]; then echo "(The examples have these problems on purpose: disclose exits 1 when it finds problems.)"; \
	elif [ $$code -ne 0 ]; then exit $$code; fi

test: install-test
	$(BIN)/python -m pytest

# Rebuild the linear models of rules/models/ from ../shared/eval and the editor labels
# (scikit-learn lives in the `train` extra; linting needs none of it).
$(VENV)/.installed-train: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[train]'
	touch $@

train: $(VENV)/.installed-train
	$(BIN)/python train/train_models.py
	$(BIN)/python train/train_style.py

bench-quality: $(VENV)/.installed-train
	$(BIN)/python benchmarks/quality.py

# proselint 0.16 is the comparison point of the speed benchmark (not a dependency of disclose).
$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet 'proselint==0.16.0'
	touch $@

bench-speed: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/speed.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache
