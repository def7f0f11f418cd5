# The course's two commands: `make lab` (set up and open the course) and `make test`.
# Both create .venv when it is missing or older than pyproject.toml, and install the course into it.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: lab test setup clean site

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed; this is " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@# The course runs offline: no news feed or update check in JupyterLab.
	$(VENV)/bin/jupyter labextension disable --level=sys_prefix "@jupyterlab/apputils-extension:announcements" >/dev/null 2>&1
	@touch $(STAMP)

lab: $(STAMP)
	@# Opens your own copy of the lessons, my-work/ (made on first use; updates never overwrite it).
	$(VENV)/bin/crm-lessons workspace

# The course as web pages in site/ (open site/index.html; no server or internet needed).
# Instructor's version with the solutions folded under each exercise: SITE_FLAGS=--with-solutions
site: $(STAMP)
	$(VENV)/bin/crm-lessons site site --force $(SITE_FLAGS)

test: $(STAMP)
	$(VENV)/bin/ruff check crm_lessons tests benchmarks
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: Chromium found, the lessons will also run in JupyterLab."; \
	 else echo "Browser tests: SKIPPED, /usr/bin/chromium is missing (Debian: apt-get install chromium)."; fi
	@if $(PY) -c 'import jupyterhub' 2>/dev/null && command -v configurable-http-proxy >/dev/null && [ "$$(id -u)" = 0 ]; then \
	 echo "Hub test: JupyterHub, the proxy and root found, the course will run on a local hub."; \
	 else echo "Hub test: SKIPPED, it needs root, the hub extra (.venv/bin/pip install -e '.[dev,hub]') and the proxy (npm install -g configurable-http-proxy)."; fi
	@# The tests on every core (pytest-xdist); then each lesson top to bottom in one kernel (nbval).
	$(PY) -m pytest tests -p no:cacheprovider -n auto --maxprocesses=4 --dist loadgroup
	$(PY) -m pytest notebooks --nbval-lax --nbval-cell-timeout=300 -p no:cacheprovider

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts site

# Lifetime-value benchmark against the `lifetimes` package, in its own venv (pins: the `bench`
# extra in pyproject.toml; lifetimes needs pandas 2 / numpy 1). Not part of `make test`.
BENCH_VENV := benchmarks/.venv-bench
.PHONY: bench-clv
bench-clv:
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet "lifetimes==0.11.3" "autograd==1.7.0" \
	    "pandas==2.2.3" "numpy==1.26.4" "scipy==1.13.1" "pyarrow==18.1.0"
	$(BENCH_VENV)/bin/python -m pip install --quiet --no-deps -e .
	$(BENCH_VENV)/bin/python benchmarks/bench_clv.py --repeat 7
	$(BENCH_VENV)/bin/python benchmarks/bench_clv_models.py --repeat 7
