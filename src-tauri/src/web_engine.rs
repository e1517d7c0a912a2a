//! How WebKit's web process runs the page's JavaScript.
//!
//! JavaScriptCore compiles hot functions in up to four tiers; the top one (FTL) pays off in long
//! computations and costs the most memory and compile time. The page's work comes in short
//! bursts (a drag, a debugger step, a check's result), which the tier below it (DFG) already runs
//! fast. Measured with the 1,000-component flow (BENCHMARKS.md, "App"): without FTL the web process
//! settled at 161-163 MB in four runs of five (189 in the fifth), with it at 164-196 MB, and the
//! drag, the debugger's steps and Auto-layout took as long either way.
//!
//! JavaScriptCore's collector lets the heap grow to at least 32 MB before a full collection, and
//! an idle page allocates nothing that would start one: after a few drags and the import of the
//! 1,000-component flow the heap held ~12 MB of live objects and ~18 MB of garbage for as long as
//! the page stayed idle (BENCHMARKS.md, "Garbage the page keeps"). Its "mini" mode sizes the heap
//! at 1.27 times what was live after the last full collection: the same session settled 22-28 MB
//! lower (289 MB against 317 in three bench runs each), with the drag and the debugger's steps as
//! fast; Auto-layout's worker collects more often (4.3-4.5 s against 2.8-3.1 s for 1,000
//! components).
//!
//! JavaScriptCore reads its options from `JSC_*` environment variables and the web process
//! inherits the app's environment, so [`configure`] sets them there, unless the user has set the
//! same variable (`JSC_useFTLJIT=true` brings the tier back).

/// The JavaScriptCore options the app sets for its web process.
pub const OPTIONS: &[(&str, &str)] = &[("JSC_useFTLJIT", "false"), ("JSC_forceMiniVMMode", "true")];

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
        assert_eq!(missing(|_| false), OPTIONS.to_vec());
        assert_eq!(missing(|name| name == "JSC_useFTLJIT"), vec![("JSC_forceMiniVMMode", "true")]);
    }
}
