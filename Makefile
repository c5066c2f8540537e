# mktreport: `make report` and `make test` are all a newcomer needs.
# Both install the Debian packages the build needs when they are missing.

SWIFT ?= swift
DATA ?= fixtures/sample
OUT ?= reports
BUILD_PACKAGES := libxml2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps report test build release fixtures contract-check clean

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

## The main job on the committed sample: reports/<from>_<to>/ for the last complete week.
report: release
	.build/release/mktreport report --data $(DATA) --out $(OUT)

test: deps contract-check
	$(SWIFT) test

## Regenerate the committed sample exports (deterministic: seed 42).
fixtures: release
	rm -rf fixtures/sample
	.build/release/mktreport fixtures --seed 42 --scale small --out fixtures/sample

## docs/DATA_CONTRACT.md is a copy of the shared contract; fail when they drift apart.
contract-check:
	@if [ -f ../shared/DATA_CONTRACT.md ] && ! cmp -s ../shared/DATA_CONTRACT.md docs/DATA_CONTRACT.md; then \
	  echo "docs/DATA_CONTRACT.md differs from ../shared/DATA_CONTRACT.md: copy it over"; exit 1; fi

clean:
	rm -rf .build
