//! How WebKit's web process runs the page's JavaScript.
//!
//! JavaScriptCore compiles hot functions in up to four tiers; the top one (FTL) pays off in long
//! computations and costs the most memory and compile time. The page's work comes in short
//! bursts (a drag, a debugger step, a check's result), which the tier below it (DFG) already runs
//! fast. Measured with the 1,000-component flow (BENCHMARKS.md, "App"): without FTL the web process
//! settled at 161-163 MB in four runs of five (189 in the fifth), with it at 164-196 MB, and the
//! drag, the debugger's steps and Auto-layout took as long either way.
//!
//! JavaScriptCore reads its options from `JSC_*` environment variables and the web process
//! inherits the app's environment, so [`configure`] sets them there, unless the user has set the
//! same variable (`JSC_useFTLJIT=true` brings the tier back).

/// The JavaScriptCore options the app sets for its web process.
pub const OPTIONS: &[(&str, &str)] = &[("JSC_useFTLJIT", "false")];

/// The options still to set, given what the environment holds already.
fn missing(present: impl Fn(&str) -> bool) -> Vec<(&'static str, &'static str)> {
    OPTIONS.iter().copied().filter(|(name, _)| !present(name)).collect()
}

/// Sets [`OPTIONS`] in the environment the web process will inherit. Call it first thing, before
/// the app starts any thread.
#[allow(unsafe_code)]
pub fn configure() {
    for (name, value) in missing(|name| std::env::var_os(name).is_some()) {
        // SAFETY: `run` calls this before the app starts any thread, so nothing reads or writes
        // the environment at the same time.
        unsafe { std::env::set_var(name, value) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_setting_wins() {
        assert_eq!(missing(|_| false), vec![("JSC_useFTLJIT", "false")]);
        assert!(missing(|name| name == "JSC_useFTLJIT").is_empty());
    }
}
