//! Version messages the library writes itself ("Imported from inbound.callflow.json"), as data.
//!
//! The stored message stays English text, which the CLI prints and every older library already
//! holds; [`VersionNote::from_message`] reads it back, so a list of versions can carry what the
//! message says ([`crate::VersionInfo::note`]) and the app word it in the designer's language.
//! The app imports its samples with the source `sample <name>`, which reads back as
//! [`VersionNote::ImportedSample`].

use serde::Serialize;
use ts_rs::TS;

/// What a version message written by the library says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VersionNote {
    /// The version is a file that was imported: "Imported from <file>".
    Imported { file: String },
    /// The version is one of the app's samples, imported into a new library: "Imported from
    /// sample <name>" (the app names the source `sample <name>`).
    ImportedSample { name: String },
    /// The draft had unsaved changes when a file was imported over it:
    /// "Unsaved draft, kept before importing <file>".
    KeptBeforeImport { file: String },
    /// The draft had unsaved changes when a version was restored:
    /// "Unsaved draft, kept before restoring version <version>".
    KeptBeforeRestore { version: u32 },
}

const IMPORTED: &str = "Imported from ";
const IMPORTED_SAMPLE: &str = "Imported from sample ";
const KEPT_BEFORE_IMPORT: &str = "Unsaved draft, kept before importing ";
const KEPT_BEFORE_RESTORE: &str = "Unsaved draft, kept before restoring version ";

impl VersionNote {
    /// The message stored with the version (English).
    pub fn message(&self) -> String {
        match self {
            VersionNote::Imported { file } => format!("{IMPORTED}{file}"),
            VersionNote::ImportedSample { name } => format!("{IMPORTED_SAMPLE}{name}"),
            VersionNote::KeptBeforeImport { file } => format!("{KEPT_BEFORE_IMPORT}{file}"),
            VersionNote::KeptBeforeRestore { version } => format!("{KEPT_BEFORE_RESTORE}{version}"),
        }
    }

    /// The note a stored message is the text of, if the library wrote it. A designer's message
    /// worded the same way reads as the same note (it says the same thing); files are JSON file
    /// names, so "Imported from the old system" stays the designer's own words. A file imported
    /// under another name keeps its English message.
    pub fn from_message(message: &str) -> Option<VersionNote> {
        if let Some(file) = message.strip_prefix(KEPT_BEFORE_IMPORT) {
            return json_file_name(file).then(|| VersionNote::KeptBeforeImport { file: file.into() });
        }
        if let Some(version) = message.strip_prefix(KEPT_BEFORE_RESTORE) {
            // Only the digits `message` writes: "+1" or "01" would not read back as written.
            let canonical = !version.starts_with(['+', '0']) || version == "0";
            return version
                .parse()
                .ok()
                .filter(|_| canonical)
                .map(|version| VersionNote::KeptBeforeRestore { version });
        }
        if let Some(name) = message.strip_prefix(IMPORTED_SAMPLE)
            && json_file_name(name)
        {
            return Some(VersionNote::ImportedSample { name: name.into() });
        }
        let file = message.strip_prefix(IMPORTED)?;
        json_file_name(file).then(|| VersionNote::Imported { file: file.into() })
    }
}

/// Whether `name` could be the name of an imported file: one line, no folder, ending `.json`.
fn json_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.len() > ".json".len() && lower.ends_with(".json") && !name.contains(['/', '\\', '\n', '\r'])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn reads_the_messages_the_library_writes() {
        let notes = [
            VersionNote::Imported { file: "inbound support.callflow.json".into() },
            VersionNote::ImportedSample { name: "inbound-support.callflow.json".into() },
            VersionNote::KeptBeforeImport { file: "a.callflow.json".into() },
            VersionNote::KeptBeforeRestore { version: 12 },
        ];
        for note in notes {
            assert_eq!(VersionNote::from_message(&note.message()), Some(note));
        }
    }

    #[test]
    fn a_designers_own_message_is_no_note() {
        for message in [
            "",
            "Imported from ",
            "Imported from .json",
            "imported from a.json",
            "Imported from the old system",
            "Imported from flows/a.json",
            "Fixed the menu",
            "Unsaved draft, kept before importing the big change",
            "Unsaved draft, kept before restoring version x",
            "Unsaved draft, kept before restoring version 07",
            "Unsaved draft, kept before restoring version +7",
        ] {
            assert_eq!(VersionNote::from_message(message), None, "{message:?}");
        }
    }

    proptest! {
        #[test]
        fn a_message_is_read_back_only_as_the_note_that_writes_it(message in ".{0,60}") {
            if let Some(note) = VersionNote::from_message(&message) {
                prop_assert_eq!(note.message(), message);
            }
        }

        #[test]
        fn every_note_reads_back(file in "[^/\\\\\r\n]{1,30}\\.(json|JSON|callflow\\.json)", version in any::<u32>()) {
            // A file named "sample …" reads back as a sample: the same words.
            prop_assume!(!file.starts_with("sample "));
            let notes = [
                VersionNote::Imported { file: file.clone() },
                VersionNote::ImportedSample { name: file.clone() },
                VersionNote::KeptBeforeImport { file: file.clone() },
                VersionNote::KeptBeforeRestore { version },
            ];
            for note in notes {
                prop_assert_eq!(VersionNote::from_message(&note.message()), Some(note));
            }
        }
    }
}
