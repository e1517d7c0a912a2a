//! Deterministic file names for exported flows: the flow id, made safe for every file system,
//! plus `.callflow.json`; ids that would give the same name (ignoring case, for case-insensitive
//! file systems) get `-2`, `-3`, ... in id order. The same set of flows always gets the same
//! names, whatever order they were given in.

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
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    let mut used = BTreeSet::new();
    let mut out = BTreeMap::new();
    for id in ids {
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
}
