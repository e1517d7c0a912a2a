//! Validation benchmarks: a generated realistic flow of 1,000 and 10,000 components (budgets:
//! under 1 ms and under 10 ms), and read + validate + write of the 10,000-component file
//! (budget: under 50 ms). Run: `cargo bench -p callflow-check`.

#[path = "support/generate.rs"]
mod generate;

use callflow_check::{NoFlows, check, check_source};
use callflow_model::FlowFile;
use divan::{Bencher, black_box};

/// The allocator the shipped binaries use (`callflow` and the app), so the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

#[divan::bench(args = [1_000, 10_000])]
fn validate(bencher: Bencher, components: usize) {
    let flow = generate::realistic((components - 2) / 10);
    // Warm the process-wide caches (time-zone database, phone metadata) once, as an app does.
    let warm = check(&flow, &NoFlows);
    assert!(warm.iter().all(|d| d.code == "CF0113"), "the generated flow is clean: {warm:?}");
    bencher.bench_local(|| check(black_box(&flow), &NoFlows));
}

#[divan::bench]
fn read_validate_write_10000(bencher: Bencher) {
    let text = FlowFile::new(generate::realistic(1_000)).to_json();
    bencher.bench_local(|| {
        let file = callflow_model::read_str("bench.callflow.json", black_box(&text)).unwrap();
        let diagnostics = check_source(&text, &file.flow, &NoFlows);
        (diagnostics, file.to_json())
    });
}
