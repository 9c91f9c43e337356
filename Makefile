# ismap-rules — `make demo` runs the bundled rules on an example case; `make test` runs every test.
# Both install what they need on a fresh Debian machine (libyaml-dev, pkg-config).
SWIFT ?= swift
BIN_DEBUG := .build/debug/ismap-rules
BIN := .build/release/ismap-rules

.PHONY: schema-deps deps build release demo serve test-api test-schemathesis schemathesis-venv test-web web-deps bench-serve test unit cases check-rules library-demo bench bench-venv bench-peers bench-interview fuzz fuzz-smoke sanitize-asan sanitize-tsan clean \
  schemas schema-check man man-deps completions install uninstall install-check

deps:
	@dpkg -s libyaml-dev pkg-config >/dev/null 2>&1 || { \
	  echo "installing libyaml-dev and pkg-config"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y libyaml-dev pkg-config; }

# The golden eval outputs are validated against docs/eval-output.schema.json with Python's jsonschema,
# and rule and facts files against docs/schema/ (read with PyYAML).
schema-deps:
	@python3 -c 'import jsonschema, yaml' 2>/dev/null || python3 -m pip install --quiet jsonschema pyyaml \
	  || python3 -m pip install --quiet --break-system-packages jsonschema pyyaml

build: deps
	$(SWIFT) build

# Static stdlib: about half the start-up time of a dynamically linked binary (docs/performance.md).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product ismap-rules

demo: release
	$(BIN) eval examples/multi-year-contract.yaml

# The HTTP API and the interview page on http://127.0.0.1:8080/ (docs/serve.md); Ctrl-C stops it.
serve: release
	$(BIN) serve

# Requests/s, p99, RSS growth and 1,000 connections for /v1/eval (docs/performance.md); wrk from Debian.
bench-serve: deps
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get install -y wrk || { $$SUDO apt-get update && $$SUDO apt-get install -y wrk; }; }
	$(SWIFT) build -c release --static-swift-stdlib --product ismap-rules
	bench/serve.sh $(BIN)

# The browser tests need Debian's chromium and its driver (Selenium is pointed at them, so it never
# downloads a browser), a Japanese font for the screenshots, and Selenium + axe from PyPI (pinned).
WEB_PIP := selenium==4.51.0 axe-selenium-python==2.1.6
web-deps:
	@dpkg -s chromium chromium-driver fonts-ipafont-gothic >/dev/null 2>&1 || { \
	  echo "installing chromium, chromium-driver and fonts-ipafont-gothic"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get install -y chromium chromium-driver fonts-ipafont-gothic \
	  || { $$SUDO apt-get update && $$SUDO apt-get install -y chromium chromium-driver fonts-ipafont-gothic; }; }
	@python3 -c 'import selenium, axe_selenium_python' 2>/dev/null || python3 -m pip install --quiet $(WEB_PIP) \
	  || python3 -m pip install --quiet --break-system-packages $(WEB_PIP)

# The interview page in headless chromium (Tests/web/test_page.py); screenshots in .build/web-screenshots.
test-web: build web-deps
	python3 Tests/web/test_page.py $(BIN_DEBUG)

# The HTTP API against a server on an ephemeral loopback port (every endpoint and error status).
test-api: build
	python3 Tests/serve/test_api.py $(BIN_DEBUG)

# API fuzzing from /openapi.json (Tests/serve/schemathesis.sh: bounded to 25 examples per operation and
# 90 s); schemathesis is pinned and lives in a venv of its own, so it never changes the test tools' versions.
ST_VENV := .build-st/venv
ST_PIP := schemathesis==4.32.5
schemathesis-venv: $(ST_VENV)/.installed
$(ST_VENV)/.installed:
	rm -rf $(ST_VENV)
	python3 -m venv $(ST_VENV) || { rm -rf $(ST_VENV); \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get install -y python3-venv && python3 -m venv $(ST_VENV); }
	$(ST_VENV)/bin/pip install --quiet $(ST_PIP)
	touch $@

test-schemathesis: build schemathesis-venv
	ST=$(ST_VENV)/bin/schemathesis Tests/serve/schemathesis.sh $(BIN_DEBUG)

test: deps schema-deps
	$(SWIFT) build
	$(SWIFT) test
	python3 Tests/schema/validate_outputs.py
	python3 Tests/serve/test_api.py $(BIN_DEBUG)
	$(MAKE) schemathesis-venv
	ST=$(ST_VENV)/bin/schemathesis Tests/serve/schemathesis.sh $(BIN_DEBUG)
	$(MAKE) web-deps
	python3 Tests/web/test_page.py $(BIN_DEBUG)
	$(BIN_DEBUG) check --strict rules/ismap
	$(BIN_DEBUG) test --rules rules/ismap --min-coverage 100 Tests/ismap/*.yaml Tests/ismap/flips/*.yaml
	# The policy docs/tutorial.md builds: checked, tested, and its revision diffed (exit 1: they differ).
	$(BIN_DEBUG) check --strict examples/tutorial-policy/rules
	$(BIN_DEBUG) test --min-coverage 100 examples/tutorial-policy/tests/*.yaml examples/tutorial-policy/tests/flips/*.yaml
	$(BIN_DEBUG) diff examples/tutorial-policy/rules/fy2024 examples/tutorial-policy/rules/fy2025 \
	  --cases examples/tutorial-policy/tests >.build/tutorial-diff.txt; test $$? -eq 1
	diff -u Tests/RulesCLITests/Snapshots/diff-tutorial-fy2024-fy2025.txt .build/tutorial-diff.txt
	$(MAKE) schema-check install-check
	$(MAKE) library-demo

# The library as a user's package sees it (examples/library-demo depends on this folder by path).
# Its own scratch path, so it never shares .build with the root package. SwiftPM's incremental build of a
# path dependency can miss files added to it since the last run, so a failed run is retried from scratch.
library-demo: deps
	$(SWIFT) run --package-path examples/library-demo --scratch-path .build-example library-demo || { \
	  rm -rf .build-example; $(SWIFT) run --package-path examples/library-demo --scratch-path .build-example library-demo; }

clean:
	rm -rf .build .build-*

# Speed targets (docs/performance.md): release build, medians of repeated runs; then batch throughput
# at 10^4, 10^5 and 10^6 generated ISMAP cases and the scale in rules (bench/batch.py; cases are cached
# in .build-bench). BENCH_SIZES and BENCH_FULL_MAX shorten a run.
BENCH_DIR := .build-bench
BENCH_PY := $(BENCH_DIR)/venv/bin/python
BENCH_SIZES ?= 10000,100000,1000000
BENCH_FULL_MAX ?= 1000000

bench: deps bench-venv
	$(SWIFT) build -c release --static-swift-stdlib --product ismap-rules
	$(SWIFT) build -c release --product ismap-rules-bench
	.build/release/ismap-rules-bench .build/release/ismap-rules examples/multi-year-contract.yaml
	BENCH_FULL_MAX=$(BENCH_FULL_MAX) $(BENCH_PY) bench/batch.py $(BIN) $(BENCH_DIR) $(BENCH_SIZES)

# A Python venv of its own, from PyPI, with the versions pinned in bench/peers/requirements.txt.
bench-venv: $(BENCH_DIR)/venv/.installed
$(BENCH_DIR)/venv/.installed: bench/peers/requirements.txt
	rm -rf $(BENCH_DIR)/venv
	python3 -m venv $(BENCH_DIR)/venv || { rm -rf $(BENCH_DIR)/venv; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get install -y python3-venv && python3 -m venv $(BENCH_DIR)/venv; }
	$(BENCH_DIR)/venv/bin/pip install --quiet -r bench/peers/requirements.txt
	touch $@

# Side by side with established engines on the simplified decision (bench/peers/, docs/performance.md):
# 10^5 generated cases, every engine must agree on every case, medians of 3 runs.
bench-peers: deps bench-venv
	$(SWIFT) build -c release --static-swift-stdlib --product ismap-rules
	@test -s $(BENCH_DIR)/peers-100000.jsonl || python3 bench/peers/gen_cases.py 100000 > $(BENCH_DIR)/peers-100000.jsonl
	$(BENCH_PY) bench/peers/peers.py $(BIN) $(BENCH_DIR)/peers-100000.jsonl 3

# The interview (docs/interview.md): questions needed per ISMAP case, eval's order against facts.yaml
# order, alphabetical order and the fewest facts that decide each case.
bench-interview: deps
	$(SWIFT) build -c release --product interview-bench
	.build/release/interview-bench Tests/ismap/*.yaml

# Hostile input (issue 5; fuzz/README.md). `make fuzz` runs each libFuzzer target for
# FUZZ_SECONDS (default 10 minutes), one after another; `make fuzz-smoke` for 45 s each (CI).
# The fuzz build links with lld and lets the build-tool plugin's helper (which is instrumented
# too but never run as a fuzzer) leave libFuzzer's callback unresolved.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := FuzzYAML FuzzExpr FuzzEval FuzzCheck
FUZZ_FLAGS := -c debug --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
  -Xcc -DFUZZING -Xswiftc -use-ld=lld -Xlinker --warn-unresolved-symbols

fuzz-build: deps
	@mkdir -p .build-fuzz
	@for t in $(FUZZ_TARGETS); do \
	  $(SWIFT) build $(FUZZ_FLAGS) --product $$t >.build-fuzz/$$t.log 2>&1 || true; \
	  test -x .build-fuzz/debug/$$t || { tail -20 .build-fuzz/$$t.log; exit 1; }; \
	done
	fuzz/make-seeds.sh fuzz/corpus

fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do fuzz/run.sh $$t $(FUZZ_SECONDS) || exit 1; done

fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=45

# Leak checking is off: LeakSanitizer reports allocations held by XCTest and Foundation at exit.
sanitize-asan: deps
	$(SWIFT) build --scratch-path .build-asan -Xswiftc -sanitize=address
	# ASan's shadow memory roughly doubles resident memory, so the bad-input bound is raised to match.
	ASAN_OPTIONS=detect_leaks=0 BADINPUT_MAX_RSS_MB=2048 $(SWIFT) test --scratch-path .build-asan -Xswiftc -sanitize=address

sanitize-tsan: deps
	$(SWIFT) build --scratch-path .build-tsan -Xswiftc -sanitize=thread
	$(SWIFT) test --scratch-path .build-tsan -Xswiftc -sanitize=thread

# Editor schemas (docs/editors.md): rules.schema.json and one facts schema per bundled series, as
# the binary emits them. A unit test fails when the committed files differ; `make schemas` rewrites them.
SERIES = $(shell sed -n 's/^  series: *//p' rules/*/*/ruleset.yaml | sort -u)

schemas: deps
	$(SWIFT) build --product ismap-rules
	@mkdir -p docs/schema
	$(BIN_DEBUG) schema rules --output docs/schema/rules.schema.json
	@for s in $(SERIES); do \
	  echo "$(BIN_DEBUG) schema facts --series $$s --output docs/schema/facts.$$s.schema.json"; \
	  $(BIN_DEBUG) schema facts --series $$s --output docs/schema/facts.$$s.schema.json || exit 1; \
	done

# Every bundled rule file and example facts file validates against the schema its modeline names;
# copies with one mistake are rejected by the schema where `check` or `eval` rejects them.
schema-check: schema-deps
	$(SWIFT) build --product ismap-rules
	python3 Tests/schema/validate.py $(BIN_DEBUG)

# Installation: the release binary, a man page per subcommand, bash/zsh/fish completions.
# `make install PREFIX=/usr/local` (DESTDIR for packagers); `make uninstall` removes exactly the
# files listed in the manifest that `install` wrote.
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MAN1DIR = $(PREFIX)/share/man/man1
BASHDIR = $(PREFIX)/share/bash-completion/completions
ZSHDIR = $(PREFIX)/share/zsh/site-functions
FISHDIR = $(PREFIX)/share/fish/vendor_completions.d
MANIFEST = $(PREFIX)/share/ismap-rules/installed-files
GEN = .build/install-files

man-deps:
	@dpkg -s man-db groff-base >/dev/null 2>&1 || { \
	  echo "installing man-db and groff-base"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y man-db groff-base; }

# Man pages come from swift-argument-parser's own generate-manual tool (it reads the binary's
# --experimental-dump-help), one page per subcommand. `plugin generate-manual --help` builds the
# tool; the tool then runs on the release binary alone (the plugin itself would try every
# executable of the package, and the helper executables have no manual).
man: release
	rm -rf $(GEN)/man && mkdir -p $(GEN)/man
	$(SWIFT) package plugin generate-manual --help >/dev/null
	tool=$$(find .build -path '*/debug/generate-manual-tool' -type f | head -1); \
	  test -x "$$tool" || { echo "swift-argument-parser's generate-manual tool was not built"; exit 1; }; \
	  $$tool $(BIN) --multi-page --date $$(git log -1 --format=%cs 2>/dev/null || date -u +%F) -o $(GEN)/man

completions: release
	rm -rf $(GEN)/completions && mkdir -p $(GEN)/completions
	$(BIN) --generate-completion-script bash >$(GEN)/completions/ismap-rules
	$(BIN) --generate-completion-script zsh >$(GEN)/completions/_ismap-rules
	$(BIN) --generate-completion-script fish >$(GEN)/completions/ismap-rules.fish

install: release man completions
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(BASHDIR) $(DESTDIR)$(ZSHDIR) \
	  $(DESTDIR)$(FISHDIR) $(DESTDIR)$(dir $(MANIFEST))
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/ismap-rules
	install -m 644 $(GEN)/man/*.1 $(DESTDIR)$(MAN1DIR)/
	install -m 644 $(GEN)/completions/ismap-rules $(DESTDIR)$(BASHDIR)/ismap-rules
	install -m 644 $(GEN)/completions/_ismap-rules $(DESTDIR)$(ZSHDIR)/_ismap-rules
	install -m 644 $(GEN)/completions/ismap-rules.fish $(DESTDIR)$(FISHDIR)/ismap-rules.fish
	{ echo $(BINDIR)/ismap-rules; for p in $(GEN)/man/*.1; do echo $(MAN1DIR)/$${p##*/}; done; \
	  echo $(BASHDIR)/ismap-rules; echo $(ZSHDIR)/_ismap-rules; echo $(FISHDIR)/ismap-rules.fish; \
	  echo $(MANIFEST); } >$(DESTDIR)$(MANIFEST)
	@echo "installed $$(wc -l <$(DESTDIR)$(MANIFEST)) files under $(DESTDIR)$(PREFIX) (list: $(MANIFEST))"

uninstall:
	@test -f $(DESTDIR)$(MANIFEST) || { echo "nothing to uninstall: no $(DESTDIR)$(MANIFEST)"; exit 1; }
	@while read -r f; do rm -f "$(DESTDIR)$$f" && echo "removed $$f"; done <$(DESTDIR)$(MANIFEST)
	@rmdir $(DESTDIR)$(dir $(MANIFEST)) 2>/dev/null || true

# Installs into a temporary prefix and checks the result (run by `make test`).
install-check: man-deps
	Tests/install/check.sh
