//! Business-hours schedules: IANA time zones (jiff's bundled tz database, so results do not
//! depend on the machine), `HH:MM` times (`24:00` allowed as an end), `from < to`, no
//! overlapping ranges on one day, holidays as real `YYYY-MM-DD` dates. The same rules apply to
//! the named calendars of a file's environment.

use callflow_model::ComponentConfig;
use callflow_model::config::Schedule;

use crate::codes::{self, CodeInfo};
use crate::{Ctx, make};

/// One finding about a schedule, before it is tied to a component.
pub(crate) struct Finding {
    pub code: &'static CodeInfo,
    pub message: String,
    pub hint: String,
    pub path: String,
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    for i in 0..ctx.len() {
        let Some(ComponentConfig::BusinessHours(b)) = ctx.config(i) else { continue };
        let base = || format!("{}.config.schedule", crate::component_path(ctx.id(i)));
        for f in schedule(&b.schedule, &base) {
            let d = make(
                f.code,
                Some(ctx.id(i)),
                None,
                format!("{}: {}", ctx.who(i), f.message),
                f.hint,
                Some(f.path),
            );
            ctx.diagnostics.borrow_mut().push(d);
        }
    }
}

/// Whether `name` is in the IANA database; verdicts are cached per process (a lookup parses
/// the zone's rules).
fn known_time_zone(name: &str) -> bool {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, bool>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(&known) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(name) {
        return known;
    }
    let known = jiff::tz::db().get(name).is_ok();
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() > 10_000 {
        cache.clear();
    }
    cache.insert(name.to_string(), known);
    known
}

/// Minutes since midnight of `HH:MM`; `24:00` only when `end`.
pub(crate) fn minutes(s: &str, end: bool) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b':' || !b.iter().enumerate().all(|(n, c)| n == 2 || c.is_ascii_digit()) {
        return None;
    }
    let h = u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0');
    let m = u32::from(b[3] - b'0') * 10 + u32::from(b[4] - b'0');
    match (h, m) {
        (24, 0) if end => Some(24 * 60),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

pub(crate) fn schedule(s: &Schedule, base: &dyn Fn() -> String) -> Vec<Finding> {
    let mut out = Vec::new();
    if !known_time_zone(&s.timezone) {
        out.push(Finding {
            code: codes::UNKNOWN_TIME_ZONE,
            message: format!("time zone `{}` is not an IANA time zone.", s.timezone),
            hint: "Use an IANA name such as `Europe/Prague` or `America/New_York`.".into(),
            path: format!("{}.timezone", base()),
        });
    }
    if s.weekly.is_empty() {
        out.push(Finding {
            code: codes::NEVER_OPEN,
            message: "the schedule has no opening ranges, so it is always closed.".into(),
            hint: "Add opening ranges, or remove the business-hours step.".into(),
            path: format!("{}.weekly", base()),
        });
    }
    let mut ranges: Vec<(callflow_model::config::Weekday, u32, u32, usize)> = Vec::new();
    for (n, r) in s.weekly.iter().enumerate() {
        let at = || format!("{}.weekly[{n}]", base());
        let from = minutes(&r.from, false);
        let to = minutes(&r.to, true);
        for (value, field, parsed) in [(&r.from, "from", from), (&r.to, "to", to)] {
            if parsed.is_none() {
                out.push(Finding {
                    code: codes::BAD_TIME,
                    message: format!("`{value}` ({:?} `{field}`) is not a time written HH:MM.", r.day),
                    hint: "Write times as `HH:MM` from `00:00` to `23:59`; `24:00` may end a day.".into(),
                    path: format!("{}.{field}", at()),
                });
            }
        }
        if let (Some(f), Some(t)) = (from, to) {
            if f >= t {
                out.push(Finding {
                    code: codes::EMPTY_RANGE,
                    message: format!(
                        "the {:?} range {}-{} does not end after it starts.",
                        r.day, r.from, r.to
                    ),
                    hint: "Make `to` later than `from`; to open past midnight, add a range on the next day."
                        .into(),
                    path: at(),
                });
            } else {
                ranges.push((r.day, f, t, n));
            }
        }
    }
    // Sorted by day and start: a range overlaps an earlier one of its day exactly when it starts
    // before the latest end seen so far that day.
    ranges.sort_unstable();
    let mut latest: Option<(callflow_model::config::Weekday, u32, usize)> = None;
    for &(day, from, to, n) in &ranges {
        match latest {
            Some((d, end, m)) if d == day && from < end => {
                let (ra, rb) = (&s.weekly[m], &s.weekly[n]);
                out.push(Finding {
                    code: codes::OVERLAPPING_RANGES,
                    message: format!(
                        "the {:?} ranges {}-{} and {}-{} overlap.",
                        ra.day, ra.from, ra.to, rb.from, rb.to
                    ),
                    hint: "Merge the two ranges or make them disjoint.".into(),
                    path: format!("{}.weekly[{n}]", base()),
                });
                if to > end {
                    latest = Some((day, to, n));
                }
            }
            _ => latest = Some((day, to, n)),
        }
    }
    for (n, h) in s.holidays.iter().enumerate() {
        let shaped = h.len() == 10
            && h.bytes()
                .enumerate()
                .all(|(k, c)| if k == 4 || k == 7 { c == b'-' } else { c.is_ascii_digit() });
        if !shaped || h.parse::<jiff::civil::Date>().is_err() {
            out.push(Finding {
                code: codes::BAD_HOLIDAY,
                message: format!("holiday `{h}` is not a date written YYYY-MM-DD."),
                hint: "Write holidays as real dates, e.g. `2026-12-24`.".into(),
                path: format!("{}.holidays[{n}]", base()),
            });
        } else if s.holidays[..n].contains(h) {
            // (A linear look back: holiday lists are short, and a set per calendar cost more.)
            out.push(Finding {
                code: codes::DUPLICATE_HOLIDAY,
                message: format!("holiday `{h}` is listed twice."),
                hint: "Remove the duplicate date.".into(),
                path: format!("{}.holidays[{n}]", base()),
            });
        }
    }
    out
}
