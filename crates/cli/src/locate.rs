//! Maps a JSON path (`flow.components.menu.exits.key_1`) to a line and column in the file text,
//! so that diagnostics point where an editor can jump to.

use jsonc_parser::ast::Value;
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};

/// A parsed file that can answer "where is this path?".
pub struct SourceMap<'a> {
    text: &'a str,
    root: Option<Value<'a>>,
}

impl<'a> SourceMap<'a> {
    pub fn new(text: &'a str) -> SourceMap<'a> {
        let root = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
            .ok()
            .and_then(|parsed| parsed.value);
        SourceMap { text, root }
    }

    /// Line and column (1-based) of the value at `path`, or of the deepest part of it that
    /// exists; `None` if not even the first segment does.
    pub fn position(&self, path: &str) -> Option<(usize, usize)> {
        let mut node = self.root.as_ref()?;
        let mut found = None;
        for segment in segments(path) {
            let next = match (node, segment) {
                (Value::Object(object), Segment::Key(key)) => {
                    object.get(key).map(|prop| (prop.range.start, &prop.value))
                }
                (Value::Array(array), Segment::Index(i)) => array.elements.get(i).map(|v| (v.start(), v)),
                _ => None,
            };
            match next {
                Some((start, value)) => {
                    found = Some(start);
                    node = value;
                }
                None => break,
            }
        }
        found.map(|offset| line_column(self.text, offset))
    }
}

enum Segment<'p> {
    Key(&'p str),
    Index(usize),
}

/// Splits `a.b[2].c` into keys and indices. Keys containing dots cannot be told apart from
/// nested keys; the lookup then stops at the deepest match, which is still the right region.
fn segments(path: &str) -> impl Iterator<Item = Segment<'_>> {
    path.split('.').filter(|s| !s.is_empty()).flat_map(|part| {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        let indices =
            rest.split('[').filter_map(|i| i.trim_end_matches(']').parse::<usize>().ok()).map(Segment::Index);
        (!key.is_empty()).then_some(Segment::Key(key)).into_iter().chain(indices)
    })
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys_and_indices() {
        let text = "{\n  \"flow\": {\n    \"list\": [1, {\"x\": true}]\n  }\n}\n";
        let map = SourceMap::new(text);
        assert_eq!(map.position("flow"), Some((2, 3)));
        assert_eq!(map.position("flow.list[1].x"), Some((3, 18)));
        // A missing tail stops at the deepest part that exists.
        assert_eq!(map.position("flow.list[1].missing"), Some((3, 17)));
        assert_eq!(map.position("nothing"), None);
    }
}
