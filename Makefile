# Callflow Studio. `make run` starts the app, `make test` runs every suite.
# Each target installs what it needs when it is missing (Debian packages, npm packages,
# cargo tools), so a fresh machine needs nothing but this Makefile.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: all deps deps-rust test test-rust lint fmt-check validate-samples bench bench-rust bindings bindings-model bindings-check schema build clean

# `make run` (start the desktop app) is defined in mk/app.mk.

all: test

# Suites and benchmarks owned by one part of the project live in mk/*.mk; each fragment adds
# its targets to these lists (before `test` and `bench` are defined below).
TEST_TARGETS := test-rust lint validate-samples
BENCH_TARGETS := bench-rust
DEPS_TARGETS := deps-rust
include $(wildcard mk/*.mk)

## deps: everything the Rust core needs (toolchain components).
deps-rust:
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

deps: $(DEPS_TARGETS)

## test: every suite that CI runs.
test: deps $(TEST_TARGETS)

test-rust:
	$(CARGO) test --workspace --locked

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

validate-samples:
	$(CARGO) run --quiet --locked -p callflow-cli -- validate flows/*.callflow.json
	$(CARGO) run --quiet --locked -p callflow-cli -- fmt --check flows/*.callflow.json

## bench: the benchmarks whose figures BENCHMARKS.md records.
bench: $(BENCH_TARGETS)

bench-rust:
	$(CARGO) bench --workspace --locked

## bindings / schema: regenerate the generated files that are committed.
## Each crate's generated TypeScript folder links the folders of the crates it builds on, so the
## model's folder is regenerated first (see `callflow_model::bindings`).
bindings: bindings-model bindings-store engine-bindings bindings-app bindings-check

bindings-model:
	UPDATE_BINDINGS=1 $(CARGO) test --locked -p callflow-model --lib bindings

## bindings-check: the checks' message templates for the UI's translations (checks.en.json).
bindings-check:
	UPDATE_BINDINGS=1 $(CARGO) test --locked -p callflow-check --lib ui_list_of_templates

schema:
	UPDATE_SCHEMA=1 $(CARGO) test --locked -p callflow-model --lib schema

build:
	$(CARGO) build --workspace --locked

clean:
	$(CARGO) clean
