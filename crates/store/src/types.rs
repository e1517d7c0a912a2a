//! The data the library hands out: plain serde + ts-rs types that the app sends to the UI as is
//! and the CLI prints.
//!
//! Times are RFC 3339 UTC strings with milliseconds (`2026-11-22T02:27:13.123Z`), which sort as
//! text. Version numbers start at 1 and grow by one per saved version of a flow.

use callflow_check::Diagnostic;
use callflow_model::{ComponentKind, FlowFile, FlowType};

use crate::notes::VersionNote;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One flow as the library list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FlowSummary {
    pub id: String,
    pub name: String,
    pub flow_type: FlowType,
    pub created_at: String,
    /// When the draft, name or any version last changed.
    pub updated_at: String,
    /// Set when the flow is in the trash.
    pub deleted_at: Option<String>,
    /// The newest saved version, if any.
    pub latest_version: Option<VersionSummary>,
    /// The published version, if any.
    pub published_version: Option<u32>,
    /// Whether the draft differs from the newest saved version (always true without versions).
    pub draft_changed: bool,
    /// The draft was imported with validation errors and has not been fixed since.
    pub draft_invalid: bool,
    pub component_count: u32,
}

/// The short form of a saved version, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VersionSummary {
    pub number: u32,
    pub message: String,
    pub author: String,
    pub created_at: String,
}

/// A saved version with everything but its document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VersionInfo {
    pub flow_id: String,
    pub number: u32,
    /// SHA-256 of the stored document text ([`crate::library::stored_text`]), lowercase hex.
    pub hash: String,
    pub message: String,
    /// What `message` says when the library wrote it (an import, a draft kept before one).
    pub note: Option<VersionNote>,
    pub author: String,
    pub created_at: String,
    pub component_count: u32,
    /// Size of the stored document text in bytes.
    pub size: u64,
    pub published: bool,
}

/// The working copy of a flow.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Draft {
    pub flow_id: String,
    pub document: FlowFile,
    pub saved_at: String,
    /// The version the draft was last saved as or restored from.
    pub base_version: Option<u32>,
    /// Whether the draft differs from `base_version` (always true without one).
    pub changed: bool,
    /// Validation errors found when the draft was imported, until a save fixes them.
    pub problems: Vec<Diagnostic>,
}

/// What saving the draft did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DraftSaved {
    /// The draft was written.
    Saved,
    /// The draft already held exactly this document; nothing was written.
    Unchanged,
}

/// What saving a version did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SavedVersion {
    pub flow_id: String,
    /// The new version, or the existing newest one when nothing changed.
    pub number: u32,
    /// False when the document equals the newest version: no version was created.
    pub created: bool,
    pub hash: String,
}

/// What restoring a version as the draft did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Restored {
    pub draft: Draft,
    /// The draft had unsaved changes; they were kept as this new version before being replaced.
    pub kept_draft_as: Option<u32>,
}

/// The publish marker of a flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Published {
    pub flow_id: String,
    pub version: u32,
    pub published_at: String,
    pub published_by: String,
    /// Warnings the validator found (errors refuse the publish).
    pub warnings: Vec<Diagnostic>,
    /// The draft has changes not in the published version.
    pub draft_differs: bool,
}

/// Which document of a flow: a saved version or the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DocRef {
    Version(u32),
    Draft,
}

impl std::fmt::Display for DocRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocRef::Version(n) => write!(f, "version {n}"),
            DocRef::Draft => f.write_str("draft"),
        }
    }
}

impl std::str::FromStr for DocRef {
    type Err = String;

    /// `draft`, `3`, `v3`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("draft") {
            return Ok(DocRef::Draft);
        }
        let digits = t.strip_prefix(['v', 'V']).unwrap_or(t);
        match digits.parse::<u32>() {
            Ok(n) if n > 0 => Ok(DocRef::Version(n)),
            _ => Err(format!("`{s}` is neither a version number (1, 2, v3, ...) nor `draft`")),
        }
    }
}

/// A search over the library. Empty fields match everything; set fields must all match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct FlowQuery {
    /// Part of the name or id (case-insensitive), or of a phone number or queue the flow uses.
    pub text: Option<String>,
    /// Flows that use this kind of component.
    pub kind: Option<ComponentKind>,
    /// Flows that use this phone number (digits compared; `+`, spaces and dashes ignored).
    pub phone: Option<String>,
    /// Flows that use this queue, ring group or agent group (case-insensitive, part of the name).
    pub queue: Option<String>,
    /// List the trash instead of the live flows.
    pub trash: bool,
}

/// What happened to one file of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    /// A new flow was added to the library.
    Created,
    /// An existing flow's draft was replaced (its unsaved changes, if any, kept as a version).
    Updated,
    /// The library already held exactly this document.
    Unchanged,
}

/// One imported file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportedFlow {
    /// The file as named by the caller.
    pub source: String,
    pub flow_id: String,
    pub name: String,
    pub action: ImportAction,
    /// The version the import saved (valid documents only).
    pub version: Option<u32>,
    /// A version holding the draft's unsaved changes, saved before the import replaced them.
    pub kept_draft_as: Option<u32>,
    /// The document has validation errors: it was imported as a draft only, marked invalid.
    pub invalid: bool,
    /// The validation errors (empty when valid).
    pub errors: Vec<Diagnostic>,
}

/// Everything one import did (one transaction: all of it or nothing).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportReport {
    pub flows: Vec<ImportedFlow>,
}

/// One exported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportedFlow {
    pub flow_id: String,
    pub path: String,
    /// Which document was written.
    pub source: DocRef,
}

/// A recorded debugger run, without its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RunInfo {
    pub id: i64,
    pub flow_id: String,
    /// The version run, or none for the draft.
    pub version: Option<u32>,
    pub label: String,
    pub created_at: String,
    pub size: u64,
}

/// What `Library::check_database` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DatabaseCheck {
    pub path: String,
    /// Problems `PRAGMA integrity_check` reported (empty = ok).
    pub integrity: Vec<String>,
    /// Problems `PRAGMA quick_check` reported (empty = ok).
    pub quick: Vec<String>,
    /// Rows whose foreign key points nowhere (`PRAGMA foreign_key_check`).
    pub foreign_keys: Vec<String>,
    /// Stored documents whose hash does not match or that cannot be read.
    pub documents: Vec<String>,
    pub flows: u32,
    pub versions: u32,
    pub schema_version: u32,
    pub size_bytes: u64,
}

impl DatabaseCheck {
    /// Whether every check passed.
    pub fn ok(&self) -> bool {
        self.integrity.is_empty()
            && self.quick.is_empty()
            && self.foreign_keys.is_empty()
            && self.documents.is_empty()
    }
}
