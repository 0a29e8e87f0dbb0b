# Every target bootstraps .venv, so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

demo: $(STAMP)
	@store=$$(mktemp -d)/demo.db; \
	$(BIN)/netplus inspect --limit 3 fixtures/linkedin fixtures/vcard fixtures/csv && \
	$(BIN)/netplus import --db $$store --quiet fixtures/linkedin fixtures/vcard fixtures/csv && \
	$(BIN)/netplus list --db $$store && \
	$(BIN)/netplus categories --db $$store && \
	echo 'netplus find "someone to fix my car":' && \
	$(BIN)/netplus find --db $$store someone to fix my car && \
	$(BIN)/netplus export --db $$store --format md && \
	$(BIN)/netplus export --db $$store --format html -o $$(dirname $$store)/referrals.html && \
	lena=$$($(BIN)/netplus list --db $$store --json --search "Lena Park" | $(BIN)/python -c "import json,sys; print(json.load(sys.stdin)[0]['id'])") && \
	$(BIN)/netplus need --db $$store $$lena "an accountant who knows freelancers" && \
	$(BIN)/netplus offer --db $$store me "résumé reviews, Python tutoring" && \
	$(BIN)/netplus log --db $$store $$lena --kind interview --takeaway "most roles are filled through referrals" >/dev/null && \
	echo 'netplus suggest:' && $(BIN)/netplus suggest --db $$store && \
	echo "netplus followup $$lena:" && NETPLUS_NAME="Sam Rivera" $(BIN)/netplus followup --db $$store $$lena && \
	echo "demo store: $$store" && \
	echo "HTML referral list: $$(dirname $$store)/referrals.html"

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench.py

lint: $(STAMP)
	$(BIN)/ruff check connectors pipeline tests bench
	$(BIN)/mypy connectors pipeline

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
