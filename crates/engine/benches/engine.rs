//! Engine benchmarks (figures in BENCHMARKS.md, "Engine"):
//! - component steps per second on a 1,000-component flow (one core);
//! - 100,000 simulated calls of each sample flow, on 1 and 2 threads (rayon);
//! - `step_back` over a 10,000-step call, and the size of its history.
//!
//! Run: `cargo bench -p callflow-engine --bench engine`.

use std::path::PathBuf;
use std::sync::Arc;

use callflow_engine::debug::DebugSession;
use callflow_engine::{Loaded, Options, Program, Sim};
use callflow_model::{CallSetup, Environment, Flow, ScriptEvent};
use divan::Bencher;
use divan::counter::ItemsCount;
use rayon::prelude::*;
use serde_json::{Value, json};

fn main() {
    divan::main();
}

/// A 1,000-component chain: play, set (literal), conditional (comparison), set (CEL arithmetic)
/// in turn; `cel_every` chooses how often the CEL interpreter is needed (0 = never).
fn chain(n: usize, cel_every: usize) -> Flow {
    let mut comps = serde_json::Map::new();
    comps.insert("c0".into(), json!({"kind": "start", "name": "c0", "exits": {"next": "c1"}}));
    for i in 1..n - 1 {
        let next = format!("c{}", i + 1);
        let c: Value = if cel_every > 0 && i % cel_every == 0 {
            json!({"kind": "set_variable", "name": format!("c{i}"), "config": {"assignments": [{"variable": "n", "expression": "n * 2 + 1"}]}, "exits": {"next": next}})
        } else {
            match i % 3 {
                0 => {
                    json!({"kind": "play_message", "name": format!("c{i}"), "config": {"prompt": {"type": "tts", "text": "Hello"}}, "exits": {"next": next}})
                }
                1 => {
                    json!({"kind": "set_variable", "name": format!("c{i}"), "config": {"assignments": [{"variable": "tier", "expression": "'gold'"}]}, "exits": {"next": next}})
                }
                _ => {
                    json!({"kind": "conditional", "name": format!("c{i}"), "config": {"branches": [{"name": "gold", "expression": "tier == 'gold'"}]}, "exits": {"gold": next, "no_match": next}})
                }
            }
        };
        comps.insert(format!("c{i}"), c);
    }
    comps.insert(format!("c{}", n - 1), json!({"kind": "end_flow", "name": "end"}));
    serde_json::from_value(json!({"id": "chain", "name": "Chain", "type": "inbound", "entry": "c0",
        "variables": [{"name": "tier", "type": "string", "default": ""}, {"name": "n", "type": "number", "default": 0}],
        "components": comps}))
    .expect("chain flow")
}

fn sim_of(flow: &Flow) -> Sim {
    let prog = Arc::new(Program::compile_unchecked(flow, &callflow_check::NoFlows).expect("compiles"));
    Sim::new(prog, Arc::new(Environment::default()), CallSetup::default(), &[], Options::default())
        .expect("sim")
}

/// 1,000 components, no CEL interpreter (fast-path expressions only).
#[divan::bench(sample_count = 50)]
fn steps_1000_fast_path(b: Bencher) {
    let sim = sim_of(&chain(1000, 0));
    b.counter(ItemsCount::new(1000usize)).with_inputs(|| sim.clone()).bench_local_values(|s| s.run().steps);
}

/// 1,000 components, every 10th a CEL arithmetic assignment.
#[divan::bench(sample_count = 50)]
fn steps_1000_cel_every_10th(b: Bencher) {
    let sim = sim_of(&chain(1000, 10));
    b.counter(ItemsCount::new(1000usize)).with_inputs(|| sim.clone()).bench_local_values(|s| s.run().steps);
}

struct Sample {
    prog: Arc<Program>,
    env: Arc<Environment>,
    scripts: Vec<(CallSetup, Vec<ScriptEvent>)>,
}

fn sample(name: &str) -> Sample {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../flows").join(format!("{name}.callflow.json"));
    let l = Loaded::read(&path).expect("sample flow reads");
    let prog = l.program().expect("sample flow compiles");
    let env = Arc::new(l.environment());
    let mut scripts: Vec<(CallSetup, Vec<ScriptEvent>)> =
        l.file.tests.iter().map(|t| (t.call.clone(), t.script.clone())).collect();
    if scripts.is_empty() {
        scripts.push((CallSetup::default(), Vec::new()));
    }
    Sample { prog, env, scripts }
}

const CALLS: usize = 100_000;
const SAMPLES: [&str; 5] = [
    "after-hours-overflow",
    "custom-queue-callback",
    "inbound-support",
    "missed-call-handling",
    "otp-campaign",
];

fn calls(b: Bencher, name: &str, threads: usize) {
    // Each worker gets its own compiled program, so that no reference count or cache line is
    // shared between threads while they simulate.
    let workers: Vec<Vec<Sim>> = (0..threads)
        .map(|_| {
            let s = sample(name);
            s.scripts
                .iter()
                .map(|(call, script)| {
                    Sim::new(s.prog.clone(), s.env.clone(), call.clone(), script, Options::default())
                        .expect("sim")
                })
                .collect()
        })
        .collect();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
    b.counter(ItemsCount::new(CALLS)).bench(|| {
        pool.install(|| {
            workers
                .par_iter()
                .enumerate()
                .map(|(w, variants)| {
                    let share = CALLS / threads + usize::from(w < CALLS % threads);
                    (0..share).map(|i| variants[i % variants.len()].clone().run().steps).sum::<u64>()
                })
                .sum::<u64>()
        })
    });
}

/// 100,000 calls of a sample flow (cycling through its saved test scripts) on one thread.
#[divan::bench(args = SAMPLES, sample_count = 3, sample_size = 1)]
fn calls_100k_1_thread(b: Bencher, name: &str) {
    calls(b, name, 1);
}

/// The same on two threads.
#[divan::bench(args = SAMPLES, sample_count = 3, sample_size = 1)]
fn calls_100k_2_threads(b: Bencher, name: &str) {
    calls(b, name, 2);
}

fn long_session() -> DebugSession {
    let f: Flow = serde_json::from_value(json!({"id": "loop", "name": "Loop", "type": "inbound", "entry": "Start", "variables": [{"name": "n", "type": "number", "default": 0}], "components": {
        "Start": {"kind": "start", "name": "Start", "exits": {"next": "Inc"}},
        "Inc": {"kind": "set_variable", "name": "Inc", "config": {"assignments": [{"variable": "n", "expression": "n + 1"}]}, "exits": {"next": "Again"}},
        "Again": {"kind": "conditional", "name": "Again", "config": {"branches": [{"name": "more", "expression": "n < 4999"}]}, "exits": {"more": "Inc", "no_match": "End"}},
        "End": {"kind": "end_flow", "name": "End"}
    }}))
    .expect("loop flow");
    let mut s = DebugSession::new(sim_of(&f), false);
    while !s.step().finished {}
    s
}

/// One `step_back` at the end of a 10,000-step call.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn step_back_10k_step_call(b: Bencher) {
    b.with_inputs(long_session).bench_local_refs(|s| {
        s.step_back();
    });
    let s = long_session();
    eprintln!("step_back history for a 10,000-step call: {} bytes", s.history_bytes());
}
