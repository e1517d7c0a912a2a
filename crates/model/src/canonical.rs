//! The canonical JSON text of any serializable value, written directly: every object's keys in
//! sorted order, two-space indentation (serde_json's pretty format).
//!
//! Why: the file writer used to go through `serde_json::Value` to get sorted keys, which builds
//! a second full copy of the document (a 10,000-component flow is ~6 MB of text and far more as a
//! tree). This serializer writes straight into one buffer. Each object's entries are written in
//! the order serde gives them; when the object ends, if they were not already sorted, only that
//! object's bytes are rearranged. Objects that arrive sorted (maps keyed by strings, the
//! configs) cost nothing extra.
//!
//! The output is byte-identical to `serde_json::to_string_pretty(&serde_json::to_value(x)?)`
//! (tests in `tests/canonical.rs` compare both on every sample flow and on generated documents).
//! The one difference by design: two entries with the same key in one object are both written,
//! where a `Value` would keep the last; the model's types never produce that.

use serde::ser::{self, Serialize};

/// Why a value could not be written: a map key that is not a string or a number, or a
/// serialization error raised by the value itself.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CanonicalError(String);

impl ser::Error for CanonicalError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        CanonicalError(msg.to_string())
    }
}

impl From<serde_json::Error> for CanonicalError {
    fn from(err: serde_json::Error) -> Self {
        CanonicalError(err.to_string())
    }
}

/// The canonical pretty text of `value` (no trailing newline, as `to_string_pretty`).
pub fn to_string_sorted<T: Serialize + ?Sized>(value: &T) -> Result<String, CanonicalError> {
    to_string_sorted_with_capacity(value, 4096)
}

/// [`to_string_sorted`] into a buffer of `capacity` bytes to start with: a good guess saves
/// growing (and copying) a large text several times.
pub fn to_string_sorted_with_capacity<T: Serialize + ?Sized>(
    value: &T,
    capacity: usize,
) -> Result<String, CanonicalError> {
    let mut state = State { out: Vec::with_capacity(capacity), entries: Vec::new(), scratch: Vec::new() };
    value.serialize(&mut Writer { st: &mut state, depth: 0 })?;
    // Only valid UTF-8 is ever written: JSON punctuation and serde_json's escaped strings.
    String::from_utf8(state.out).map_err(|err| CanonicalError(err.to_string()))
}

/// Everything the writer shares across nesting levels, so that no object allocates its own.
struct State {
    out: Vec<u8>,
    /// The entries of every object still open, innermost last (each object knows its base).
    entries: Vec<Entry>,
    /// Where an object's bytes go while they are put in order.
    scratch: Vec<u8>,
}

/// One written entry of an object: its key and where its `"key": value` text is in `out`.
struct Entry {
    key: Key,
    start: usize,
    end: usize,
}

/// An entry's key, without copying it when that can be avoided.
enum Key {
    /// A struct field name.
    Static(&'static str),
    /// The key as written between the quotes that open the entry (`len` bytes after the first
    /// quote): it needed no escaping, so the written text is the key. Relative to the entry's
    /// start, so it stays right when the entry moves.
    Written { len: usize },
    /// A key that needed escaping, kept as it is.
    Owned(String),
}

impl Entry {
    fn key<'a>(&'a self, out: &'a [u8]) -> &'a [u8] {
        match &self.key {
            Key::Static(s) => s.as_bytes(),
            Key::Written { len } => &out[self.start + 1..self.start + 1 + len],
            Key::Owned(s) => s.as_bytes(),
        }
    }
}

/// Whether serde_json writes `s` between quotes unchanged.
fn needs_no_escape(s: &str) -> bool {
    !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\')
}

fn newline_indent(out: &mut Vec<u8>, depth: usize) {
    out.push(b'\n');
    out.resize(out.len() + 2 * depth, b' ');
}

struct Writer<'a> {
    st: &'a mut State,
    /// Nesting depth of the value being written (indentation is two spaces per level).
    depth: usize,
}

impl Writer<'_> {
    /// Writes a scalar exactly as a `Value` holding it would print.
    fn scalar<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        let value = serde_json::to_value(value)?;
        serde_json::to_writer(&mut self.st.out, &value)?;
        Ok(())
    }

    fn integer<T: Serialize>(&mut self, value: T) -> Result<(), CanonicalError> {
        // Integers print the same directly as through a `Value`.
        serde_json::to_writer(&mut self.st.out, &value)?;
        Ok(())
    }

    fn string(&mut self, s: &str) -> Result<(), CanonicalError> {
        serde_json::to_writer(&mut self.st.out, s)?;
        Ok(())
    }

    fn seq(&mut self) -> Seq<'_> {
        self.st.out.push(b'[');
        Seq { st: &mut *self.st, depth: self.depth, empty: true }
    }

    fn object(&mut self) -> Object<'_> {
        Object::open(&mut *self.st, self.depth)
    }
}

/// An array being written.
struct Seq<'a> {
    st: &'a mut State,
    depth: usize,
    empty: bool,
}

impl<'a> Seq<'a> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        if !self.empty {
            self.st.out.push(b',');
        }
        self.empty = false;
        newline_indent(&mut self.st.out, self.depth + 1);
        value.serialize(&mut Writer { st: &mut *self.st, depth: self.depth + 1 })
    }

    fn end(self) -> &'a mut State {
        if !self.empty {
            newline_indent(&mut self.st.out, self.depth);
        }
        self.st.out.push(b']');
        self.st
    }
}

/// An object being written. Entries are written as they come, each preceded by its separator;
/// `end` rearranges them when they did not come sorted.
struct Object<'a> {
    st: &'a mut State,
    depth: usize,
    /// Where the first entry's separator starts (just after `{`).
    start: usize,
    /// This object's entries are `st.entries[base..]`.
    base: usize,
    /// The key written last, waiting for its value, and where its entry starts.
    pending: Option<(Key, usize)>,
}

impl<'a> Object<'a> {
    fn open(st: &'a mut State, depth: usize) -> Object<'a> {
        st.out.push(b'{');
        let start = st.out.len();
        let base = st.entries.len();
        Object { st, depth, start, base, pending: None }
    }

    /// Writes the separator and indentation before a key; returns where the entry starts.
    fn separator(&mut self) -> usize {
        if self.st.entries.len() > self.base || self.pending.is_some() {
            self.st.out.push(b',');
        }
        newline_indent(&mut self.st.out, self.depth + 1);
        self.st.out.len()
    }

    fn key_str(&mut self, key: &str) -> Result<(), CanonicalError> {
        let at = self.separator();
        serde_json::to_writer(&mut self.st.out, key)?;
        let key =
            if needs_no_escape(key) { Key::Written { len: key.len() } } else { Key::Owned(key.to_string()) };
        self.st.out.extend_from_slice(b": ");
        self.pending = Some((key, at));
        Ok(())
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        let (key, start) =
            self.pending.take().ok_or_else(|| CanonicalError("a map value without a key".into()))?;
        value.serialize(&mut Writer { st: &mut *self.st, depth: self.depth + 1 })?;
        let end = self.st.out.len();
        self.st.entries.push(Entry { key, start, end });
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), CanonicalError> {
        let at = self.separator();
        serde_json::to_writer(&mut self.st.out, key)?;
        self.st.out.extend_from_slice(b": ");
        self.pending = Some((Key::Static(key), at));
        self.value(value)
    }

    fn end(self) -> &'a mut State {
        let Object { st, depth, start, base, .. } = self;
        let State { out, entries, scratch } = &mut *st;
        let mine = &mut entries[base..];
        if mine.is_empty() {
            out.push(b'}');
            return st;
        }
        if !mine.windows(2).all(|pair| pair[0].key(out) <= pair[1].key(out)) {
            if mine.len() <= SMALL_OBJECT {
                sort_in_place(out, mine, depth);
            } else {
                sort_through_scratch(out, mine, scratch, start, depth);
            }
        }
        entries.truncate(base);
        newline_indent(out, depth);
        out.push(b'}');
        st
    }
}

/// Objects with at most this many entries are put in order in place; larger ones through a
/// scratch copy (an insertion sort by rotation would be quadratic in the entries).
const SMALL_OBJECT: usize = 32;

/// Puts the entries of a small object in key order by rotating them into place (a stable
/// insertion sort). The typical object out of order is a struct with a few small fields around
/// one large one (`flow.components`): rotations move the large one a few times at memmove
/// speed, with no second buffer, where a copy out and back would double the traffic.
///
/// Between two entries there is always `,\n` and the indentation, so a run of entries
/// `X , B` becomes `B , X` by two rotations.
fn sort_in_place(out: &mut [u8], entries: &mut [Entry], depth: usize) {
    let sep = 2 + 2 * (depth + 1);
    for i in 1..entries.len() {
        // Where entry i goes: after every earlier entry whose key is not greater (stable).
        let key = entries[i].key(out);
        let p = entries[..i].partition_point(|e| e.key(out) <= key);
        if p == i {
            continue;
        }
        let (from, b_start, b_end) = (entries[p].start, entries[i].start, entries[i].end);
        let b_len = b_end - b_start;
        // [X][sep][B] -> [sep][B][X] -> [B][sep][X]
        out[from..b_end].rotate_right(sep + b_len);
        out[from..from + sep + b_len].rotate_left(sep);
        let shift = sep + b_len;
        for e in &mut entries[p..i] {
            e.start += shift;
            e.end += shift;
        }
        entries[i].start = from;
        entries[i].end = from + b_len;
        entries[p..=i].rotate_right(1);
    }
}

/// Puts the entries of a large object in key order by copying its bytes out and back in order.
fn sort_through_scratch(
    out: &mut Vec<u8>,
    entries: &mut [Entry],
    scratch: &mut Vec<u8>,
    start: usize,
    depth: usize,
) {
    scratch.clear();
    scratch.extend_from_slice(&out[start..]);
    // Keys are read from the copy: `out` is about to be rewritten. A stable sort, so equal keys
    // keep their order.
    let key = |e: &Entry| -> Vec<u8> {
        match &e.key {
            Key::Written { len } => scratch[e.start - start + 1..e.start - start + 1 + len].to_vec(),
            Key::Static(s) => s.as_bytes().to_vec(),
            Key::Owned(s) => s.as_bytes().to_vec(),
        }
    };
    entries.sort_by_cached_key(key);
    out.truncate(start);
    for (n, entry) in entries.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        newline_indent(out, depth + 1);
        out.extend_from_slice(&scratch[entry.start - start..entry.end - start]);
    }
}

/// Map keys as JSON object keys, as `serde_json::to_value` accepts them: strings, characters,
/// numbers, booleans and unit variants.
struct KeyWriter<'o, 'a>(&'o mut Object<'a>);

impl ser::Serializer for KeyWriter<'_, '_> {
    type Ok = ();
    type Error = CanonicalError;
    type SerializeSeq = ser::Impossible<(), CanonicalError>;
    type SerializeTuple = ser::Impossible<(), CanonicalError>;
    type SerializeTupleStruct = ser::Impossible<(), CanonicalError>;
    type SerializeTupleVariant = ser::Impossible<(), CanonicalError>;
    type SerializeMap = ser::Impossible<(), CanonicalError>;
    type SerializeStruct = ser::Impossible<(), CanonicalError>;
    type SerializeStructVariant = ser::Impossible<(), CanonicalError>;

    fn serialize_str(self, v: &str) -> Result<(), CanonicalError> {
        self.0.key_str(v)
    }
    fn serialize_char(self, v: char) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_bool(self, v: bool) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<(), CanonicalError> {
        self.0.key_str(&v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<(), CanonicalError> {
        self.0.key_str(&float_key(v)?)
    }
    fn serialize_f64(self, v: f64) -> Result<(), CanonicalError> {
        self.0.key_str(&float_key(v)?)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), CanonicalError> {
        self.0.key_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), CanonicalError> {
        value.serialize(self)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, CanonicalError> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, CanonicalError> {
        Err(key_must_be_a_string())
    }
}

fn key_must_be_a_string() -> CanonicalError {
    CanonicalError("a map key must be a string, a number or a unit variant".into())
}

/// A float key, spelled as `serde_json::to_value` would (it refuses non-finite ones).
fn float_key<T: Serialize + Into<f64> + Copy>(v: T) -> Result<String, CanonicalError> {
    if v.into().is_finite() {
        Ok(serde_json::to_string(&v)?)
    } else {
        Err(CanonicalError("a float map key must be finite".into()))
    }
}

impl<'a, 'b> ser::Serializer for &'a mut Writer<'b> {
    type Ok = ();
    type Error = CanonicalError;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Variant<Seq<'a>>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Variant<Object<'a>>;

    fn serialize_bool(self, v: bool) -> Result<(), CanonicalError> {
        self.st.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), CanonicalError> {
        self.integer(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), CanonicalError> {
        self.integer(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), CanonicalError> {
        self.integer(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), CanonicalError> {
        self.integer(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), CanonicalError> {
        // Through a `Value`, which refuses what does not fit 64 bits.
        self.scalar(&v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), CanonicalError> {
        self.integer(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), CanonicalError> {
        self.integer(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), CanonicalError> {
        self.integer(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), CanonicalError> {
        self.integer(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), CanonicalError> {
        // Through a `Value`, which refuses what does not fit 64 bits.
        self.scalar(&v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), CanonicalError> {
        self.scalar(&v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), CanonicalError> {
        self.scalar(&v)
    }
    fn serialize_char(self, v: char) -> Result<(), CanonicalError> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), CanonicalError> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), CanonicalError> {
        let mut seq = self.seq();
        for b in v {
            seq.element(b)?;
        }
        seq.end();
        Ok(())
    }
    fn serialize_none(self) -> Result<(), CanonicalError> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), CanonicalError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), CanonicalError> {
        self.st.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), CanonicalError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), CanonicalError> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), CanonicalError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), CanonicalError> {
        let mut object = self.object();
        object.field(variant, value)?;
        object.end();
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'a>, CanonicalError> {
        Ok(self.seq())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Seq<'a>, CanonicalError> {
        Ok(self.seq())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Seq<'a>, CanonicalError> {
        Ok(self.seq())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<Seq<'a>>, CanonicalError> {
        // `{"variant": [ ... ]}`: the inner array sits one level deeper than the wrapper.
        let depth = self.depth;
        open_wrapper(&mut self.st.out, depth, variant)?;
        self.st.out.push(b'[');
        Ok(Variant { inner: Seq { st: &mut *self.st, depth: depth + 1, empty: true }, depth })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'a>, CanonicalError> {
        Ok(self.object())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Object<'a>, CanonicalError> {
        Ok(self.object())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<Object<'a>>, CanonicalError> {
        let depth = self.depth;
        open_wrapper(&mut self.st.out, depth, variant)?;
        Ok(Variant { inner: Object::open(&mut *self.st, depth + 1), depth })
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        self.element(value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        Seq::end(self);
        Ok(())
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        self.element(value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        Seq::end(self);
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        self.element(value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        Seq::end(self);
        Ok(())
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), CanonicalError> {
        key.serialize(KeyWriter(self))
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        self.value(value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        Object::end(self);
        Ok(())
    }
}

impl ser::SerializeStruct for Object<'_> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CanonicalError> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        Object::end(self);
        Ok(())
    }
}

/// The inner array or object of an enum variant written as `{"variant": ...}`, and the depth
/// of that wrapper object (closed after the inner value).
struct Variant<T> {
    inner: T,
    depth: usize,
}

fn open_wrapper(out: &mut Vec<u8>, depth: usize, variant: &str) -> Result<(), CanonicalError> {
    out.push(b'{');
    newline_indent(out, depth + 1);
    serde_json::to_writer(&mut *out, variant)?;
    out.extend_from_slice(b": ");
    Ok(())
}

fn close_wrapper(out: &mut Vec<u8>, depth: usize) {
    newline_indent(out, depth);
    out.push(b'}');
}

impl ser::SerializeTupleVariant for Variant<Seq<'_>> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), CanonicalError> {
        self.inner.element(value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        let st = self.inner.end();
        close_wrapper(&mut st.out, self.depth);
        Ok(())
    }
}

impl ser::SerializeStructVariant for Variant<Object<'_>> {
    type Ok = ();
    type Error = CanonicalError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CanonicalError> {
        self.inner.field(key, value)
    }
    fn end(self) -> Result<(), CanonicalError> {
        let st = self.inner.end();
        close_wrapper(&mut st.out, self.depth);
        Ok(())
    }
}
