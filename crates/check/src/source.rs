//! Checks on the file text: duplicate keys in JSON objects.
//!
//! The reader maps JSON objects to maps, so `"alternative_keys": {"1": "a", "1": "b"}` silently
//! becomes one binding, and a 13th binding always repeats a key. The parsed document cannot
//! show that, so [`duplicate_keys`] scans the text itself (one streaming pass, no tree built):
//! every repeated key is CF0114, and an `alternative_keys` object with more than 12 entries is
//! CF0302.
//!
//! The scan runs on every `callflow validate` and import: keys are borrowed from the text
//! (no copy unless a key has escapes), and each object remembers its keys in a short list,
//! switching to a hash set only for big objects (the components and positions of a flow).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasherDefault;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::message::words;
use crate::{Diagnostic, FxHasher, codes, diagnostic, path_key};

crate::message::templates! { "source";
    REPEATED_KEY = "`{path}` appears more than once in its object; only the last one is kept.";
    KEEP_ONE_ENTRY_PER_KEY = "Keep one entry per key (for alternative keys: one binding per key).";
    TOO_MANY_BINDINGS = "`{path}` has {count} bindings; a keypad has 12 keys.";
}

/// Objects with more keys than this look their keys up in a hash set instead of a list.
const LIST_KEYS: usize = 16;

#[derive(Debug, Clone)]
enum Seg<'de> {
    Key(Cow<'de, str>),
    Index(usize),
}

struct Scan<'p, 'de> {
    path: &'p mut Vec<Seg<'de>>,
    out: &'p mut Vec<Diagnostic>,
}

/// Reads an object key, borrowed from the text when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(key))
    }
    fn visit_str<E>(self, key: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(key.to_owned()))
    }
    fn visit_string<E>(self, key: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(key))
    }
}

/// The keys of one object seen so far.
enum Seen<'de> {
    List(Vec<Cow<'de, str>>),
    Set(HashSet<Cow<'de, str>, BuildHasherDefault<FxHasher>>),
}

impl<'de> Seen<'de> {
    fn contains(&self, key: &str) -> bool {
        match self {
            Seen::List(keys) => keys.iter().any(|k| k == key),
            Seen::Set(keys) => keys.contains(key),
        }
    }

    fn insert(&mut self, key: Cow<'de, str>) {
        match self {
            Seen::List(keys) if keys.len() < LIST_KEYS => keys.push(key),
            Seen::List(keys) => {
                let mut set: HashSet<_, _> = keys.drain(..).collect();
                set.insert(key);
                *self = Seen::Set(set);
            }
            Seen::Set(keys) => {
                keys.insert(key);
            }
        }
    }
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

fn render(path: &[Seg<'_>]) -> String {
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
fn place<'a>(path: &'a [Seg<'_>]) -> (Option<&'a str>, Option<&'a str>, bool) {
    match path {
        [Seg::Key(f), Seg::Key(c), Seg::Key(id), rest @ ..] if f == "flow" && c == "components" => {
            let exit = match rest {
                [Seg::Key(e), Seg::Key(name), ..] if e == "exits" => Some(name.as_ref()),
                _ => None,
            };
            let keys = matches!(rest, [Seg::Key(k)] if k == "alternative_keys");
            (Some(id.as_ref()), exit, keys)
        }
        _ => (None, None, false),
    }
}

impl<'de> DeserializeSeed<'de> for Scan<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_, 'de> {
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
        let mut keys = Seen::List(Vec::new());
        let mut reported: Vec<Cow<'de, str>> = Vec::new();
        let mut entries = 0usize;
        while let Some(key) = map.next_key_seed(Key)? {
            entries += 1;
            if keys.contains(&key) && !reported.contains(&key) {
                self.path.push(Seg::Key(key.clone()));
                let (component, exit, _) = place(self.path);
                let at = render(self.path);
                self.out.push(diagnostic(
                    codes::DUPLICATE_JSON_KEY,
                    component,
                    exit,
                    words!(REPEATED_KEY, KEEP_ONE_ENTRY_PER_KEY; path = &at),
                    Some(at.clone()),
                ));
                self.path.pop();
                reported.push(key.clone());
            }
            self.path.push(Seg::Key(key));
            map.next_value_seed(Scan { path: self.path, out: self.out })?;
            if let Some(Seg::Key(key)) = self.path.pop() {
                keys.insert(key);
            }
        }
        let (component, _, is_keys) = place(self.path);
        if is_keys && entries > 12 {
            let at = render(self.path);
            self.out.push(diagnostic(
                codes::TOO_MANY_KEYS,
                component,
                None,
                words!(TOO_MANY_BINDINGS, crate::handling::BIND_EACH_KEY_ONCE; path = &at, count = entries),
                Some(at),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<(String, Option<String>, Option<String>, String)> {
        duplicate_keys(text)
            .into_iter()
            .map(|d| (d.code, d.component, d.exit, d.path.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn repeated_keys_are_found_in_small_and_big_objects_once_each() {
        // 40 keys: past the short list, so the hash set answers; `k7` three times, reported once.
        let mut keys: Vec<String> = (0..40).map(|n| format!("\"k{n}\": {n}")).collect();
        keys.push("\"k7\": 1".into());
        keys.push("\"k7\": 2".into());
        keys.push("\"k39\": 3".into());
        let big = format!("{{{}}}", keys.join(","));
        let d = paths(&big);
        assert_eq!(
            d,
            [
                ("CF0114".to_string(), None, None, "k7".to_string()),
                ("CF0114".to_string(), None, None, "k39".to_string()),
            ]
        );
        assert_eq!(paths(r#"{"a": 1, "b": 2, "a": 3, "a": 4}"#), [("CF0114".into(), None, None, "a".into())]);
        assert!(paths(r#"{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}"#).is_empty());
    }

    #[test]
    fn escaped_keys_equal_their_plain_spelling() {
        let d = paths(r#"{"flow": {"components": {"ab": {"exits": {"next": "x", "ne\u0078t": "y"}}}}}"#);
        assert_eq!(
            d,
            [(
                "CF0114".into(),
                Some("ab".into()),
                Some("next".into()),
                "flow.components.ab.exits.next".into()
            )]
        );
        let d = paths(r#"{"x": [1, {"q\"k": 1, "q\"k": 2}]}"#);
        assert_eq!(d, [("CF0114".into(), None, None, r#"x[1]["q\"k"]"#.into())]);
    }

    #[test]
    fn thirteen_alternative_keys_are_too_many() {
        let bindings: Vec<String> = (0..13).map(|n| format!("\"b{n}\": \"t\"")).collect();
        let text = format!(
            r#"{{"flow": {{"components": {{"m": {{"alternative_keys": {{{}}}}}}}}}}}"#,
            bindings.join(",")
        );
        let d = paths(&text);
        assert_eq!(
            d,
            [("CF0302".into(), Some("m".into()), None, "flow.components.m.alternative_keys".into())]
        );
        assert!(paths("not json").is_empty());
    }
}
