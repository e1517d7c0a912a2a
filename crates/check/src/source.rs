//! Checks on the file text: duplicate keys in JSON objects.
//!
//! The reader maps JSON objects to maps, so `"alternative_keys": {"1": "a", "1": "b"}` silently
//! becomes one binding, and a 13th binding always repeats a key. The parsed document cannot
//! show that, so [`duplicate_keys`] scans the text itself (one streaming pass, no tree built):
//! every repeated key is CF0114, and an `alternative_keys` object with more than 12 entries is
//! CF0302.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::{Diagnostic, codes, make, path_key};

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

struct Scan<'p> {
    path: &'p mut Vec<Seg>,
    out: &'p mut Vec<Diagnostic>,
}

/// Diagnostics for repeated keys in the JSON `text` (nothing when it is not JSON: the reader
/// reports that).
pub fn duplicate_keys(text: &str) -> Vec<Diagnostic> {
    let mut path = Vec::new();
    let mut out = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    if (Scan { path: &mut path, out: &mut out }).deserialize(&mut de).is_err() {
        return Vec::new();
    }
    out
}

fn render(path: &[Seg]) -> String {
    let mut s = String::new();
    for (n, seg) in path.iter().enumerate() {
        match seg {
            Seg::Key(k) => {
                let key = path_key(k);
                s.push_str(if n == 0 { key.strip_prefix('.').unwrap_or(&key) } else { &key });
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// The component (and exit) a path inside `flow.components` belongs to.
fn place(path: &[Seg]) -> (Option<&str>, Option<&str>, bool) {
    match path {
        [Seg::Key(f), Seg::Key(c), Seg::Key(id), rest @ ..] if f == "flow" && c == "components" => {
            let exit = match rest {
                [Seg::Key(e), Seg::Key(name), ..] if e == "exits" => Some(name.as_str()),
                _ => None,
            };
            let keys = matches!(rest, [Seg::Key(k)] if k == "alternative_keys");
            (Some(id.as_str()), exit, keys)
        }
        _ => (None, None, false),
    }
}

impl<'de> DeserializeSeed<'de> for Scan<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        loop {
            self.path.push(Seg::Index(n));
            let more = seq.next_element_seed(Scan { path: self.path, out: self.out })?;
            self.path.pop();
            if more.is_none() {
                return Ok(());
            }
            n += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys: HashSet<String> = HashSet::new();
        let mut reported: HashSet<String> = HashSet::new();
        let mut entries = 0usize;
        while let Some(key) = map.next_key::<String>()? {
            entries += 1;
            if keys.contains(&key) && !reported.contains(&key) {
                self.path.push(Seg::Key(key.clone()));
                let (component, exit, _) = place(self.path);
                let at = render(self.path);
                self.out.push(make(
                    codes::DUPLICATE_JSON_KEY,
                    component,
                    exit,
                    format!("`{at}` appears more than once in its object; only the last one is kept."),
                    "Keep one entry per key (for alternative keys: one binding per key).".into(),
                    Some(at.clone()),
                ));
                self.path.pop();
                reported.insert(key.clone());
            }
            self.path.push(Seg::Key(key.clone()));
            map.next_value_seed(Scan { path: self.path, out: self.out })?;
            self.path.pop();
            keys.insert(key);
        }
        let (component, _, is_keys) = place(self.path);
        if is_keys && entries > 12 {
            let at = render(self.path);
            self.out.push(make(
                codes::TOO_MANY_KEYS,
                component,
                None,
                format!("`{at}` has {entries} bindings; a keypad has 12 keys."),
                "Bind each of `0-9 * #` at most once.".into(),
                Some(at),
            ));
        }
        Ok(())
    }
}
