# notegraph — build, test, site, benchmark and screenshot entry points.
# `make` with no target prints the list below.

# Debian's CI shell is non-interactive and may not have the toolchain on PATH.
export PATH := /opt/swift/usr/bin:$(PATH)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

SWIFT    ?= swift
CONTENT  ?= content
SITE     ?= site
# Swift Testing already runs tests concurrently in one process; SwiftPM's --parallel
# only forks one process per XCTest case and drops XCTest's "Executed N tests" summary,
# so it is off by default. `make test TEST_FLAGS='--filter Linker'` narrows the run.
TEST_FLAGS ?=
BENCH_ARGS ?=
# `make screenshot PAGE=site/some/page/index.html SIZE=1280x900`
PAGE     ?= $(SITE)/index.html
SIZE     ?= 1280x900
SHOTS    ?= bench-out/screenshots

RELEASE_BIN = .build/release/notegraph

.PHONY: help deps build release site test golden bench screenshot clean

help:
	@echo "notegraph make targets:"
	@echo "  make site        install build deps, release build, render $(CONTENT)/ into $(SITE)/ (commit the result)"
	@echo "  make test        install test deps, swift build, swift test $(TEST_FLAGS)"
	@echo "  make build       debug build (swift build)"
	@echo "  make release     release build (swift build -c release)"
	@echo "  make golden      rewrite golden files: NOTEGRAPH_UPDATE_GOLDEN=1 swift test"
	@echo "  make bench       benchmark notegraph vs cmark-gfm vs hugo (BENCH_ARGS='--notes 10000 --runs 3')"
	@echo "  make screenshot  PNG screenshots (light + dark) of PAGE=$(PAGE) into $(SHOTS)/"
	@echo "  scripts/formula-sheet  ~40 formulas as build-time MathML beside KaTeX -> docs/formula-sheet.png"
	@echo "  scripts/site-audit SITE  follow a built site's hrefs, srcs and #fragments as a browser does; duplicate ids"
	@echo "  make deps        install test dependencies only (scripts/install-deps test)"
	@echo "  make clean       remove build products and bench-out/ (keeps $(SITE)/ and fetched packages)"

deps:
	@bash scripts/install-deps test

build:
	@bash scripts/install-deps build
	$(SWIFT) build

release:
	@bash scripts/install-deps build
	$(SWIFT) build -c release --product notegraph

# notegraph reads notegraph.yml (content/ -> site/) and swaps the new site in atomically: files of
# deleted notes disappear and a failed build leaves the old site whole. The test suite checks that
# the committed site/ is byte-identical to a fresh build (EndToEndTests/ExampleSiteTests).
site:
	@bash scripts/install-deps site
	$(SWIFT) build -c release --product notegraph
	$(RELEASE_BIN) build
	@echo "site: $$(find $(SITE) -type f | wc -l) files in $(SITE)/"

# The recipe ends with swift test so the last lines printed are its summary.
test:
	@bash scripts/install-deps test
	$(SWIFT) build
	$(SWIFT) test $(TEST_FLAGS)

golden:
	@bash scripts/install-deps test
	NOTEGRAPH_UPDATE_GOLDEN=1 $(SWIFT) test

bench:
	python3 scripts/bench $(BENCH_ARGS)

screenshot:
	@test -f $(PAGE) || { echo "screenshot: $(PAGE) not found (run make site first?)" >&2; exit 1; }
	@mkdir -p $(SHOTS)
	bash scripts/screenshot $(PAGE) $(SHOTS)/light.png $(SIZE)
	bash scripts/screenshot --dark $(PAGE) $(SHOTS)/dark.png $(SIZE)

clean:
	-$(SWIFT) package clean
	rm -rf bench-out
