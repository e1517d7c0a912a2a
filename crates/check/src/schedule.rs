//! Business-hours schedules: IANA time zones (jiff's bundled tz database, so results do not
//! depend on the machine), `HH:MM` times (`24:00` allowed as an end), `from < to`, no
//! overlapping ranges on one day, holidays as real `YYYY-MM-DD` dates. The same rules apply to
//! the named calendars of a file's environment.

use callflow_model::ComponentConfig;
use callflow_model::config::{Schedule, Weekday};

use crate::codes::{self, CodeInfo};
use crate::message::{Template, Words, words};
use crate::{Arg, Ctx, Diagnostic};

// Each finding has two messages: about a business-hours step (`{who}: …`) and about a named
// calendar of the file's environment (`Calendar `{calendar}`: …`).
crate::message::templates! { "schedule";
    UNKNOWN_TIME_ZONE = "{who}: time zone `{zone}` is not an IANA time zone.";
    CALENDAR_UNKNOWN_TIME_ZONE = "Calendar `{calendar}`: time zone `{zone}` is not an IANA time zone.";
    USE_IANA_NAME = "Use an IANA name such as `Europe/Prague` or `America/New_York`.";
    NEVER_OPEN = "{who}: the schedule has no opening ranges, so it is always closed.";
    CALENDAR_NEVER_OPEN = "Calendar `{calendar}`: the schedule has no opening ranges, so it is always closed.";
    ADD_RANGES_OR_REMOVE_STEP = "Add opening ranges, or remove the business-hours step.";
    ADD_RANGES = "Add opening ranges, or remove the calendar.";
    BAD_TIME = "{who}: `{value}` ({day} `{field}`) is not a time written HH:MM.";
    CALENDAR_BAD_TIME = "Calendar `{calendar}`: `{value}` ({day} `{field}`) is not a time written HH:MM.";
    WRITE_HH_MM = "Write times as `HH:MM` from `00:00` to `23:59`; `24:00` may end a day.";
    EMPTY_RANGE = "{who}: the {day} range {from}-{to} does not end after it starts.";
    CALENDAR_EMPTY_RANGE = "Calendar `{calendar}`: the {day} range {from}-{to} does not end after it starts.";
    END_AFTER_START = "Make `to` later than `from`; to open past midnight, add a range on the next day.";
    OVERLAPPING_RANGES = "{who}: the {day} ranges {from}-{to} and {other_from}-{other_to} overlap.";
    CALENDAR_OVERLAPPING_RANGES = "Calendar `{calendar}`: the {day} ranges {from}-{to} and {other_from}-{other_to} overlap.";
    MERGE_OR_SEPARATE = "Merge the two ranges or make them disjoint.";
    BAD_HOLIDAY = "{who}: holiday `{date}` is not a date written YYYY-MM-DD.";
    CALENDAR_BAD_HOLIDAY = "Calendar `{calendar}`: holiday `{date}` is not a date written YYYY-MM-DD.";
    WRITE_REAL_DATES = "Write holidays as real dates, e.g. `2026-12-24`.";
    DUPLICATE_HOLIDAY = "{who}: holiday `{date}` is listed twice.";
    CALENDAR_DUPLICATE_HOLIDAY = "Calendar `{calendar}`: holiday `{date}` is listed twice.";
    REMOVE_DUPLICATE_DATE = "Remove the duplicate date.";
    MONDAY = "Monday";
    TUESDAY = "Tuesday";
    WEDNESDAY = "Wednesday";
    THURSDAY = "Thursday";
    FRIDAY = "Friday";
    SATURDAY = "Saturday";
    SUNDAY = "Sunday";
}

/// One finding about a schedule, before it is tied to a business-hours step or a calendar.
pub(crate) struct Finding {
    code: &'static CodeInfo,
    /// The words about a step's schedule, without the step (`who`).
    words: Words,
    /// The same message about a calendar.
    calendar: &'static Template,
    /// The hint about a calendar, when the step's does not fit one.
    calendar_hint: Option<&'static Template>,
    path: String,
}

impl Finding {
    /// The finding about the schedule of business-hours step `id`, named `who`.
    pub fn about_step(self, id: &str, who: Arg) -> Diagnostic {
        let mut words = self.words;
        words.args.push(("who", who));
        crate::diagnostic(self.code, Some(id), None, words, Some(self.path))
    }

    /// The finding about the environment's calendar `name`.
    pub fn about_calendar(self, name: &str) -> Diagnostic {
        let mut words = self.words;
        words.message = self.calendar;
        words.hint = self.calendar_hint.unwrap_or(words.hint);
        words.args.push(("calendar", Arg::from(name)));
        crate::diagnostic(self.code, None, None, words, Some(self.path))
    }
}

fn day_name(day: Weekday) -> &'static Template {
    match day {
        Weekday::Monday => MONDAY,
        Weekday::Tuesday => TUESDAY,
        Weekday::Wednesday => WEDNESDAY,
        Weekday::Thursday => THURSDAY,
        Weekday::Friday => FRIDAY,
        Weekday::Saturday => SATURDAY,
        Weekday::Sunday => SUNDAY,
    }
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    for i in 0..ctx.len() {
        let Some(ComponentConfig::BusinessHours(b)) = ctx.config(i) else { continue };
        let base = || format!("{}.config.schedule", crate::component_path(ctx.id(i)));
        for f in schedule(&b.schedule, &base) {
            let d = f.about_step(ctx.id(i), ctx.subject(i));
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
            words: words!(UNKNOWN_TIME_ZONE, USE_IANA_NAME; zone = &s.timezone),
            calendar: CALENDAR_UNKNOWN_TIME_ZONE,
            calendar_hint: None,
            path: format!("{}.timezone", base()),
        });
    }
    if s.weekly.is_empty() {
        out.push(Finding {
            code: codes::NEVER_OPEN,
            words: words!(NEVER_OPEN, ADD_RANGES_OR_REMOVE_STEP),
            calendar: CALENDAR_NEVER_OPEN,
            calendar_hint: Some(ADD_RANGES),
            path: format!("{}.weekly", base()),
        });
    }
    let mut ranges: Vec<(Weekday, u32, u32, usize)> = Vec::new();
    for (n, r) in s.weekly.iter().enumerate() {
        let at = || format!("{}.weekly[{n}]", base());
        let from = minutes(&r.from, false);
        let to = minutes(&r.to, true);
        for (value, field, parsed) in [(&r.from, "from", from), (&r.to, "to", to)] {
            if parsed.is_none() {
                out.push(Finding {
                    code: codes::BAD_TIME,
                    words: words!(BAD_TIME, WRITE_HH_MM; value = value, day = day_name(r.day), field = field),
                    calendar: CALENDAR_BAD_TIME,
                    calendar_hint: None,
                    path: format!("{}.{field}", at()),
                });
            }
        }
        if let (Some(f), Some(t)) = (from, to) {
            if f >= t {
                out.push(Finding {
                    code: codes::EMPTY_RANGE,
                    words: words!(EMPTY_RANGE, END_AFTER_START; day = day_name(r.day), from = &r.from, to = &r.to),
                    calendar: CALENDAR_EMPTY_RANGE,
                    calendar_hint: None,
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
    let mut latest: Option<(Weekday, u32, usize)> = None;
    for &(day, from, to, n) in &ranges {
        match latest {
            Some((d, end, m)) if d == day && from < end => {
                let (ra, rb) = (&s.weekly[m], &s.weekly[n]);
                out.push(Finding {
                    code: codes::OVERLAPPING_RANGES,
                    words: words!(OVERLAPPING_RANGES, MERGE_OR_SEPARATE;
                        day = day_name(ra.day),
                        from = &ra.from,
                        to = &ra.to,
                        other_from = &rb.from,
                        other_to = &rb.to,
                    ),
                    calendar: CALENDAR_OVERLAPPING_RANGES,
                    calendar_hint: None,
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
                words: words!(BAD_HOLIDAY, WRITE_REAL_DATES; date = h),
                calendar: CALENDAR_BAD_HOLIDAY,
                calendar_hint: None,
                path: format!("{}.holidays[{n}]", base()),
            });
        } else if s.holidays[..n].contains(h) {
            // (A linear look back: holiday lists are short, and a set per calendar cost more.)
            out.push(Finding {
                code: codes::DUPLICATE_HOLIDAY,
                words: words!(DUPLICATE_HOLIDAY, REMOVE_DUPLICATE_DATE; date = h),
                calendar: CALENDAR_DUPLICATE_HOLIDAY,
                calendar_hint: None,
                path: format!("{}.holidays[{n}]", base()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tests reach calendars' findings rarely: each calendar message must say what the
    /// step's says.
    #[test]
    fn each_calendar_message_is_its_step_message() {
        let calendars: Vec<_> = TEMPLATES.iter().filter(|t| t.id.starts_with("schedule.CALENDAR_")).collect();
        assert_eq!(calendars.len(), 7);
        for calendar in calendars {
            let step_id = calendar.id.replace("CALENDAR_", "");
            let step = TEMPLATES.iter().find(|t| t.id == step_id).expect("a step message");
            let said = step.text.strip_prefix("{who}: ").expect("the step first");
            assert_eq!(calendar.text, format!("Calendar `{{calendar}}`: {said}"));
        }
    }

    #[test]
    fn a_calendar_never_open_is_not_told_to_remove_a_step() {
        let empty: Schedule =
            serde_json::from_value(serde_json::json!({"timezone": "Europe/Prague", "weekly": []}))
                .expect("a schedule");
        let base = || "environment.calendars.office".to_string();
        let f = schedule(&empty, &base).into_iter().next().expect("CF0806");
        let d = f.about_calendar("office");
        assert_eq!(d.code, "CF0806");
        assert_eq!(d.hint, "Add opening ranges, or remove the calendar.");
        let f = schedule(&empty, &base).into_iter().next().expect("CF0806");
        let who = Arg::Component {
            id: "h".into(),
            kind: callflow_model::ComponentKind::BusinessHours,
            name: "H".into(),
        };
        assert_eq!(f.about_step("h", who).hint, "Add opening ranges, or remove the business-hours step.");
    }
}
