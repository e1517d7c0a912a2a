//! Prints a valid synthetic flow file of N components (default 1,000) to stdout, for benchmarks
//! and manual tests: `cargo run --release -p callflow-model --example synth -- 10000 > big.callflow.json`.
//! The flow's id is `synthetic-N`, so flows of different sizes can sit in one library.

fn main() {
    let components = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1_000);
    let mut file = callflow_model::synth::realistic_file(components);
    file.flow.id = format!("synthetic-{components}");
    print!("{}", file.to_json());
}
