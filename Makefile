# Set-up and the two commands of the README: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
SHARED_MNIST := ../shared/data/mnist

.PHONY: setup demo test system-packages

setup: $(VENV)/.installed data/mnist

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

# MNIST is never committed: link the shared copy when there is one (or set DIGITCAM_MNIST).
data/mnist:
	@if [ -d $(SHARED_MNIST) ]; then mkdir -p data && ln -sfn ../$(SHARED_MNIST) data/mnist; \
	else echo "note: no MNIST in $(SHARED_MNIST); run: $(PY) -m train.data download --dest data/mnist"; fi

demo: setup
	$(PY) main.py --demo

# Xvfb and xdotool drive the window test.
system-packages:
	@command -v Xvfb >/dev/null && command -v xdotool >/dev/null || \
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xdotool >/dev/null; }

test: setup system-packages
	$(PY) -m pytest
