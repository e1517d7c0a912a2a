//! How the app's processes give memory back to the system.
//!
//! mimalloc (this process's Rust allocator, see `main.rs`) returns freed pages to the system
//! only after `purge_delay` (a second in mimalloc v3) *and* a later call into it, so an app that
//! goes idle after work keeps them: 12-14 MB of the app process's memory in the app bench
//! (BENCHMARKS.md, "The memory floor"). Purging at once costs a system call per freed span; the
//! bench's validation round trip and flow opening showed no difference.
//!
//! (Two glibc arenas for the WebKit processes, `MALLOC_ARENA_MAX=2`, saved 8 MB in one idle
//! measurement but nothing measurable in the bench: not applied.)

use std::ffi::c_int;

/// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h` (libmimalloc-sys names no constant
/// for it); a test checks that the option under this number has purge_delay's default.
const MI_OPTION_PURGE_DELAY: c_int = 15;

/// Purges freed memory at once (see the module documentation), unless `MIMALLOC_PURGE_DELAY`
/// in the environment chose a delay.
#[allow(unsafe_code)]
pub fn tune() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: mi_option_set only stores a number in mimalloc's option table.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number is the purge delay's: mimalloc v3's default for it is 1000 (ms); its neighbour,
    /// the deprecated eager_commit_delay, has 1.
    #[test]
    #[allow(unsafe_code)]
    fn the_option_number_is_the_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return; // the environment chose a value: the default cannot be seen
        }
        // SAFETY: reads mimalloc's option table.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000, "option {MI_OPTION_PURGE_DELAY} is not mimalloc's purge_delay");
    }
}
