# The simulator (crates/engine) and its command-line face (crates/cli/src/sim.rs).
#
#   make test-flows     every sample flow's saved test calls pass, and together they take every
#                       exit of every component (`callflow test --require-coverage flows/`)
#   make test-scenarios the §4 runtime scenarios (tests/scenarios/, saved test calls written from
#                       DOMAIN.md §4: `callflow test tests/scenarios/`)
#   make bench-engine   only the engine benchmarks (figures in BENCHMARKS.md, "Engine")
#   make engine-bindings regenerate ui/src/engine-bindings (the engine's IPC types)

TEST_TARGETS += test-flows test-scenarios

.PHONY: test-flows test-scenarios bench-engine engine-bindings

test-flows:
	$(CARGO) run --quiet --locked -p callflow-cli -- test --require-coverage flows/

test-scenarios:
	$(CARGO) run --quiet --locked -p callflow-cli -- test tests/scenarios/

bench-engine:
	$(CARGO) bench --locked -p callflow-engine --bench engine

engine-bindings:
	UPDATE_BINDINGS=1 $(CARGO) test --locked -p callflow-engine --lib bindings
