# The flow library (crates/store). Its tests (including the crash tests, which re-run the test
# binary as child processes and SIGKILL them) and its benchmarks already run from `make test`
# (`cargo test --workspace`) and `make bench` (`cargo bench --workspace`).

.PHONY: bindings-store bench-store

## bindings-store: regenerate ui/src/store-bindings (the library's TypeScript types).
bindings-store:
	UPDATE_BINDINGS=1 $(CARGO) test --locked -p callflow-store --lib bindings

## bench-store: only the library's budgets (figures in BENCHMARKS.md, "Store").
bench-store:
	$(CARGO) bench --locked -p callflow-store --bench store
