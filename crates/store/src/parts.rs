//! The part index stored next to each document: where each component, its layout position and
//! each top-level section (`flow.name`, `flow.variables`, `environment`, ...) sits in the stored
//! text.
//!
//! It is recorded in the same pass that writes the stored text (a `serde_json` formatter that
//! writes exactly what [`serde_json::to_string`] writes and notes the byte range of each value
//! it cares about), so it costs no extra parse. The diff ([`crate::raw::diff_indexed`]) uses it
//! to compare two stored versions component by component with plain byte comparisons, instead of
//! scanning both multi-megabyte texts as JSON; only what differs is parsed.
//!
//! Ranges rather than per-component hashes: the diff has to read the texts anyway to parse what
//! changed, comparing two byte ranges is exact (no collision argument) and no slower than
//! comparing two hashes, and saving skips 10,000 small hash computations.
//!
//! Encoding (little data, no JSON): the magic `CFP1`, then LEB128 numbers: the sections (count;
//! each: key length, key, start, length), then the components in id order (count; each: id
//! length, id, start minus the previous component's end, length, and the layout position as
//! start minus the previous position's end plus one, or 0 for none, then its length). A decoded
//! index is checked against its text (every range inside it, each component's text preceded by
//! its quoted id), so a damaged index makes the diff fall back to scanning, never lie.

use std::cell::Cell;
use std::io;
use std::rc::Rc;

use callflow_model::FlowFile;
use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

const MAGIC: &[u8; 4] = b"CFP1";

/// A document's stored text and its encoded part index.
#[derive(Debug)]
pub(crate) struct Serialized {
    pub text: String,
    pub parts: Vec<u8>,
}

/// Serializes `doc` exactly as [`serde_json::to_string`] does, recording its part index.
pub(crate) fn serialize(doc: &FlowFile) -> Serialized {
    let written = Rc::new(Cell::new(0usize));
    let mut writer = CountingWriter { buf: Vec::with_capacity(64 * 1024), written: written.clone() };
    let mut recorder = Recorder { written, ..Recorder::default() };
    let ok = {
        let mut ser = serde_json::Serializer::with_formatter(&mut writer, &mut recorder);
        doc.serialize(&mut ser).is_ok()
    };
    // The model always serializes (string keys, finite numbers); if that ever changed, the
    // plain writer's text is kept with an empty index, which only makes the diff scan.
    let text = match (ok, String::from_utf8(writer.buf)) {
        (true, Ok(text)) => text,
        _ => return Serialized { text: serde_json::to_string(doc).unwrap_or_default(), parts: Vec::new() },
    };
    let parts = recorder.encode();
    Serialized { text, parts }
}

/// A `Vec<u8>` writer that publishes its length to the formatter.
struct CountingWriter {
    buf: Vec<u8>,
    written: Rc<Cell<usize>>,
}

impl io::Write for CountingWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        self.written.set(self.buf.len());
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One open object or array while serializing.
#[derive(Default)]
struct Frame {
    object: bool,
    /// The current key (only captured in the top three levels, where the parts are).
    key: String,
    /// Where the current value started, if it is a part.
    part: Option<(PartKind, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PartKind {
    Section,
    Component,
    Position,
}

/// The formatter: compact output (delegated to [`CompactFormatter`]) plus the ranges of parts.
#[derive(Default)]
struct Recorder {
    written: Rc<Cell<usize>>,
    frames: Vec<Frame>,
    in_key: bool,
    sections: Vec<(String, usize, usize)>,
    components: Vec<(String, usize, usize)>,
    positions: Vec<(String, usize, usize)>,
}

/// Levels whose keys matter: the root, `flow`/`layout`, and their `components`.
const KEYED_LEVELS: usize = 3;

impl Recorder {
    fn pos(&self) -> usize {
        self.written.get()
    }

    fn capturing_key(&self) -> bool {
        self.in_key && self.frames.len() <= KEYED_LEVELS
    }

    /// Which part the value about to start is, from the keys leading to it.
    fn classify(&self) -> Option<PartKind> {
        if !self.frames.iter().all(|f| f.object) {
            return None;
        }
        let key = |i: usize| self.frames[i].key.as_str();
        match self.frames.len() {
            1 => (!matches!(key(0), "flow" | "layout")).then_some(PartKind::Section),
            2 => (matches!(key(0), "flow" | "layout") && key(1) != "components").then_some(PartKind::Section),
            3 if key(1) == "components" => match key(0) {
                "flow" => Some(PartKind::Component),
                "layout" => Some(PartKind::Position),
                _ => None,
            },
            _ => None,
        }
    }

    fn encode(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.components.len() * 24);
        out.extend_from_slice(MAGIC);
        put(&mut out, self.sections.len());
        for (key, start, end) in &self.sections {
            put(&mut out, key.len());
            out.extend_from_slice(key.as_bytes());
            put(&mut out, *start);
            put(&mut out, end - start);
        }
        // Positions and components are both in id order: merge them.
        put(&mut out, self.components.len());
        let mut positions = self.positions.iter().peekable();
        let (mut previous_end, mut previous_position_end) = (0, 0);
        for (id, start, end) in &self.components {
            put(&mut out, id.len());
            out.extend_from_slice(id.as_bytes());
            put(&mut out, start - previous_end);
            put(&mut out, end - start);
            previous_end = *end;
            while positions.next_if(|(p, _, _)| p < id).is_some() {}
            match positions.next_if(|(p, _, _)| p == id) {
                Some((_, p_start, p_end)) => {
                    put(&mut out, p_start - previous_position_end + 1);
                    put(&mut out, p_end - p_start);
                    previous_position_end = *p_end;
                }
                None => put(&mut out, 0),
            }
        }
        out
    }
}

// On `&mut Recorder` so that the recorded parts can be taken back after serializing.
impl Formatter for &mut Recorder {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.frames.push(Frame::default());
        CompactFormatter.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.frames.pop();
        CompactFormatter.end_array(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.frames.push(Frame { object: true, ..Frame::default() });
        CompactFormatter.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.frames.pop();
        CompactFormatter.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.in_key = true;
        if self.frames.len() <= KEYED_LEVELS
            && let Some(frame) = self.frames.last_mut()
        {
            frame.key.clear();
        }
        CompactFormatter.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.in_key = false;
        CompactFormatter.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        CompactFormatter.begin_object_value(w)?;
        let part = if self.frames.len() <= KEYED_LEVELS { self.classify() } else { None };
        let start = self.pos();
        if let Some(frame) = self.frames.last_mut() {
            frame.part = part.map(|kind| (kind, start));
        }
        Ok(())
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        CompactFormatter.end_object_value(w)?;
        let end = self.pos();
        let depth = self.frames.len();
        if let Some(frame) = self.frames.last_mut()
            && let Some((kind, start)) = frame.part.take()
        {
            let key = frame.key.clone();
            match kind {
                PartKind::Component => self.components.push((key, start, end)),
                PartKind::Position => self.positions.push((key, start, end)),
                PartKind::Section => {
                    let name = if depth == 2 { format!("{}.{key}", self.frames[0].key) } else { key };
                    self.sections.push((name, start, end));
                }
            }
        }
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        if self.capturing_key()
            && let Some(frame) = self.frames.last_mut()
        {
            frame.key.push_str(fragment);
        }
        CompactFormatter.write_string_fragment(w, fragment)
    }

    fn write_char_escape<W: ?Sized + io::Write>(&mut self, w: &mut W, escape: CharEscape) -> io::Result<()> {
        if self.capturing_key()
            && let Some(frame) = self.frames.last_mut()
        {
            frame.key.push(match escape {
                CharEscape::Quote => '"',
                CharEscape::ReverseSolidus => '\\',
                CharEscape::Solidus => '/',
                CharEscape::Backspace => '\u{8}',
                CharEscape::FormFeed => '\u{c}',
                CharEscape::LineFeed => '\n',
                CharEscape::CarriageReturn => '\r',
                CharEscape::Tab => '\t',
                CharEscape::AsciiControl(byte) => char::from(byte),
            });
        }
        CompactFormatter.write_char_escape(w, escape)
    }
}

/// Appends `n` as LEB128.
fn put(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A decoded part index, borrowing from the encoded bytes.
#[derive(Debug)]
pub(crate) struct PartIndex<'a> {
    pub sections: Vec<(&'a str, std::ops::Range<usize>)>,
    /// In id order.
    pub components: Vec<ComponentPart<'a>>,
}

#[derive(Debug)]
pub(crate) struct ComponentPart<'a> {
    pub id: &'a str,
    pub text: std::ops::Range<usize>,
    pub position: Option<std::ops::Range<usize>>,
}

impl<'a> PartIndex<'a> {
    /// The range of section `key` (`version`, `flow.name`, `layout.notes`, `tests`, ...).
    pub fn section(&self, key: &str) -> Option<std::ops::Range<usize>> {
        self.sections.iter().find(|(k, _)| *k == key).map(|(_, r)| r.clone())
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn number(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            n |= usize::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(n);
            }
        }
        None
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.number()?;
        let bytes = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        std::str::from_utf8(bytes).ok()
    }
}

/// Decodes `parts` and checks it against `text`; `None` when it is not a valid index of `text`.
pub(crate) fn decode<'a>(parts: &'a [u8], text: &[u8]) -> Option<PartIndex<'a>> {
    let rest = parts.strip_prefix(MAGIC.as_slice())?;
    let mut r = Reader { bytes: rest, at: 0 };
    let range = |start: usize, len: usize| {
        let end = start.checked_add(len)?;
        (end <= text.len() && len > 0).then_some(start..end)
    };
    let count = r.number()?;
    let mut sections = Vec::with_capacity(count.min(64));
    for _ in 0..count {
        let key = r.str()?;
        let (start, len) = (r.number()?, r.number()?);
        sections.push((key, range(start, len)?));
    }
    let count = r.number()?;
    if count > text.len() {
        return None;
    }
    let mut components: Vec<ComponentPart<'a>> = Vec::with_capacity(count);
    let (mut previous_end, mut previous_position_end) = (0usize, 0usize);
    let mut key = Vec::new();
    for _ in 0..count {
        let id = r.str()?;
        let start = previous_end.checked_add(r.number()?)?;
        let text_range = range(start, r.number()?)?;
        previous_end = text_range.end;
        let position = match r.number()? {
            0 => None,
            delta => {
                let start = (previous_position_end + delta).checked_sub(1)?;
                let found = range(start, r.number()?)?;
                previous_position_end = found.end;
                Some(found)
            }
        };
        // Ids are unique and sorted, and each part is preceded by its quoted key.
        if components.last().is_some_and(|last| last.id >= id) {
            return None;
        }
        key.clear();
        serde_json::to_writer(&mut key, id).ok()?;
        key.push(b':');
        for r in std::iter::once(&text_range).chain(position.as_ref()) {
            if !text[..r.start].ends_with(&key) || text[r.end - 1] != b'}' {
                return None;
            }
        }
        components.push(ComponentPart { id, text: text_range, position });
    }
    (r.at == rest.len()).then_some(PartIndex { sections, components })
}

#[cfg(test)]
mod tests {
    use super::*;
    use callflow_model::{Component, ComponentKind, Position};

    fn check_index(doc: &FlowFile) {
        let s = serialize(doc);
        assert_eq!(s.text, serde_json::to_string(doc).unwrap(), "the stored text must not change");
        let index = decode(&s.parts, s.text.as_bytes()).expect("a valid index");
        assert_eq!(index.components.len(), doc.flow.components.len());
        for (part, (id, component)) in index.components.iter().zip(&doc.flow.components) {
            assert_eq!(part.id, id);
            let parsed: Component = serde_json::from_str(&s.text[part.text.clone()]).unwrap();
            assert_eq!(&parsed, component);
            let position = part.position.clone().map(|r| serde_json::from_str(&s.text[r]).unwrap());
            assert_eq!(position.as_ref(), doc.layout.components.get(id));
        }
        for key in ["version", "flow.id", "flow.name", "flow.type", "flow.entry"] {
            assert!(index.section(key).is_some(), "{key}");
        }
        assert_eq!(
            &s.text[index.section("flow.name").unwrap()],
            serde_json::to_string(&doc.flow.name).unwrap()
        );
    }

    #[test]
    fn the_index_locates_every_component_and_position() {
        check_index(&callflow_model::synth::realistic_file(300));
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../flows")).unwrap() {
            check_index(&callflow_model::read_path(&entry.unwrap().path()).unwrap());
        }
    }

    #[test]
    fn ids_that_need_escaping_and_layout_only_ids_are_handled() {
        let mut doc = callflow_model::synth::realistic_file(20);
        for id in ["quote\"d", "back\\slash", "tab\tnew\nline", "ünïcödé", "\u{1}ctl"] {
            doc.flow.components.insert(id.into(), Component::new(ComponentKind::HangUp, id));
            doc.layout.components.insert(id.into(), Position { x: 1.0, y: 2.0 });
        }
        doc.layout.components.insert("aaa_only_in_layout".into(), Position { x: 3.0, y: 4.0 });
        doc.layout.components.insert("zzz_only_in_layout".into(), Position { x: 5.0, y: 6.0 });
        check_index(&doc);
    }

    #[test]
    fn an_index_that_does_not_match_its_text_is_rejected() {
        let doc = callflow_model::synth::realistic_file(50);
        let s = serialize(&doc);
        assert!(decode(&s.parts, s.text.as_bytes()).is_some());
        assert!(decode(b"", s.text.as_bytes()).is_none());
        assert!(decode(&s.parts[..s.parts.len() - 1], s.text.as_bytes()).is_none());
        // The same index over another text (one more component before the others).
        let mut other = doc.clone();
        other.flow.components.insert("a".into(), Component::new(ComponentKind::HangUp, "A"));
        assert!(decode(&s.parts, serialize(&other).text.as_bytes()).is_none());
        assert!(decode(&s.parts, &s.text.as_bytes()[..s.text.len() / 2]).is_none());
    }
}
