//! How the app process uses memory.
//!
//! The app process allocates with the system allocator (glibc), not mimalloc as the `callflow`
//! command line does: with a 1,000-component flow open, mimalloc kept 25 MB resident in its
//! arena even when told to purge freed memory at once, glibc 20 MB less in all (app process PSS
//! 116-128 → 87-98 MB, BENCHMARKS.md "The memory floor"), and the app's budgets are
//! about memory there, not about the allocation speed that made the command line choose
//! mimalloc (a 1,000-component check is a few milliseconds with either).
//!
//! glibc gives each thread that allocates an arena of its own, up to eight per core, and freed
//! memory stays in the arena it came from; Tauri's and WebKit's threads then keep several
//! half-empty arenas resident. Two arenas are enough for an app whose work is one command at a
//! time: 3-4 MB less in the app process, no change in the bench's timings.

/// glibc's arenas for this process (see the module documentation); WebKit's processes keep
/// their defaults.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const ARENAS: libc::c_int = 2;

/// Tunes the allocator; call it first thing, before any thread starts. Answers whether the
/// allocator took the setting.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn tune() -> bool {
    // SAFETY: mallopt only sets a parameter of glibc's allocator; called before other threads.
    unsafe { libc::mallopt(libc::M_ARENA_MAX, ARENAS) == 1 }
}

/// Other systems' allocators are left as they are.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune() -> bool {
    false
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    /// glibc takes the setting (mallopt answers 1 on success, 0 for a parameter it refuses).
    #[test]
    fn the_arena_limit_is_accepted() {
        assert!(super::tune());
    }
}
