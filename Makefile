# ismap-rules — `make demo` runs the bundled rules on an example case; `make test` runs every test.
# Both install what they need on a fresh Debian machine (libyaml-dev, pkg-config).
SWIFT ?= swift
BIN_DEBUG := .build/debug/ismap-rules
BIN := .build/release/ismap-rules

.PHONY: schema-deps deps build release demo test unit cases check-rules bench bench-interview fuzz fuzz-smoke sanitize-asan sanitize-tsan clean

deps:
	@dpkg -s libyaml-dev pkg-config >/dev/null 2>&1 || { \
	  echo "installing libyaml-dev and pkg-config"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y libyaml-dev pkg-config; }

# The golden eval outputs are validated against docs/eval-output.schema.json with Python's jsonschema.
schema-deps:
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install --quiet jsonschema \
	  || python3 -m pip install --quiet --break-system-packages jsonschema

build: deps
	$(SWIFT) build

# Static stdlib: about half the start-up time of a dynamically linked binary (docs/performance.md).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product ismap-rules

demo: release
	$(BIN) eval examples/multi-year-contract.yaml

test: deps schema-deps
	$(SWIFT) build
	$(SWIFT) test
	python3 Tests/schema/validate_outputs.py
	$(BIN_DEBUG) check --strict rules/ismap
	$(BIN_DEBUG) test --rules rules/ismap --min-coverage 100 Tests/ismap/*.yaml Tests/ismap/flips/*.yaml
	# The policy docs/tutorial.md builds: checked, tested, and its revision diffed (exit 1: they differ).
	$(BIN_DEBUG) check --strict examples/tutorial-policy/rules
	$(BIN_DEBUG) test --min-coverage 100 examples/tutorial-policy/tests/*.yaml examples/tutorial-policy/tests/flips/*.yaml
	$(BIN_DEBUG) diff examples/tutorial-policy/rules/fy2024 examples/tutorial-policy/rules/fy2025 \
	  --cases examples/tutorial-policy/tests >.build/tutorial-diff.txt; test $$? -eq 1
	diff -u Tests/RulesCLITests/Snapshots/diff-tutorial-fy2024-fy2025.txt .build/tutorial-diff.txt

clean:
	rm -rf .build .build-*

# Speed targets (docs/performance.md): release build, medians of repeated runs.
bench: deps
	$(SWIFT) build -c release --static-swift-stdlib --product ismap-rules
	$(SWIFT) build -c release --product ismap-rules-bench
	.build/release/ismap-rules-bench .build/release/ismap-rules examples/multi-year-contract.yaml

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
