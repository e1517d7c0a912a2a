//! Start-up timings for the benchmarks: with `CALLFLOW_TIMINGS` set, each step of a start
//! (library opened, samples seeded, window set up, page loaded, first boxes painted: the UI
//! reports that one through [`timing_mark`]) and the parts of an import are printed to stderr
//! with the time since the process started. `make bench-app` sets it (the lines are in its log);
//! BENCHMARKS.md records what they showed.

use std::fmt::Arguments;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static STARTED: OnceLock<Instant> = OnceLock::new();

/// Marks the start: call first thing in `main`. Times are counted from the process's start
/// (before `main` the system loads the binary and its libraries), or from here when /proc
/// cannot tell it.
pub fn start() {
    if !enabled() {
        return;
    }
    let before = before_main();
    STARTED.get_or_init(|| {
        let now = Instant::now();
        before.and_then(|ms| now.checked_sub(Duration::from_secs_f64(ms / 1e3))).unwrap_or(now)
    });
    match before {
        Some(ms) => report(format_args!("main (the process started {ms:.0} ms before, ±10 ms)")),
        None => report(format_args!("main (the process's start time is unknown: times are since main)")),
    }
}

/// Milliseconds from the process's start to now, from /proc (Linux; 10 ms resolution).
fn before_main() -> Option<f64> {
    // Field 22 of /proc/self/stat: start time in clock ticks (USER_HZ, 100 on Linux) since boot,
    // counted after the command name, which is in parentheses and may hold spaces.
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let ticks: f64 = stat.get(stat.rfind(')')? + 2..)?.split(' ').nth(19)?.parse().ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime").ok()?.split(' ').next()?.parse().ok()?;
    Some((uptime - ticks / 100.0) * 1e3)
}

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("CALLFLOW_TIMINGS").is_some())
}

/// Prints `what` with the milliseconds since [`start`], when timings are asked for.
pub fn report(what: Arguments<'_>) {
    if enabled() {
        let since = STARTED.get_or_init(Instant::now).elapsed();
        eprintln!("CALLFLOW_TIMINGS {:7.1} ms  {what}", since.as_secs_f64() * 1e3);
    }
}

/// A step of the start the UI saw (the first boxes painted), reported like the others.
#[tauri::command]
pub fn timing_mark(label: String) {
    report(format_args!("{label}"));
}
