# Two commands for a fresh machine (see README):
#   make app    set up .venv and serve the ROI dashboard with Voilà on 127.0.0.1
#   make test   set up .venv (Debian's chromium, JupyterHub's proxy) and run every test
#   make reports  write reports/<scenario>-<lang>.xlsx and .pdf for every shipped scenario
#                 in en, ru and zh
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8866
APP    ?= notebooks/roi_dashboard.ipynb
# People expected to open one app at the same moment (a workshop room): that many preheated
# kernels wait for them (voila_config/voila.py; docs/deploy.md, "A room of 30").
ROOM   ?= 1
REPORTS ?= reports

.PHONY: app apps test setup chromium fonts hub-proxy bench bench-load lock clean reports

setup: $(STAMP)

# Installs exactly the versions CI tested (constraints.txt).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[app,test,hub]'
	touch $(STAMP)

app: $(STAMP) fonts
	SUPPORTROI_ROOM=$(ROOM) $(BIN)/voila $(if $(wildcard $(APP)),$(APP),notebooks) --no-browser \
		--Voila.ip=127.0.0.1 --port=$(PORT) --Voila.config_file_paths=voila_config

# Every app and lesson, with the landing page at /voila/render/index.ipynb.
apps: $(STAMP) fonts
	SUPPORTROI_ROOM=$(ROOM) $(BIN)/voila notebooks --no-browser --Voila.ip=127.0.0.1 --port=$(PORT) \
		--Voila.config_file_paths=voila_config

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Chinese text in pages, charts and PDFs needs a CJK font (Debian's Noto CJK); Cyrillic
# and ₽ come with DejaVu. Installed when missing and possible (root with apt-get); otherwise
# a note says what to install, and the apps still run.
fonts:
	@fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing Debian's fonts-noto-cjk for Chinese text"; \
			{ DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || \
			  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; }; }; \
		else echo "note: install a CJK font (Debian: fonts-noto-cjk) for Chinese text"; fi; }

# JupyterHub's proxy (configurable-http-proxy, npm) at the version in deploy/hub/package-lock.json.
HUB_PROXY := deploy/hub/node_modules/.bin/configurable-http-proxy
hub-proxy: $(HUB_PROXY)

$(HUB_PROXY): deploy/hub/package.json deploy/hub/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
		echo "JupyterHub's proxy needs Node.js >= 20 and npm (not found)"; exit 1; }
	cd deploy/hub && npm ci --no-audit --no-fund --loglevel=error
	touch $(HUB_PROXY)

test: $(STAMP) chromium fonts $(HUB_PROXY)
	$(BIN)/python -m pytest

# The Excel workbook (live formulas) and PDF report of every shipped scenario in every
# language, to look at: reports/<scenario>-<lang>.xlsx and .pdf.
REPORT_LANGS ?= en ru zh
reports: $(STAMP)
	mkdir -p $(REPORTS)
	for f in data/scenarios/*.yaml; do \
		n=$$(basename $$f .yaml); \
		for l in $(REPORT_LANGS); do \
			$(BIN)/python -m supportroi report $$f --lang $$l \
				--xlsx $(REPORTS)/$$n-$$l.xlsx --pdf $(REPORTS)/$$n-$$l.pdf || exit 1; \
		done; \
	done

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# A room of 30 on this machine (a few minutes): each app's kernel cost, then 30 people at once.
bench-load: $(STAMP)
	$(BIN)/python benchmarks/bench_kernels.py
	$(BIN)/python benchmarks/bench_load.py --users 30

# Refresh constraints.txt from the current .venv after a deliberate upgrade.
lock:
	$(BIN)/python -m pip freeze --exclude-editable --disable-pip-version-check > constraints.txt

clean:
	rm -rf $(VENV)
