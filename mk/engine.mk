# The simulator (crates/engine) and its command-line face (crates/cli/src/sim.rs).
#
#   make test-flows     every sample flow's saved test calls pass, and together they take every
#                       exit of every component (`callflow test --require-coverage flows/`)
#   make bench-engine   only the engine benchmarks (figures in BENCHMARKS.md, "Engine")
#   make engine-bindings regenerate ui/src/engine-bindings (the engine's IPC types)

TEST_TARGETS += test-flows

.PHONY: test-flows bench-engine engine-bindings

test-flows:
	$(CARGO) run --quiet --locked -p callflow-cli -- test --require-coverage flows/

bench-engine:
	$(CARGO) bench --locked -p callflow-engine --bench engine

engine-bindings:
	UPDATE_BINDINGS=1 $(CARGO) test --locked -p callflow-engine --lib bindings
