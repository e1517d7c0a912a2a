//! Budget (issue "Foundation"): read + validate + write a 10,000-component file under 50 ms.
//! Run with `cargo bench -p callflow-cli --bench file`.

use callflow_check::NoFlows;
use callflow_model::synth::realistic_file;
use divan::{Bencher, black_box};

/// The allocator the shipped binaries use (`callflow` and the app), so the figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

#[divan::bench(args = [1_000, 10_000], sample_count = 30, sample_size = 1)]
fn read(bencher: Bencher, components: usize) {
    let text = realistic_file(components).to_json();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| callflow_model::read_str("f", black_box(&text)).unwrap());
}

#[divan::bench(args = [1_000, 10_000], sample_count = 30, sample_size = 1)]
fn write(bencher: Bencher, components: usize) {
    let file = realistic_file(components);
    bencher.bench(|| black_box(&file).to_json());
}

#[divan::bench(args = [1_000, 10_000], sample_count = 30, sample_size = 1)]
fn read_validate_write(bencher: Bencher, components: usize) {
    let text = realistic_file(components).to_json();
    bencher.bench(|| {
        let file = callflow_model::read_str("f", black_box(&text)).unwrap();
        let diagnostics = callflow_check::check(&file.flow, &NoFlows);
        (diagnostics, file.to_json())
    });
}
