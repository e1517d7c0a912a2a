//! Business-hours calendars on the virtual clock (the `business_hours` component, §3.2).
//!
//! The virtual clock counts seconds from the environment's `start_time` (RFC 3339 / RFC 9557,
//! e.g. `2026-11-23T10:00:00+01:00[Europe/Prague]`). Without one, the simulation starts on
//! Monday 2026-01-05 at 10:00 UTC [A]: inside usual opening hours, so a flow's "open" path is
//! what runs unless a test sets the time. Time zones come from jiff's bundled database, so
//! results never depend on the machine's zone files.

use callflow_model::config::{Schedule, Weekday};
use jiff::civil::Weekday as JWeekday;
use jiff::{Timestamp, Zoned, tz::TimeZone};

/// The default virtual start: Monday 2026-01-05 10:00:00 UTC.
pub const DEFAULT_START: &str = "2026-01-05T10:00:00Z";

/// The instant `now` seconds after `start`.
pub fn instant(start: Option<&str>, now: u64) -> Result<Timestamp, String> {
    let start = start.unwrap_or(DEFAULT_START);
    let ts = parse_instant(start)?;
    ts.checked_add(jiff::SignedDuration::from_secs(now as i64)).map_err(|e| e.to_string())
}

fn parse_instant(text: &str) -> Result<Timestamp, String> {
    if let Ok(z) = text.parse::<Zoned>() {
        return Ok(z.timestamp());
    }
    text.parse::<Timestamp>().map_err(|e| format!("`{text}` is not an RFC 3339 date-time: {e}"))
}

/// `open`, `closed` or `holiday` for the schedule at the virtual time `now` (or at the instant
/// written in `at`, from an `evaluate_at` variable).
pub fn evaluate(
    schedule: &Schedule,
    start: Option<&str>,
    now: u64,
    at: Option<&str>,
) -> Result<&'static str, String> {
    let ts = match at {
        Some(text) => parse_instant(text)?,
        None => instant(start, now)?,
    };
    let tz =
        TimeZone::get(&schedule.timezone).map_err(|e| format!("time zone `{}`: {e}", schedule.timezone))?;
    let local = ts.to_zoned(tz);
    let date = local.date().to_string();
    if schedule.holidays.contains(&date) {
        return Ok("holiday");
    }
    let day = match local.weekday() {
        JWeekday::Monday => Weekday::Monday,
        JWeekday::Tuesday => Weekday::Tuesday,
        JWeekday::Wednesday => Weekday::Wednesday,
        JWeekday::Thursday => Weekday::Thursday,
        JWeekday::Friday => Weekday::Friday,
        JWeekday::Saturday => Weekday::Saturday,
        JWeekday::Sunday => Weekday::Sunday,
    };
    let minute = local.hour() as u32 * 60 + local.minute() as u32;
    for range in schedule.weekly.iter().filter(|r| r.day == day) {
        let (from, to) = (hhmm(&range.from)?, hhmm(&range.to)?);
        if from <= minute && minute < to {
            return Ok("open");
        }
    }
    Ok("closed")
}

fn hhmm(text: &str) -> Result<u32, String> {
    let bad = || format!("`{text}` is not a time of day (HH:MM)");
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// The first virtual second at or after `now` when the schedule is open (within two weeks).
pub fn next_open(schedule: &Schedule, start: Option<&str>, now: u64) -> Result<Option<u64>, String> {
    if evaluate(schedule, start, now, None)? == "open" {
        return Ok(Some(now));
    }
    let origin = instant(start, 0)?;
    let at = instant(start, now)?;
    let tz =
        TimeZone::get(&schedule.timezone).map_err(|e| format!("time zone `{}`: {e}", schedule.timezone))?;
    let today = at.to_zoned(tz.clone()).date();
    for d in 0..15i64 {
        let date = today.checked_add(jiff::Span::new().days(d)).map_err(|e| e.to_string())?;
        if schedule.holidays.contains(&date.to_string()) {
            continue;
        }
        let mut froms: Vec<u32> = Vec::new();
        for r in &schedule.weekly {
            let day = match date.weekday() {
                JWeekday::Monday => Weekday::Monday,
                JWeekday::Tuesday => Weekday::Tuesday,
                JWeekday::Wednesday => Weekday::Wednesday,
                JWeekday::Thursday => Weekday::Thursday,
                JWeekday::Friday => Weekday::Friday,
                JWeekday::Saturday => Weekday::Saturday,
                JWeekday::Sunday => Weekday::Sunday,
            };
            if r.day == day {
                froms.push(hhmm(&r.from)?);
            }
        }
        froms.sort_unstable();
        for from in froms {
            let time = jiff::civil::Time::new((from / 60).min(23) as i8, (from % 60) as i8, 0, 0)
                .map_err(|e| e.to_string())?;
            let zoned = date.to_datetime(time).to_zoned(tz.clone()).map_err(|e| e.to_string())?;
            let ts = zoned.timestamp();
            if ts >= at {
                let secs = ts.as_second() - origin.as_second();
                return Ok(u64::try_from(secs).ok());
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use callflow_model::config::OpeningRange;

    fn schedule() -> Schedule {
        Schedule {
            timezone: "Europe/Prague".into(),
            weekly: vec![OpeningRange { day: Weekday::Monday, from: "08:00".into(), to: "17:00".into() }],
            holidays: vec!["2026-12-24".into()],
        }
    }

    #[test]
    fn open_closed_and_holiday() {
        let s = schedule();
        // 10:00 UTC = 11:00 in Prague on a Monday.
        assert_eq!(evaluate(&s, None, 0, None), Ok("open"));
        // +6 h = 17:00 local: closed (the end is exclusive).
        assert_eq!(evaluate(&s, None, 6 * 3600, None), Ok("closed"));
        assert_eq!(evaluate(&s, Some("2026-12-24T10:00:00+01:00[Europe/Prague]"), 0, None), Ok("holiday"));
        assert_eq!(evaluate(&s, None, 0, Some("2026-01-06T10:00:00Z")), Ok("closed"));
        assert!(evaluate(&s, Some("yesterday"), 0, None).is_err());
    }
}
