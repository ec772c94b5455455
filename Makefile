# Two commands for a fresh machine (see README):
#   make app    set up .venv and serve the ROI dashboard with Voilà on 127.0.0.1
#   make test   set up .venv (and Debian's chromium) and run every test
#   make reports  write reports/<scenario>.xlsx and .pdf for every shipped scenario
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8866
APP    ?= notebooks/roi_dashboard.ipynb
REPORTS ?= reports

.PHONY: app apps test setup chromium bench lock clean reports

setup: $(STAMP)

# Installs exactly the versions CI tested (constraints.txt).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[app,test]'
	touch $(STAMP)

app: $(STAMP)
	$(BIN)/voila $(if $(wildcard $(APP)),$(APP),notebooks) --no-browser \
		--Voila.ip=127.0.0.1 --port=$(PORT) --Voila.config_file_paths=voila_config

# Every app and lesson, with the landing page at /voila/render/index.ipynb.
apps: $(STAMP)
	$(BIN)/voila notebooks --no-browser --Voila.ip=127.0.0.1 --port=$(PORT) \
		--Voila.config_file_paths=voila_config

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) chromium
	$(BIN)/python -m pytest

# The Excel workbook (live formulas) and PDF report of every shipped scenario, to look at.
reports: $(STAMP)
	mkdir -p $(REPORTS)
	for f in data/scenarios/*.yaml; do \
		n=$$(basename $$f .yaml); \
		$(BIN)/python -m supportroi report $$f --xlsx $(REPORTS)/$$n.xlsx \
			--pdf $(REPORTS)/$$n.pdf || exit 1; \
	done

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Refresh constraints.txt from the current .venv after a deliberate upgrade.
lock:
	$(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check > constraints.txt

clean:
	rm -rf $(VENV)
