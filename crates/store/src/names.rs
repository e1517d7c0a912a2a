//! Deterministic file names for exported flows (used by the library's export of every flow and
//! by `callflow-export`): the flow id, made safe for every file system,
//! plus `.callflow.json`; ids that would give the same name (ignoring case, for case-insensitive
//! file systems) get `-2`, `-3`, ... in id order. The same set of flows always gets the same
//! names, whatever order they were given in.
//!
//! One exception keeps an exported folder working: when a flow's environment names the file of a
//! flow it calls (`environment.flows`: id -> `callback-offer.callflow.json`) and that flow is in
//! the same export, the called flow's file gets that name, so the engine finds it beside the
//! caller without the document being changed.

use std::collections::{BTreeMap, BTreeSet};

use callflow_model::file::FILE_EXTENSION;

/// A file name stem for a flow id: ASCII letters, digits, `.`, `_` and `-` kept, anything else
/// `_`; no leading dot (hidden files); `flow` when nothing is left.
pub fn file_stem_for(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' })
        .collect();
    let stem = stem.trim_start_matches('.').chars().take(120).collect::<String>();
    if stem.is_empty() { "flow".into() } else { stem }
}

/// The file name of each flow id, by id.
pub fn file_names<'a>(ids: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    file_names_preferring(ids, &BTreeMap::new())
}

/// The file name of each flow id, by id, using `preferred[id]` where it is a plain
/// `*.callflow.json` file name (no folder) that no other flow took first (in id order).
pub fn file_names_preferring<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    preferred: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    let mut used = BTreeSet::new();
    let mut out = BTreeMap::new();
    for id in &ids {
        if let Some(name) = preferred.get(*id)
            && let Some(stem) = name.strip_suffix(FILE_EXTENSION)
            && !stem.is_empty()
            && file_stem_for(stem) == stem
            && used.insert(stem.to_lowercase())
        {
            out.insert(id.to_string(), name.clone());
        }
    }
    for id in ids {
        if out.contains_key(id) {
            continue;
        }
        let base = file_stem_for(id);
        let mut stem = base.clone();
        let mut n = 2;
        while !used.insert(stem.to_lowercase()) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        out.insert(id.to_string(), format!("{stem}{FILE_EXTENSION}"));
    }
    out
}

/// The file names of an export of `docs`, by flow id: called flows keep the file names their
/// callers' environments give them (when exported together), the rest are named after their ids.
pub fn file_names_for_documents<'a>(
    docs: impl IntoIterator<Item = &'a callflow_model::FlowFile>,
) -> BTreeMap<String, String> {
    let mut callers: Vec<&callflow_model::FlowFile> = docs.into_iter().collect();
    let ids: BTreeSet<&str> = callers.iter().map(|d| d.flow.id.as_str()).collect();
    callers.sort_by(|a, b| a.flow.id.cmp(&b.flow.id));
    let mut preferred = BTreeMap::new();
    for doc in callers {
        for (id, file) in doc.environment.iter().flat_map(|e| &e.flows) {
            if ids.contains(id.as_str()) {
                preferred.entry(id.clone()).or_insert_with(|| file.clone());
            }
        }
    }
    file_names_preferring(ids, &preferred)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_unique_and_independent_of_order() {
        let a =
            file_names(["main-ivr", "Main IVR", "main_ivr", "../etc/passwd", ".hidden", "čš", "MAIN-IVR"]);
        let b =
            file_names(["MAIN-IVR", "čš", ".hidden", "../etc/passwd", "main_ivr", "Main IVR", "main-ivr"]);
        assert_eq!(a, b);
        assert_eq!(a["main-ivr"], "main-ivr-2.callflow.json");
        assert_eq!(a["MAIN-IVR"], "MAIN-IVR.callflow.json");
        assert_eq!(a["Main IVR"], "Main_IVR.callflow.json");
        assert_eq!(a["../etc/passwd"], "_etc_passwd.callflow.json");
        assert_eq!(a[".hidden"], "hidden.callflow.json");
        assert_eq!(a["čš"], "__.callflow.json");
        let names: BTreeSet<String> = a.values().map(|n| n.to_lowercase()).collect();
        assert_eq!(names.len(), a.len());
    }

    #[test]
    fn a_name_an_environment_refers_to_is_kept_when_safe() {
        let preferred: BTreeMap<String, String> = [
            ("callback_offer", "callback-offer.callflow.json"),
            ("sneaky", "../outside.callflow.json"),
            ("other", "not-a-flow-file.json"),
            ("zz", "a.callflow.json"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let names = file_names_preferring(["callback_offer", "sneaky", "other", "a", "zz"], &preferred);
        assert_eq!(names["callback_offer"], "callback-offer.callflow.json");
        assert_eq!(names["sneaky"], "sneaky.callflow.json");
        assert_eq!(names["other"], "other.callflow.json");
        // `zz` asked for `a.callflow.json`: it gets it (preferences first), `a` moves aside.
        assert_eq!(names["zz"], "a.callflow.json");
        assert_eq!(names["a"], "a-2.callflow.json");
    }
}
