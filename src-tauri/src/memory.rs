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
//!
//! glibc also keeps what a burst of work freed (opening a large flow, a check, a layout's
//! positions) mapped until it is used again: it gives back only the top of the main heap by
//! itself. [`return_freed_memory`] looks at the allocator every two seconds and, when the app
//! has been at work since, asks glibc to give the free pages back (`malloc_trim`): with the
//! 1,000-component flow open the app process held 106-107 MB PSS before, 101 with the trimmer;
//! after an Auto-layout 119-130 before, 105-113 with it (BENCHMARKS.md, "Memory given back after
//! work").

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

/// How often the trimmer looks at the allocator.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// How much the allocator's figures must move between two looks for the app to count as busy.
const ACTIVITY: usize = 64 << 10;

/// The allocator's figures at the trimmer's last look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Figures {
    in_use: usize,
    free: usize,
}

/// What the trimmer remembers between looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Trimmer {
    last: Figures,
}

impl Trimmer {
    /// Looks at the allocator's figures `now`; answers whether to trim: whenever the app
    /// allocated or freed since the last look. Growth of the free figure alone is not the sign:
    /// after a trim, work that reuses freed memory and frees it again (a debugger step, a check)
    /// leaves the free figure about where it was, but the pages are resident again. Work rarely
    /// leaves both figures within [`ACTIVITY`] of where they were, so any such movement counts.
    fn look(&mut self, now: Figures) -> bool {
        let moved = self.last.in_use.abs_diff(now.in_use) + self.last.free.abs_diff(now.free);
        self.last = now;
        moved >= ACTIVITY
    }
}

/// The allocator's figures, summed over every arena.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn figures() -> Figures {
    // SAFETY: mallinfo2 only reads the allocator's statistics.
    let info = unsafe { libc::mallinfo2() };
    // `hblkhd`: blocks mapped on their own (large ones), given back as soon as they are freed.
    Figures { in_use: info.uordblks + info.hblkhd, free: info.fordblks }
}

/// Gives free pages of every arena back to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn trim() {
    // SAFETY: malloc_trim is thread-safe; 0 keeps no extra padding at the top of the heap.
    unsafe { libc::malloc_trim(0) };
}

/// Starts a thread that gives freed memory back to the system after work (see the module
/// documentation). It looks every [`LOOK_EVERY`]; an idle app costs one statistics read per look.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn return_freed_memory() {
    let started = std::thread::Builder::new().name("memory-trim".into()).spawn(|| {
        let mut trimmer = Trimmer { last: figures() };
        loop {
            std::thread::sleep(LOOK_EVERY);
            if trimmer.look(figures()) {
                trim();
            }
        }
    });
    if let Err(e) = started {
        eprintln!("callflow-studio: freed memory will not be given back to the system (no thread: {e})");
    }
}

/// Other allocators give memory back by themselves.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn return_freed_memory() {}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    /// glibc takes the setting (mallopt answers 1 on success, 0 for a parameter it refuses).
    #[test]
    fn the_arena_limit_is_accepted() {
        assert!(super::tune());
    }

    use super::{ACTIVITY, Figures, Trimmer};

    #[test]
    fn trims_after_activity_and_not_while_idle() {
        const MB: usize = 1 << 20;
        let at = |in_use, free| Figures { in_use, free };
        let mut t = Trimmer { last: at(40 * MB, 2 * MB) };
        assert!(!t.look(at(40 * MB, 2 * MB)), "idle");
        assert!(!t.look(at(40 * MB + ACTIVITY / 2, 2 * MB)), "a few allocations are not work");
        assert!(t.look(at(30 * MB, 12 * MB)), "a burst freed memory");
        assert!(!t.look(at(30 * MB, 12 * MB)), "trimmed once, then idle");
        assert!(t.look(at(31 * MB, 11 * MB)), "work that allocated again");
        assert!(t.look(at(30 * MB, 12 * MB)), "and freed it: its pages were touched again");
    }

    /// The figures the trimmer reads follow what the app allocates and frees: here memory freed
    /// between blocks still in use, which glibc keeps (a freed top of the heap it gives back by
    /// itself).
    #[test]
    fn memory_freed_between_live_blocks_shows_in_the_figures() {
        let mut blocks: Vec<Vec<u8>> = (0..16 * 1024).map(|i| vec![i as u8; 1024]).collect();
        let held = super::figures().free;
        let mut i = 0;
        blocks.retain(|_| {
            i += 1;
            i % 8 == 0
        });
        let after = super::figures().free;
        assert!(after >= held + 8 * 1024 * 1024, "held {held}, after {after}");
        drop(blocks);
        super::trim();
    }
}
