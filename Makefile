# mktreport: `make report` and `make test` are all a newcomer needs.
# Both install the Debian packages the build needs when they are missing.

SWIFT ?= swift
DATA ?= fixtures/sample
OUT ?= reports
BUILD_PACKAGES := libxml2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev librsvg2-bin
# The browser test renders the report in headless chromium, with fixed fonts (its layout must not depend on
# which fonts a machine happens to have; the page's font stack ends in DejaVu Sans).
# The PostgreSQL tests (--source, import) run against a throwaway cluster that .ci/with-postgres
# starts from Debian's server package and removes afterwards.
TEST_PACKAGES := chromium fonts-dejavu-core postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps report test build release fixtures contract-check clean bench bench-venv bench-compare bench-quality bench-postgres bench-citus fuzz screenshots

all: build

## Install missing Debian packages (apt-get update first, as a fresh machine needs).
deps:
	@missing=""; for p in $(BUILD_PACKAGES) $(EXTRA_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## The main job on the committed sample: reports/<from>_<to>/ for the last complete week; and on the
## committed orders-only shop (no customers, events, catalog or ads): reports/orders-only/.
report: release
	.build/release/mktreport report --data $(DATA) --out $(OUT)
	@if [ "$(DATA)" = fixtures/sample ]; then .build/release/mktreport report --data fixtures/orders-only --out $(OUT)/orders-only; fi

test: contract-check
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="$(TEST_PACKAGES)"
	.ci/with-postgres $(SWIFT) test

## Regenerate the committed sample exports (deterministic: seed 42), the full shop and the orders-only one.
fixtures: release
	rm -rf fixtures/sample fixtures/orders-only
	.build/release/mktreport fixtures --seed 42 --scale small --out fixtures/sample
	.build/release/mktreport fixtures --seed 42 --scale small --shape orders-only --out fixtures/orders-only

## docs/DATA_CONTRACT.md is a copy of the shared contract; fail when they drift apart.
contract-check:
	@if [ -f ../shared/DATA_CONTRACT.md ] && ! cmp -s ../shared/DATA_CONTRACT.md docs/DATA_CONTRACT.md; then \
	  echo "docs/DATA_CONTRACT.md differs from ../shared/DATA_CONTRACT.md: copy it over"; exit 1; fi

## Benchmarks (BENCHMARKS.md). Generated data, Python venv and results live in bench/.cache and
## bench/.venv, outside git. Python is only used for the reference side, never to build or test.
BENCH_PY := bench/.venv/bin/python

bench-venv: $(BENCH_PY)
$(BENCH_PY): bench/requirements.txt
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="python3-venv"
	python3 -m venv bench/.venv
	$(BENCH_PY) -m pip install -q -r bench/requirements.txt
	touch $(BENCH_PY)

## Speed and memory per scale and stage (with DuckDB's load + aggregate of the same folder after
## each report run), `recommend` on medium, and the forecasting speed race.
bench: release bench-venv
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="time bc"
	@[ -d bench/.cache/forecast-suite/speed ] || $(BENCH_PY) bench/forecast/make_suite.py bench/.cache/forecast-suite
	bench/run.sh

## The whole report against a pandas reference, and load-and-aggregate against DuckDB (medium scale).
bench-compare: release bench-venv
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="time bc"
	bench/compare.sh

## Accuracy on real data: forecasts against statsforecast, recommendations against implicit and EASE^R.
bench-quality: release bench-venv
	bench/quality.sh

## The medium shop through PostgreSQL (a throwaway cluster) against the file path: import, then
## alternating report runs with time, memory and loopback bytes (issue 25).
bench-postgres: release
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="time postgresql"
	bench/postgres.sh

## --source on a throwaway single-node Citus (built from source beforehand: Debian has none): every
## fixtures shape distributed by customer_id against --data; MEDIUM=1 adds the medium shop (issue 25).
bench-citus: release
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="postgresql"
	bench/citus.sh

## libFuzzer targets (fuzz/, FUZZING.md) with address sanitizer, FUZZ_SECONDS each (default 60).
## The corpus grows in bench/.cache/fuzz (seeded from fuzz/corpus); crashes land in fuzz/crashes/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := fuzz-csv fuzz-orders fuzz-xml fuzz-parsers fuzz-config fuzz-templates fuzz-email
fuzz: deps
	$(SWIFT) build --package-path fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
	@mkdir -p fuzz/crashes
	@for t in $(FUZZ_TARGETS); do \
	  corpus=bench/.cache/fuzz/$$t; mkdir -p $$corpus; cp -n fuzz/corpus/$${t#fuzz-}/* $$corpus/ 2>/dev/null; \
	  echo "== $$t for $(FUZZ_SECONDS) s"; \
	  SWIFT_BACKTRACE=enable=no fuzz/.build/debug/$$t $$corpus -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=4096 \
	    -artifact_prefix=fuzz/crashes/$$t- -print_final_stats=1 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done|==[0-9]+==ERROR|SUMMARY)" ; \
	done

## Screenshots of the committed sample report at desktop and phone width (the browser test takes them into a temporary folder).
screenshots:
	@$(MAKE) --no-print-directory deps EXTRA_PACKAGES="$(TEST_PACKAGES)"
	@mkdir -p reports/screenshots
	@for page in index email; do \
	  scripts/browser.sh screenshot reports/2026-11-23_2026-11-29/$$page.html 1280 reports/screenshots/$$page-desktop.png 2400; \
	  scripts/browser.sh screenshot reports/2026-11-23_2026-11-29/$$page.html 375 reports/screenshots/$$page-phone.png 2400; \
	done

clean:
	rm -rf .build fuzz/.build
