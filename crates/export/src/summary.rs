//! The one-line summary of a component's configuration that its box shows under the name
//! ("“Thank you for calling…” · timeout 5 s", "Mon–Fri 08:00–18:00, Sat 09:00–13:00").
//!
//! The canvas computes the same line in TypeScript (`summarize` in `ui/src/lib/schema.ts`), live
//! as the designer types; this is its port for pictures drawn without the app ([`crate::svg`]).
//! The two are kept equal by a shared list of cases: `ui/src/test/summaries.generated.json`,
//! written from this module by `UPDATE_SUMMARIES=1 cargo test -p callflow-export --lib summary`
//! and checked by both test suites (a change to either side alone fails one of them).

use serde_json::Value;

/// The summary's length the canvas shows in full (longer ones end with "…").
pub const SUMMARY_MAX: usize = 60;

/// The summary of `config`, at most `max` UTF-16 units long (JavaScript's string length, so
/// that both sides cut at the same place; never inside a character): prompts quoted, durations spelled out, weekly hours
/// as runs of days, lists by their keys or names or counted, values listed, in an order that puts
/// prompts and tagged values first; `" · "` between parts.
pub fn config_summary(config: &Value, max: usize) -> String {
    let mut parts = Parts { parts: Vec::new(), max };
    parts.visit(config, None, 0);
    let line = parts.parts.join(" · ");
    let units: Vec<u16> = line.encode_utf16().collect();
    if units.len() <= max {
        return line;
    }
    // Cut between characters: a character outside the BMP is two units and stays whole.
    let mut end = max.saturating_sub(1);
    if end > 0 && (0xD800..0xDC00).contains(&units[end - 1]) {
        end -= 1;
    }
    let mut cut = String::from_utf16_lossy(&units[..end]);
    cut.push('…');
    cut
}

struct Parts {
    parts: Vec<String>,
    max: usize,
}

impl Parts {
    fn full(&self) -> bool {
        let joined: usize = self.parts.iter().map(|p| p.encode_utf16().count()).sum::<usize>()
            + 3 * self.parts.len().saturating_sub(1);
        joined > self.max
    }

    fn visit(&mut self, value: &Value, key: Option<&str>, depth: usize) {
        if self.full() || depth > 3 {
            return;
        }
        match value {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            Value::String(_) if key == Some("type") => {}
            Value::String(s) if key == Some("text") => self.parts.push(format!("“{s}”")),
            Value::String(s) => self.parts.push(s.clone()),
            Value::Bool(false) => {}
            Value::Bool(true) => self.parts.push(labelled(key, "true".into())),
            Value::Number(n) => {
                let n = n.as_f64().unwrap_or(f64::NAN);
                match key {
                    Some(k) if k.ends_with("_sec") => {
                        self.parts.push(format!("{} {}", humanize(k).to_lowercase(), format_duration(n)))
                    }
                    _ => self.parts.push(labelled(key, js_number(n))),
                }
            }
            Value::Array(items) => self.visit_list(items, key),
            Value::Object(fields) => {
                // JavaScript lists an object's index-like keys first, in numeric order, then
                // the others in the order received; then a stable sort by rank.
                let mut keys: Vec<&String> = fields.keys().collect();
                keys.sort_by_key(|k| array_index(k).map_or((1, 0), |i| (0, i)));
                keys.sort_by_key(|k| rank(k));
                for k in keys {
                    self.visit(&fields[k.as_str()], Some(k), depth + 1);
                }
            }
        }
    }

    fn visit_list(&mut self, items: &[Value], key: Option<&str>) {
        if let Some(hours) = weekly_hours(items) {
            self.parts.push(hours);
            return;
        }
        if !items.is_empty() && items.iter().all(|x| x.as_str().is_some_and(is_iso_date)) {
            self.parts.push(format!("{} {}", items.len(), humanize(key.unwrap_or("dates")).to_lowercase()));
            return;
        }
        let names: Vec<String> = items
            .iter()
            .filter_map(|x| match x {
                Value::Object(o) if o.contains_key("key") => Some(js_string(&o["key"])),
                Value::Object(o) if o.contains_key("name") => Some(js_string(&o["name"])),
                Value::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        if !names.is_empty() {
            self.parts.push(names.join(", "));
        } else if !items.is_empty() {
            self.parts.push(format!("{} × {}", items.len(), humanize(key.unwrap_or("item")).to_lowercase()));
        }
    }
}

/// `value` after its field's label: `timeout 5`, or the value alone at the top level (or under
/// an empty name, which JavaScript treats as none).
fn labelled(key: Option<&str>, value: String) -> String {
    match key {
        Some(k) if !k.is_empty() => format!("{} {value}", humanize(k).to_lowercase()),
        _ => value,
    }
}

/// `key` as an array index (`"0"`, `"12"`; not `"01"`), the keys JavaScript orders first.
fn array_index(key: &str) -> Option<u32> {
    let i: u32 = key.parse().ok()?;
    (i != u32::MAX && i.to_string() == key).then_some(i)
}

/// A field's label: `ring_timeout_sec` → `Ring timeout`.
fn humanize(name: &str) -> String {
    let name = name.strip_suffix("_sec").unwrap_or(name);
    let text = name.split('_').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Seconds as `1 h 5 min 3 s`.
fn format_duration(sec: f64) -> String {
    if !sec.is_finite() {
        return String::new();
    }
    let h = (sec / 3600.0).floor();
    let m = ((sec % 3600.0) / 60.0).floor();
    let s = sec % 60.0;
    let mut parts = Vec::new();
    if h != 0.0 {
        parts.push(format!("{} h", js_number(h)));
    }
    if m != 0.0 {
        parts.push(format!("{} min", js_number(m)));
    }
    if s != 0.0 || parts.is_empty() {
        parts.push(format!("{} s", js_number(s)));
    }
    parts.join(" ")
}

/// A number as JavaScript's `String(n)` writes it for the values a config holds (`30`, `1.5`).
fn js_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e21 { format!("{}", n as i64) } else { format!("{n}") }
}

/// Any JSON value as JavaScript's `String(v)` writes it.
fn js_string(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => js_number(n.as_f64().unwrap_or(f64::NAN)),
        Value::Array(items) => items.iter().map(js_string).collect::<Vec<_>>().join(","),
        Value::Object(_) => "[object Object]".into(),
        other => other.to_string(),
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Opening ranges (`{day, from, to}`) as a week: `Mon–Fri 08:00–18:00, Sat 09:00–13:00`;
/// `None` when the list is not a week of opening ranges.
fn weekly_hours(items: &[Value]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut by_day: [Vec<String>; 7] = Default::default();
    for item in items {
        let o = item.as_object()?;
        let day = DAYS.iter().position(|d| o.get("day").map(js_string).as_deref() == Some(d))?;
        let (from, to) = (o.get("from")?.as_str()?, o.get("to")?.as_str()?);
        by_day[day].push(format!("{from}–{to}"));
    }
    // Runs of consecutive days with the same hours share one label.
    let mut runs: Vec<(usize, usize, String)> = Vec::new();
    for (day, ranges) in by_day.iter_mut().enumerate() {
        if ranges.is_empty() {
            continue;
        }
        // JavaScript's default sort compares UTF-16 units.
        ranges.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        let hours = ranges.join(" + ");
        match runs.last_mut() {
            Some((_, last, previous)) if *last + 1 == day && *previous == hours => *last = day,
            _ => runs.push((day, day, hours)),
        }
    }
    let short = |day: usize| humanize(DAYS[day]).chars().take(3).collect::<String>();
    let labels: Vec<String> = runs
        .into_iter()
        .map(|(first, last, hours)| {
            if first == last {
                format!("{} {hours}", short(first))
            } else {
                format!("{}–{} {hours}", short(first), short(last))
            }
        })
        .collect();
    Some(labels.join(", "))
}

/// Prompts and tagged values first, in this order; other fields after them.
fn rank(key: &str) -> usize {
    const ORDER: [&str; 15] = [
        "text",
        "prompt",
        "weekly",
        "timezone",
        "greeting",
        "options",
        "selection",
        "branches",
        "assignments",
        "module",
        "queue",
        "phone_number",
        "number",
        "agent",
        "external_destination",
    ];
    ORDER.iter().position(|k| *k == key).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prompts_durations_hours_and_lists_read_as_the_canvas_shows_them() {
        let s = |v: Value| config_summary(&v, SUMMARY_MAX);
        assert_eq!(
            s(json!({"prompt": {"type": "tts", "text": "Hello"}, "timeout_sec": 65})),
            "“Hello” · timeout 1 min 5 s"
        );
        assert_eq!(
            s(json!({"weekly": [
                {"day": "monday", "from": "08:00", "to": "18:00"},
                {"day": "tuesday", "from": "08:00", "to": "18:00"},
                {"day": "saturday", "from": "09:00", "to": "13:00"}
            ]})),
            "Mon–Tue 08:00–18:00, Sat 09:00–13:00"
        );
        assert_eq!(s(json!({"holidays": ["2026-12-25", "2026-12-26"]})), "2 holidays");
        assert_eq!(
            s(json!({"options": [{"key": "1"}, {"key": 2}], "repeat": true, "muted": false})),
            "1, 2 · repeat true"
        );
        assert_eq!(s(json!({"targets": [{}, {}]})), "2 × targets");
        assert_eq!(s(json!({"ratio": 1.5, "count": 3.0})), "count 3 · ratio 1.5");
        assert_eq!(s(json!({"a": {"b": {"c": {"d": "too deep"}}}})), "");
        assert_eq!(s(json!({})), "");
        assert_eq!(s(json!({"10": "ten", "9": "nine", "a": "a", "": 4})), "nine · ten · 4 · a");
    }

    #[test]
    fn a_long_summary_is_cut_with_an_ellipsis_at_the_canvas_length() {
        let line = config_summary(&json!({"prompt": {"text": "x".repeat(80)}}), SUMMARY_MAX);
        assert_eq!(line.encode_utf16().count(), SUMMARY_MAX);
        assert!(line.ends_with('…'));
        // Characters outside the BMP count twice, as in JavaScript, and are not cut in half.
        let line = config_summary(&json!({"name": "😀".repeat(40)}), 10);
        assert_eq!(line, "😀😀😀😀…");
    }

    /// The cases both implementations are checked against: every sample component's config and
    /// a few shapes the samples do not have. The TypeScript side reads the same file
    /// (`ui/src/test/summaryparity.test.ts`).
    #[test]
    fn summaries_match_the_shared_cases() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut configs: Vec<Value> = Vec::new();
        let mut samples: Vec<_> = std::fs::read_dir(format!("{root}/flows"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".callflow.json"))
            .collect();
        samples.sort();
        for path in samples {
            let file = callflow_model::read_path(&path).unwrap();
            configs.extend(file.flow.components.values().map(|c| c.config.clone()));
        }
        configs.extend([
            json!({"ratio": 2.25, "wait_sec": 3600.5, "enabled": true, "off": false, "gap": null}),
            json!({"dates": ["2026-01-01"], "names": [{"name": "Sales"}, {"name": 7}], "things": [1, 2]}),
            json!({"weekly": [{"day": "monday", "from": "13:00", "to": "17:00"}, {"day": "monday", "from": "08:00", "to": "12:00"}, {"day": "sunday", "from": "10:00", "to": "11:00"}]}),
            json!({"weekly": [{"day": "someday", "from": "08:00", "to": "09:00"}]}),
            json!({"text": "😀 ".repeat(40)}),
            json!({"10": "ten", "9": "nine", "b": "bee", "": 1, "01": "one"}),
        ]);
        let cases: Vec<Value> = configs
            .into_iter()
            .map(|config| json!({"summary": config_summary(&config, SUMMARY_MAX), "config": config}))
            .collect();
        let text = serde_json::to_string_pretty(&cases).unwrap() + "\n";
        let path = format!("{root}/ui/src/test/summaries.generated.json");
        if std::env::var_os("UPDATE_SUMMARIES").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{path} is not what this module writes: regenerate it with \
             `UPDATE_SUMMARIES=1 cargo test -p callflow-export --lib summary` and check the diff"
        );
    }
}
