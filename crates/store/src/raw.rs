//! Diffing two stored documents without parsing what did not change.
//!
//! The stored form is deterministic ([`crate::library::stored_text`]): equal components have
//! byte-equal text. So the components' texts are compared byte for byte, and only the components
//! that differ, appear on one side only, or moved on the canvas are parsed. The result is handed
//! to [`crate::diff::diff`] and is the same as diffing the fully parsed documents (tested below);
//! for two 10,000-component versions that differ in 1% of their components, it avoids parsing
//! the other 99%.
//!
//! Two ways to find the components in the texts:
//! - [`diff_indexed`]: the part index saved with each document ([`crate::parts`]) gives every
//!   component's byte range directly (documents saved since schema 2);
//! - [`diff_stored`]: otherwise both texts are scanned into borrowed slices per component (no
//!   allocation per value), which costs a full JSON scan of each text.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use callflow_model::{Component, FORMAT_TAG, FORMAT_VERSION, Flow, FlowFile, FlowType, Layout};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::diff::FlowDiff;
use crate::types::DocRef;

#[derive(Deserialize)]
struct RawFile<'a> {
    version: u32,
    #[serde(borrow)]
    flow: RawFlow<'a>,
    #[serde(borrow, default)]
    layout: Option<&'a RawValue>,
    #[serde(borrow, default)]
    environment: Option<&'a RawValue>,
    #[serde(borrow, default)]
    tests: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawFlow<'a> {
    id: String,
    name: String,
    #[serde(rename = "type")]
    flow_type: FlowType,
    entry: String,
    #[serde(borrow, default)]
    variables: Option<&'a RawValue>,
    #[serde(borrow)]
    components: BTreeMap<Cow<'a, str>, &'a RawValue>,
    #[serde(borrow, default)]
    notes: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
struct RawLayout<'a> {
    #[serde(borrow, default)]
    components: BTreeMap<Cow<'a, str>, &'a RawValue>,
    #[serde(borrow, default)]
    notes: Option<&'a RawValue>,
}

fn same(a: Option<&RawValue>, b: Option<&RawValue>) -> bool {
    a.map(RawValue::get) == b.map(RawValue::get)
}

fn parse<T: DeserializeOwned + Default>(raw: Option<&RawValue>) -> Option<T> {
    match raw {
        None => Some(T::default()),
        Some(r) => serde_json::from_str(r.get()).ok(),
    }
}

/// The diff of two stored texts, or `None` when either is not in the current stored format (the
/// caller then parses them in full).
pub(crate) fn diff_stored(
    id: &str,
    from: DocRef,
    text_a: &str,
    to: DocRef,
    text_b: &str,
) -> Option<FlowDiff> {
    // The two scans are independent: run them side by side.
    let (a, b) =
        both(|| serde_json::from_str::<RawFile<'_>>(text_a).ok(), || serde_json::from_str(text_b).ok());
    let (a, b): (RawFile<'_>, RawFile<'_>) = (a?, b?);
    if a.version != FORMAT_VERSION || b.version != FORMAT_VERSION {
        return None;
    }

    // Layout: equal layouts mean nothing moved; otherwise positions are compared as text too.
    let layouts_differ = !same(a.layout, b.layout);
    let (raw_layout_a, raw_layout_b): (RawLayout<'_>, RawLayout<'_>) = if layouts_differ {
        let (x, y) = both(|| parse_borrowed(a.layout), || parse_borrowed(b.layout));
        (x?, y?)
    } else {
        Default::default()
    };

    // The components worth parsing: changed text, one side only, or moved.
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    for (key, raw) in &a.flow.components {
        if b.flow.components.get(key).map(|r| r.get()) != Some(raw.get()) {
            wanted.insert(key.to_string());
        }
    }
    for key in b.flow.components.keys() {
        if !a.flow.components.contains_key(key) {
            wanted.insert(key.to_string());
        }
    }
    for (mine, theirs, flow) in
        [(&raw_layout_a, &raw_layout_b, &a.flow), (&raw_layout_b, &raw_layout_a, &b.flow)]
    {
        for (key, pos) in &mine.components {
            if theirs.components.get(key).map(|r| r.get()) != Some(pos.get())
                && flow.components.contains_key(key)
            {
                wanted.insert(key.to_string());
            }
        }
    }
    let layout_a = reduced_layout(&raw_layout_a, &wanted)?;
    let layout_b = reduced_layout(&raw_layout_b, &wanted)?;

    let (env_a, env_b) = if same(a.environment, b.environment) {
        (None, None)
    } else {
        (parse::<Option<_>>(a.environment)?, parse::<Option<_>>(b.environment)?)
    };
    let (tests_a, tests_b) =
        if same(a.tests, b.tests) { (Vec::new(), Vec::new()) } else { (parse(a.tests)?, parse(b.tests)?) };

    let doc_a = reduced(&a, &wanted, layout_a, env_a, tests_a)?;
    let doc_b = reduced(&b, &wanted, layout_b, env_b, tests_b)?;
    Some(crate::diff::diff(id, from, &doc_a, to, &doc_b))
}

/// The diff of two stored texts located by their part indexes, or `None` when either index does
/// not match its text or the texts are not in the current stored format (the caller then scans).
pub(crate) fn diff_indexed(
    id: &str,
    from: DocRef,
    (text_a, parts_a): (&[u8], &[u8]),
    to: DocRef,
    (text_b, parts_b): (&[u8], &[u8]),
) -> Option<FlowDiff> {
    let a = crate::parts::decode(parts_a, text_a)?;
    let b = crate::parts::decode(parts_b, text_b)?;
    for (index, text) in [(&a, text_a), (&b, text_b)] {
        let version: u32 = serde_json::from_slice(&text[index.section("version")?]).ok()?;
        if version != FORMAT_VERSION {
            return None;
        }
    }

    // The components worth parsing: changed text, one side only, or moved. Both lists are in
    // id order: merge-join them.
    let mut wanted_a = Vec::new();
    let mut wanted_b = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.components.len() || j < b.components.len() {
        let order = match (a.components.get(i), b.components.get(j)) {
            (Some(x), Some(y)) => x.id.cmp(y.id),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                wanted_a.push(&a.components[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                wanted_b.push(&b.components[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                let (x, y) = (&a.components[i], &b.components[j]);
                if text_a[x.text.clone()] != text_b[y.text.clone()]
                    || x.position.clone().map(|r| &text_a[r]) != y.position.clone().map(|r| &text_b[r])
                {
                    wanted_a.push(x);
                    wanted_b.push(y);
                }
                i += 1;
                j += 1;
            }
        }
    }

    let same_section = |key: &str| a.section(key).map(|r| &text_a[r]) == b.section(key).map(|r| &text_b[r]);
    let (env_a, env_b) = if same_section("environment") {
        (None, None)
    } else {
        (section(text_a, &a, "environment")?, section(text_b, &b, "environment")?)
    };
    let (tests_a, tests_b) = if same_section("tests") {
        (Vec::new(), Vec::new())
    } else {
        (section(text_a, &a, "tests")?, section(text_b, &b, "tests")?)
    };
    let doc_a = reduced_indexed(text_a, &a, &wanted_a, env_a, tests_a)?;
    let doc_b = reduced_indexed(text_b, &b, &wanted_b, env_b, tests_b)?;
    Some(crate::diff::diff(id, from, &doc_a, to, &doc_b))
}

/// Section `key` parsed (its default when the document has none).
fn section<T: DeserializeOwned + Default>(
    text: &[u8],
    index: &crate::parts::PartIndex<'_>,
    key: &str,
) -> Option<T> {
    match index.section(key) {
        None => Some(T::default()),
        Some(r) => serde_json::from_slice(&text[r]).ok(),
    }
}

/// A document holding only the `wanted` components (and their positions), fully parsed, and
/// everything else the diff looks at.
fn reduced_indexed(
    text: &[u8],
    index: &crate::parts::PartIndex<'_>,
    wanted: &[&crate::parts::ComponentPart<'_>],
    environment: Option<callflow_model::Environment>,
    tests: Vec<callflow_model::TestCall>,
) -> Option<FlowFile> {
    let required = |key: &str| index.section(key).map(|r| &text[r]);
    let mut components = BTreeMap::new();
    let mut layout = Layout { notes: section(text, index, "layout.notes")?, ..Layout::default() };
    for part in wanted {
        components
            .insert(part.id.to_string(), serde_json::from_slice::<Component>(&text[part.text.clone()]).ok()?);
        if let Some(r) = part.position.clone() {
            layout.components.insert(part.id.to_string(), serde_json::from_slice(&text[r]).ok()?);
        }
    }
    Some(FlowFile {
        format: FORMAT_TAG.into(),
        version: FORMAT_VERSION,
        flow: Flow {
            id: serde_json::from_slice(required("flow.id")?).ok()?,
            name: serde_json::from_slice(required("flow.name")?).ok()?,
            flow_type: serde_json::from_slice(required("flow.type")?).ok()?,
            entry: serde_json::from_slice(required("flow.entry")?).ok()?,
            variables: section(text, index, "flow.variables")?,
            components,
            notes: section(text, index, "flow.notes")?,
        },
        layout,
        environment,
        tests,
        // Not compared (debugger settings, not a change of the flow).
        breakpoints: Vec::new(),
        // Not compared either (the campaign view's simulator input, like the breakpoints).
        campaign: Vec::new(),
    })
}

/// Runs `f` on another thread and `g` on this one.
fn both<A: Send, B>(
    f: impl FnOnce() -> Option<A> + Send,
    g: impl FnOnce() -> Option<B>,
) -> (Option<A>, Option<B>) {
    std::thread::scope(|s| {
        let other = s.spawn(f);
        let mine = g();
        (other.join().ok().flatten(), mine)
    })
}

fn parse_borrowed<'a, T: Deserialize<'a> + Default>(raw: Option<&'a RawValue>) -> Option<T> {
    match raw {
        None => Some(T::default()),
        Some(r) => serde_json::from_str(r.get()).ok(),
    }
}

/// The positions of the `wanted` components and every note box.
fn reduced_layout(raw: &RawLayout<'_>, wanted: &BTreeSet<String>) -> Option<Layout> {
    let mut layout = Layout { notes: parse(raw.notes)?, ..Layout::default() };
    for key in wanted {
        if let Some(pos) = raw.components.get(key.as_str()) {
            layout.components.insert(key.clone(), serde_json::from_str(pos.get()).ok()?);
        }
    }
    Some(layout)
}

/// A document holding only the `wanted` components of `raw`, fully parsed, and everything else
/// the diff looks at.
fn reduced(
    raw: &RawFile<'_>,
    wanted: &BTreeSet<String>,
    layout: Layout,
    environment: Option<callflow_model::Environment>,
    tests: Vec<callflow_model::TestCall>,
) -> Option<FlowFile> {
    let mut components = BTreeMap::new();
    for key in wanted {
        if let Some(text) = raw.flow.components.get(key.as_str()) {
            components.insert(key.clone(), serde_json::from_str::<Component>(text.get()).ok()?);
        }
    }
    Some(FlowFile {
        format: FORMAT_TAG.into(),
        version: FORMAT_VERSION,
        flow: Flow {
            id: raw.flow.id.clone(),
            name: raw.flow.name.clone(),
            flow_type: raw.flow.flow_type,
            entry: raw.flow.entry.clone(),
            variables: parse(raw.flow.variables)?,
            components,
            notes: parse(raw.flow.notes)?,
        },
        layout,
        environment,
        tests,
        // Not compared (debugger settings, not a change of the flow).
        breakpoints: Vec::new(),
        // Not compared either (the campaign view's simulator input, like the breakpoints).
        campaign: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::stored_text;
    use callflow_model::{ComponentKind, DtmfKey, Note, Position, Variable, VariableType};
    use serde_json::json;

    fn base() -> FlowFile {
        let mut file = callflow_model::synth::realistic_file(200);
        file.flow.notes.push(Note { id: "n".into(), text: "hi".into(), component: None });
        file
    }

    /// Every kind of change, alone and together: the fast path equals the full diff.
    #[test]
    fn the_fast_diff_equals_the_full_diff() {
        let a = base();
        let ids: Vec<String> = a.flow.components.keys().cloned().collect();
        type Edit = Box<dyn Fn(&mut FlowFile)>;
        let edits: Vec<Edit> = vec![
            Box::new(|_| {}),
            Box::new(|f| f.flow.name = "Renamed".into()),
            Box::new(|f| f.flow.entry = "end".into()),
            Box::new(|f| {
                f.flow.variables.push(Variable {
                    name: "x".into(),
                    var_type: VariableType::Number,
                    default: Some(json!(1)),
                    description: String::new(),
                })
            }),
            Box::new(|f| f.flow.notes[0].text = "changed".into()),
            Box::new(|f| {
                f.flow.components.insert("new".into(), Component::new(ComponentKind::HangUp, "New"));
            }),
            Box::new(move |f| {
                f.flow.components.remove(&ids[3]);
            }),
            Box::new(|f| {
                let c = f.flow.components.values_mut().nth(5).unwrap();
                c.name = "Edited".into();
                c.alternative_keys.insert(DtmfKey::Hash, "end".into());
            }),
            Box::new(|f| {
                let c = f.flow.components.values_mut().nth(7).unwrap();
                if let Some(exit) = c.exits.values_mut().next() {
                    *exit = None;
                }
            }),
            Box::new(|f| {
                let id = f.flow.components.keys().nth(9).unwrap().clone();
                f.layout.components.insert(id, Position { x: -5.0, y: 1e6 });
            }),
            Box::new(|f| {
                let id = f.flow.components.keys().nth(11).unwrap().clone();
                f.layout.components.remove(&id);
            }),
            Box::new(|f| f.environment = Some(Default::default())),
            Box::new(|f| f.tests.clear()),
        ];
        let mut all = a.clone();
        for edit in &edits {
            let mut b = a.clone();
            edit(&mut b);
            edit(&mut all);
            for (x, y) in [(&a, &b), (&b, &a)] {
                let full = crate::diff::diff("f", DocRef::Version(1), x, DocRef::Draft, y);
                let fast =
                    diff_stored("f", DocRef::Version(1), &stored_text(x), DocRef::Draft, &stored_text(y))
                        .unwrap();
                assert_eq!(fast, full);
                assert_eq!(indexed(x, y), full);
            }
        }
        let full = crate::diff::diff("f", DocRef::Version(1), &a, DocRef::Draft, &all);
        let fast = diff_stored("f", DocRef::Version(1), &stored_text(&a), DocRef::Draft, &stored_text(&all))
            .unwrap();
        assert_eq!(fast, full);
        assert_eq!(indexed(&a, &all), full);
        assert!(!full.is_empty());
    }

    /// The diff through both documents' part indexes.
    fn indexed(x: &FlowFile, y: &FlowFile) -> FlowDiff {
        let (sx, sy) = (crate::parts::serialize(x), crate::parts::serialize(y));
        diff_indexed(
            "f",
            DocRef::Version(1),
            (sx.text.as_bytes(), &sx.parts),
            DocRef::Draft,
            (sy.text.as_bytes(), &sy.parts),
        )
        .expect("both indexes match their texts")
    }

    #[test]
    fn a_wrong_index_falls_back() {
        let (a, b) = (base(), crate::parts::serialize(&base()));
        let sa = crate::parts::serialize(&a);
        let mut bad = b.parts.clone();
        bad.truncate(bad.len() - 3);
        let text = b.text.as_bytes();
        assert!(
            diff_indexed("f", DocRef::Draft, (sa.text.as_bytes(), &sa.parts), DocRef::Draft, (text, &bad))
                .is_none()
        );
        assert!(
            diff_indexed("f", DocRef::Draft, (sa.text.as_bytes(), &[]), DocRef::Draft, (text, &b.parts))
                .is_none()
        );
    }

    #[test]
    fn text_in_another_format_falls_back() {
        let a = base();
        assert!(diff_stored("f", DocRef::Draft, "{}", DocRef::Draft, &stored_text(&a)).is_none());
    }
}
