# ismap-rules — `make demo` runs the bundled rules on an example case; `make test` runs every test.
# Both install what they need on a fresh Debian machine (libyaml-dev, pkg-config).
SWIFT ?= swift
BIN_DEBUG := .build/debug/ismap-rules
BIN := .build/release/ismap-rules

.PHONY: deps build release demo test unit cases check-rules bench fuzz fuzz-smoke sanitize-asan sanitize-tsan clean

deps:
	@dpkg -s libyaml-dev pkg-config >/dev/null 2>&1 || { \
	  echo "installing libyaml-dev and pkg-config"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && $$SUDO apt-get install -y libyaml-dev pkg-config; }

build: deps
	$(SWIFT) build

# Static stdlib: about half the start-up time of a dynamically linked binary (PLATFORM.md).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product ismap-rules

demo: release
	$(BIN) eval examples/multi-year-contract.yaml

test: deps
	$(SWIFT) build
	$(SWIFT) test
	$(BIN_DEBUG) check --strict rules/ismap
	$(BIN_DEBUG) test --rules rules/ismap --min-coverage 100 Tests/ismap/*.yaml Tests/ismap/flips/*.yaml

clean:
	rm -rf .build .build-*

# Speed targets (docs/performance.md): release build, medians of repeated runs.
bench: deps
	$(SWIFT) build -c release --static-swift-stdlib --product ismap-rules
	$(SWIFT) build -c release --product ismap-rules-bench
	.build/release/ismap-rules-bench .build/release/ismap-rules examples/multi-year-contract.yaml
