//! [`Library`]: the operations the app and the CLI call.
//!
//! Each operation that writes is one `BEGIN IMMEDIATE` transaction: it takes the database's write
//! lock up front (waiting up to the busy timeout for another process), does all its writes, and
//! commits, or rolls back on any error so that the user action either happened entirely or not
//! at all. A `Library` is the single writer of its connection; share it behind a mutex.
//!
//! Storage decisions:
//! - Documents are stored as their *stored form* ([`stored_text`]): the full document in the file
//!   format, serialized compactly and deterministically (the same document always gives the same
//!   text), with the SHA-256 of that text. It is about half the size of the pretty, key-sorted
//!   file form ([`FlowFile::to_json`]) and three to five times faster to write, which is what keeps
//!   saving a 10,000-component flow within its budget; files are always written in the canonical
//!   file form on export. A flow's environment and saved test calls are part of its document (the
//!   file format carries them), so they are versioned, diffed, exported and imported with it.
//! - Every flow has exactly one draft (its working copy). A draft identical to the version it was
//!   saved as or restored from stores no text of its own (`document` NULL), so saving a version
//!   writes the document once.
//! - Versions are immutable (a trigger refuses updates, and deletes unless the flow is purged).
//! - Replacing a draft that has unsaved changes (restoring a version, importing over it) first
//!   keeps those changes as a new version, so no action of the library loses work.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use callflow_check::{Diagnostic, Severity};
use callflow_model::{ComponentKind, FORMAT_VERSION, Flow, FlowFile, FlowType, ReadError};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use crate::error::{MAX_LEN, Result, StoreError, Stored};
use crate::notes::VersionNote;
use crate::open::{IntegrityCheck, OpenOptions, integrity_problems};
use crate::terms;
use crate::types::*;

/// A point inside a write transaction, reported to the hook set with
/// [`Library::set_write_hook`]. The crash tests kill the process at these points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WritePoint {
    /// The action's main row is written; the rest of the transaction is not.
    Written,
    /// Everything is written; `COMMIT` is next.
    BeforeCommit,
    /// The transaction is committed (in the WAL; not yet checkpointed into the main file).
    AfterCommit,
    /// File number `n` (from 0) of an import is written, inside the import's one transaction.
    Imported(usize),
}

type Hook = Box<dyn FnMut(WritePoint) + Send>;

/// The flow library: one SQLite database file.
pub struct Library {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    read_only: bool,
    backup: Option<PathBuf>,
    hook: Option<Hook>,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .field("backup", &self.backup)
            .finish_non_exhaustive()
    }
}

/// The settings key of the author name written into versions.
pub const AUTHOR_SETTING: &str = "author";

/// Now, as stored: RFC 3339 UTC with milliseconds.
pub(crate) fn now() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// SHA-256 of `text`, lowercase hex.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
    }
    out
}

/// The stored form of a document: the file format, compact, with the model's field order and
/// sorted maps. Deterministic: equal documents give equal text, so equal hashes. Any reader of
/// `*.callflow.json` files reads it ([`callflow_model::read_str`]).
pub fn stored_text(doc: &FlowFile) -> String {
    serde_json::to_string(doc).unwrap_or_else(|_| doc.to_json())
}

/// A document ready to store: its stored text, the text's hash, its part index (where each
/// component sits in the text, for the diff) and what is indexed for search.
pub(crate) struct Prepared {
    pub text: String,
    pub hash: String,
    pub parts: Vec<u8>,
    pub components: u32,
    pub terms: BTreeSet<(&'static str, String)>,
}

impl Prepared {
    pub(crate) fn new(doc: &FlowFile) -> Prepared {
        // Walking the configs for search terms is independent of writing the text: for a big
        // flow, do it on a second thread while this one serializes and hashes.
        let big = doc.flow.components.len() >= 1000;
        let (terms, text, parts, hash) = std::thread::scope(|s| {
            let terms = big.then(|| s.spawn(|| terms::terms(&doc.flow)));
            let crate::parts::Serialized { text, parts } = crate::parts::serialize(doc);
            let hash = content_hash(&text);
            let terms = match terms.map(|t| t.join()) {
                Some(Ok(terms)) => terms,
                _ => terms::terms(&doc.flow),
            };
            (terms, text, parts, hash)
        });
        Prepared { text, hash, parts, components: doc.flow.components.len() as u32, terms }
    }
}

/// Reads a document stored by the library. The fast path reads the current format directly; an
/// older format goes through the file reader, which migrates it.
pub(crate) fn parse_stored(id: &str, what: Stored, text: &str) -> Result<FlowFile> {
    if let Ok(doc) = serde_json::from_str::<FlowFile>(text)
        && doc.version == FORMAT_VERSION
    {
        return Ok(doc);
    }
    callflow_model::read_str(&format!("{what} of `{id}`"), text).map_err(|error| StoreError::StoredDocument {
        id: id.into(),
        what,
        error: Box::new(error),
    })
}

pub(crate) fn flow_type_str(t: FlowType) -> &'static str {
    match t {
        FlowType::Inbound => "inbound",
        FlowType::OutboundDialer => "outbound_dialer",
        FlowType::Module => "module",
        FlowType::ReusableQueueFlow => "reusable_queue_flow",
    }
}

fn parse_flow_type(s: &str) -> FlowType {
    FlowType::ALL.into_iter().find(|t| flow_type_str(*t) == s).unwrap_or(FlowType::Inbound)
}

/// Validation errors only (warnings and infos dropped).
pub(crate) fn errors_of(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.into_iter().filter(|d| d.severity == Severity::Error).collect()
}

/// The current state of a flow's draft row.
struct DraftRow {
    hash: String,
    base_version: Option<u32>,
    base_hash: Option<String>,
    marked: bool,
}

impl Library {
    /// Opens (creating if needed) the library at `path` with the default options: integrity check,
    /// schema upgrade with a backup first, WAL, `synchronous=FULL`, foreign keys, 5 s busy timeout.
    pub fn open(path: impl AsRef<Path>) -> Result<Library> {
        Library::open_with(path, &OpenOptions::default())
    }

    /// Opens the library at `path` with `options`.
    pub fn open_with(path: impl AsRef<Path>, options: &OpenOptions) -> Result<Library> {
        Library::open_with_migrations(
            path.as_ref(),
            options,
            &rusqlite_migration::Migrations::from_slice(crate::open::MIGRATIONS),
        )
    }

    pub(crate) fn open_with_migrations(
        path: &Path,
        options: &OpenOptions,
        migrations: &rusqlite_migration::Migrations<'_>,
    ) -> Result<Library> {
        let opened = crate::open::open(path, options, migrations)?;
        Ok(Library {
            conn: opened.conn,
            path: path.to_path_buf(),
            read_only: options.read_only,
            backup: opened.backup,
            hook: None,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The backup written before this open upgraded the schema, if it did.
    pub fn backup_made(&self) -> Option<&Path> {
        self.backup.as_deref()
    }

    /// Calls `hook` at each [`WritePoint`] of every write transaction. Used by the crash tests to
    /// stop the process at an exact point; the app has no use for it.
    pub fn set_write_hook(&mut self, hook: impl FnMut(WritePoint) + Send + 'static) {
        self.hook = Some(Box::new(hook));
    }

    /// Caps the database file at about `bytes` (SQLite's `max_page_count`, for this connection).
    /// A write that would grow it further fails with [`StoreError::DiskFull`], exactly as on a
    /// full disk; the tests use it to simulate one.
    pub fn set_size_limit(&self, bytes: u64) -> Result<()> {
        let page: i64 = self
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .map_err(self.err("read the page size"))?;
        let pages = (bytes / page.max(1) as u64).max(1);
        self.conn
            .pragma_update_and_check(None, "max_page_count", pages as i64, |r| r.get::<_, i64>(0))
            .map_err(self.err("set the size limit"))?;
        Ok(())
    }

    pub(crate) fn err(&self, action: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| StoreError::sqlite(&self.path, action, e)
    }

    /// Runs `f` as one `BEGIN IMMEDIATE` transaction, committed when it returns `Ok`.
    pub(crate) fn write<T>(
        &mut self,
        action: &'static str,
        f: impl FnOnce(&Transaction<'_>, &mut dyn FnMut(WritePoint)) -> Result<T>,
    ) -> Result<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                details: format!("the library was opened read-only, so it cannot {action}"),
            });
        }
        let path = &self.path;
        let mut noop = |_: WritePoint| {};
        let hook: &mut dyn FnMut(WritePoint) = match &mut self.hook {
            Some(h) => h.as_mut(),
            None => &mut noop,
        };
        let tx = self.conn.transaction().map_err(|e| StoreError::sqlite(path, action, e))?;
        let out = f(&tx, hook)?;
        hook(WritePoint::BeforeCommit);
        tx.commit().map_err(|e| StoreError::sqlite(path, action, e))?;
        hook(WritePoint::AfterCommit);
        Ok(out)
    }

    // -----------------------------------------------------------------------------------------
    // Settings
    // -----------------------------------------------------------------------------------------

    /// The value of setting `key`, if set.
    pub fn setting(&self, key: &str) -> Result<Option<serde_json::Value>> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(self.err("read a setting"))?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// Sets `key` to `value`.
    pub fn set_setting(&mut self, key: &str, value: &serde_json::Value) -> Result<()> {
        let text = value.to_string();
        self.write("save a setting", |tx, _| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, text],
            )
            .map_err(|e| StoreError::sqlite(Path::new(""), "save a setting", e))?;
            Ok(())
        })
        .map_err(|e| self.fix_path(e))
    }

    /// The author name written into new versions (empty when not set).
    pub fn author(&self) -> Result<String> {
        Ok(self.setting(AUTHOR_SETTING)?.and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
    }

    /// Sets the author name written into new versions.
    pub fn set_author(&mut self, name: &str) -> Result<()> {
        self.set_setting(AUTHOR_SETTING, &serde_json::Value::from(name.trim()))
    }

    /// Errors raised inside a transaction closure do not know the path; add it.
    fn fix_path(&self, e: StoreError) -> StoreError {
        match e {
            StoreError::Sqlite { path, action, source } if path.as_os_str().is_empty() => {
                StoreError::Sqlite { path: self.path.clone(), action, source }
            }
            StoreError::DiskFull { path, action } if path.as_os_str().is_empty() => {
                StoreError::DiskFull { path: self.path.clone(), action }
            }
            StoreError::Busy { path } if path.as_os_str().is_empty() => {
                StoreError::Busy { path: self.path.clone() }
            }
            StoreError::ReadOnly { path, details } if path.as_os_str().is_empty() => {
                StoreError::ReadOnly { path: self.path.clone(), details }
            }
            other => other,
        }
    }

    // -----------------------------------------------------------------------------------------
    // Listing and searching
    // -----------------------------------------------------------------------------------------

    /// The flows matching `query`, sorted by name.
    pub fn list_flows(&self, query: &FlowQuery) -> Result<Vec<FlowSummary>> {
        let like = |s: &str| format!("%{}%", s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let text = query.text.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(like);
        let kind = query.kind.map(|k| k.id().to_string());
        let phone =
            query.phone.as_deref().map(terms::phone_query).filter(|s| !s.is_empty()).map(|d| like(&d));
        let queue =
            query.queue.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|q| like(&q.to_lowercase()));
        let sql = format!(
            "{SUMMARY_SELECT}
             WHERE (f.deleted_at IS NOT NULL) = ?1
               AND (?2 IS NULL OR f.name LIKE ?2 ESCAPE '\\' OR f.id LIKE ?2 ESCAPE '\\'
                    OR EXISTS (SELECT 1 FROM flow_terms t WHERE t.flow_id = f.id AND t.kind IN ('phone', 'queue')
                               AND t.term LIKE ?2 ESCAPE '\\'))
               AND (?3 IS NULL OR EXISTS (SELECT 1 FROM flow_terms t WHERE t.flow_id = f.id AND t.kind = 'kind' AND t.term = ?3))
               AND (?4 IS NULL OR EXISTS (SELECT 1 FROM flow_terms t WHERE t.flow_id = f.id AND t.kind = 'phone' AND t.term LIKE ?4 ESCAPE '\\'))
               AND (?5 IS NULL OR EXISTS (SELECT 1 FROM flow_terms t WHERE t.flow_id = f.id AND t.kind = 'queue' AND t.term LIKE ?5 ESCAPE '\\'))
             ORDER BY f.name COLLATE NOCASE, f.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.err("list the flows"))?;
        let rows = stmt
            .query_map(params![query.trash, text, kind, phone, queue], summary_row)
            .map_err(self.err("list the flows"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(self.err("list the flows"))
    }

    /// One flow, live or in the trash.
    pub fn flow(&self, id: &str) -> Result<FlowSummary> {
        summary(&self.conn, id)
            .map_err(self.err("read a flow"))?
            .ok_or_else(|| StoreError::FlowNotFound { id: id.into() })
    }

    // -----------------------------------------------------------------------------------------
    // Creating, renaming, duplicating, trash
    // -----------------------------------------------------------------------------------------

    /// Creates an empty flow (its entry component only) with an id derived from `name`.
    pub fn create_flow(&mut self, name: &str, flow_type: FlowType) -> Result<FlowSummary> {
        let name = checked_name(name)?;
        let id = self
            .write("create a flow", |tx, hook| {
                let id = unique_id(tx, &slug(&name)).map_err(sql_err("create a flow"))?;
                let doc = FlowFile::starter(Flow::new(id.clone(), name.clone(), flow_type));
                insert_flow(tx, &doc, &Prepared::new(&doc), None).map_err(sql_err("create a flow"))?;
                hook(WritePoint::Written);
                Ok(id)
            })
            .map_err(|e| self.fix_path(e))?;
        self.flow(&id)
    }

    /// Adds `doc` as a new flow (draft only), keeping its id; fails if the id is taken.
    pub fn create_flow_from(&mut self, doc: &FlowFile) -> Result<FlowSummary> {
        checked_id(&doc.flow.id)?;
        let prepared = Prepared::new(doc);
        let id = doc.flow.id.clone();
        self.write("add a flow", |tx, hook| {
            if flow_state(tx, &id).map_err(sql_err("add a flow"))?.is_some() {
                return Err(StoreError::FlowIdTaken { id: id.clone() });
            }
            insert_flow(tx, doc, &prepared, None).map_err(sql_err("add a flow"))?;
            hook(WritePoint::Written);
            Ok(())
        })
        .map_err(|e| self.fix_path(e))?;
        self.flow(&id)
    }

    /// Renames a flow (its draft's `flow.name`; versions keep the name they were saved with).
    pub fn rename_flow(&mut self, id: &str, new_name: &str) -> Result<FlowSummary> {
        let name = checked_name(new_name)?;
        let mut doc = self.open_draft(id)?.document;
        doc.flow.name = name;
        self.save_draft(id, &doc)?;
        self.flow(id)
    }

    /// Copies a flow's draft (not its history) into a new flow named `new_name` (default
    /// "<name> (copy)").
    pub fn duplicate_flow(&mut self, id: &str, new_name: Option<&str>) -> Result<FlowSummary> {
        let mut doc = self.open_draft(id)?.document;
        let name = match new_name {
            Some(n) => checked_name(n)?,
            None => format!("{} (copy)", doc.flow.name),
        };
        let new_id = self
            .write("duplicate a flow", |tx, hook| {
                let new_id = unique_id(tx, &slug(&name)).map_err(sql_err("duplicate a flow"))?;
                doc.flow.id = new_id.clone();
                doc.flow.name = name.clone();
                insert_flow(tx, &doc, &Prepared::new(&doc), None).map_err(sql_err("duplicate a flow"))?;
                hook(WritePoint::Written);
                Ok(new_id)
            })
            .map_err(|e| self.fix_path(e))?;
        self.flow(&new_id)
    }

    /// Moves a flow to the trash. It keeps everything and can be restored.
    pub fn delete_flow(&mut self, id: &str) -> Result<()> {
        let at = now();
        self.write("move a flow to the trash", |tx, hook| {
            live(tx, id)?;
            tx.execute("UPDATE flows SET deleted_at = ?2 WHERE id = ?1", params![id, at])
                .map_err(sql_err("move a flow to the trash"))?;
            hook(WritePoint::Written);
            Ok(())
        })
        .map_err(|e| self.fix_path(e))
    }

    /// Takes a flow out of the trash.
    pub fn restore_flow(&mut self, id: &str) -> Result<FlowSummary> {
        self.write("restore a flow from the trash", |tx, hook| {
            match flow_state(tx, id).map_err(sql_err("restore a flow"))? {
                None => return Err(StoreError::FlowNotFound { id: id.into() }),
                Some(false) => return Err(StoreError::FlowNotInTrash { id: id.into() }),
                Some(true) => {}
            }
            tx.execute("UPDATE flows SET deleted_at = NULL WHERE id = ?1", [id])
                .map_err(sql_err("restore a flow"))?;
            hook(WritePoint::Written);
            Ok(())
        })
        .map_err(|e| self.fix_path(e))?;
        self.flow(id)
    }

    /// Deletes a flow in the trash for good, with its versions, draft and runs.
    pub fn purge_flow(&mut self, id: &str) -> Result<()> {
        self.write("purge a flow", |tx, hook| {
            match flow_state(tx, id).map_err(sql_err("purge a flow"))? {
                None => return Err(StoreError::FlowNotFound { id: id.into() }),
                Some(false) => return Err(StoreError::FlowNotInTrash { id: id.into() }),
                Some(true) => {}
            }
            tx.execute("DELETE FROM flows WHERE id = ?1", [id]).map_err(sql_err("purge a flow"))?;
            hook(WritePoint::Written);
            Ok(())
        })
        .map_err(|e| self.fix_path(e))
    }

    // -----------------------------------------------------------------------------------------
    // Drafts and versions
    // -----------------------------------------------------------------------------------------

    /// The working copy of a flow.
    pub fn open_draft(&self, id: &str) -> Result<Draft> {
        let row = self
            .conn
            .query_row(
                "SELECT d.saved_at, d.base_version, d.problems, COALESCE(d.document, v.document), d.hash, v.hash
                   FROM drafts d LEFT JOIN versions v ON v.flow_id = d.flow_id AND v.number = d.base_version
                  WHERE d.flow_id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<u32>>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ))
                },
            )
            .optional()
            .map_err(self.err("open a draft"))?;
        let Some((saved_at, base_version, problems, text, hash, base_hash)) = row else {
            return Err(StoreError::FlowNotFound { id: id.into() });
        };
        let text = text.ok_or_else(|| StoreError::StoredDocument {
            id: id.into(),
            what: Stored::Draft,
            error: Box::new(missing_text(id)),
        })?;
        let document = parse_stored(id, Stored::Draft, &text)?;
        let problems = problems.and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default();
        Ok(Draft {
            flow_id: id.into(),
            document,
            saved_at,
            base_version,
            changed: base_hash.as_deref() != Some(hash.as_str()),
            problems,
        })
    }

    /// Autosaves the draft. Writes nothing when it already holds exactly `doc`.
    pub fn save_draft(&mut self, id: &str, doc: &FlowFile) -> Result<DraftSaved> {
        same_id(id, doc)?;
        let prepared = Prepared::new(doc);
        self.write("save the draft", |tx, hook| {
            live(tx, id)?;
            let draft = draft_row(tx, id).map_err(sql_err("save the draft"))?;
            if draft.hash == prepared.hash {
                return Ok(DraftSaved::Unchanged);
            }
            // A draft marked invalid at import is checked again on each save until it passes.
            let problems = if draft.marked { problems_json(tx, doc)? } else { None };
            set_draft(tx, id, &prepared, &draft, problems.as_deref()).map_err(sql_err("save the draft"))?;
            hook(WritePoint::Written);
            touch_flow(tx, id, &doc.flow, &prepared).map_err(sql_err("save the draft"))?;
            Ok(DraftSaved::Saved)
        })
        .map_err(|e| self.fix_path(e))
    }

    /// Saves `doc` as a new version of flow `id` with `message` (and the author from the
    /// settings), and makes it the draft. When `doc` equals the newest version, no version is
    /// created and that version is returned with `created: false`.
    pub fn save_version(&mut self, id: &str, doc: &FlowFile, message: &str) -> Result<SavedVersion> {
        same_id(id, doc)?;
        let prepared = Prepared::new(doc);
        let author = self.author()?;
        let message = message.trim().to_string();
        self.write("save a version", |tx, hook| {
            live(tx, id)?;
            let latest = latest_version(tx, id).map_err(sql_err("save a version"))?;
            let draft = draft_row(tx, id).map_err(sql_err("save a version"))?;
            let (number, created) = match latest {
                Some((n, hash)) if hash == prepared.hash => (n, false),
                _ => {
                    let n = insert_version(tx, id, &prepared, &message, &author)
                        .map_err(sql_err("save a version"))?;
                    hook(WritePoint::Written);
                    (n, true)
                }
            };
            if created || draft.hash != prepared.hash || draft.base_version != Some(number) {
                set_draft_to_version(tx, id, number, &prepared).map_err(sql_err("save a version"))?;
                touch_flow(tx, id, &doc.flow, &prepared).map_err(sql_err("save a version"))?;
            }
            Ok(SavedVersion { flow_id: id.into(), number, created, hash: prepared.hash.clone() })
        })
        .map_err(|e| self.fix_path(e))
    }

    /// The saved versions of a flow, newest first.
    pub fn list_versions(&self, id: &str) -> Result<Vec<VersionInfo>> {
        self.flow_exists(id)?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT v.number, v.hash, v.message, v.author, v.created_at, v.component_count, v.size,
                        p.version IS NOT NULL AND p.version = v.number
                   FROM versions v LEFT JOIN published p ON p.flow_id = v.flow_id
                  WHERE v.flow_id = ?1 ORDER BY v.number DESC",
            )
            .map_err(self.err("list versions"))?;
        let rows = stmt
            .query_map([id], |r| {
                let message: String = r.get(2)?;
                Ok(VersionInfo {
                    flow_id: id.into(),
                    number: r.get(0)?,
                    hash: r.get(1)?,
                    note: VersionNote::from_message(&message),
                    message,
                    author: r.get(3)?,
                    created_at: r.get(4)?,
                    component_count: r.get(5)?,
                    size: r.get::<_, i64>(6)? as u64,
                    published: r.get(7)?,
                })
            })
            .map_err(self.err("list versions"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(self.err("list versions"))
    }

    /// The document of version `number` of flow `id`.
    pub fn open_version(&self, id: &str, number: u32) -> Result<FlowFile> {
        let text = self.version_text(id, number)?;
        parse_stored(id, Stored::Version(number), &text)
    }

    /// The stored text of a version or the draft (see [`stored_text`]); its SHA-256 is the
    /// version's `hash`.
    pub fn document_text(&self, id: &str, which: DocRef) -> Result<String> {
        Ok(self.hashed_text(id, which)?.1)
    }

    /// The hash and stored text of a version or the draft, read in one statement (so they match).
    fn hashed_text(&self, id: &str, which: DocRef) -> Result<(String, String)> {
        let read = |r: &rusqlite::Row<'_>| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?));
        let row = match which {
            DocRef::Version(n) => self
                .conn
                .query_row(
                    "SELECT hash, document FROM versions WHERE flow_id = ?1 AND number = ?2",
                    params![id, n],
                    read,
                )
                .optional(),
            DocRef::Draft => self
                .conn
                .query_row(
                    "SELECT d.hash, COALESCE(d.document, v.document) FROM drafts d
                       LEFT JOIN versions v ON v.flow_id = d.flow_id AND v.number = d.base_version
                      WHERE d.flow_id = ?1",
                    [id],
                    read,
                )
                .optional(),
        }
        .map_err(self.err("read a document"))?;
        match (row, which) {
            (Some((hash, Some(text))), _) => Ok((hash, text)),
            (Some((_, None)), _) => Err(StoreError::StoredDocument {
                id: id.into(),
                what: which.into(),
                error: Box::new(missing_text(id)),
            }),
            (None, DocRef::Version(number)) => {
                self.flow_exists(id)?;
                Err(StoreError::VersionNotFound { id: id.into(), number })
            }
            (None, DocRef::Draft) => Err(StoreError::FlowNotFound { id: id.into() }),
        }
    }

    /// The document of a version or the draft.
    pub fn open_document(&self, id: &str, which: DocRef) -> Result<FlowFile> {
        match which {
            DocRef::Version(n) => self.open_version(id, n),
            DocRef::Draft => Ok(self.open_draft(id)?.document),
        }
    }

    fn version_text(&self, id: &str, number: u32) -> Result<String> {
        self.document_text(id, DocRef::Version(number))
    }

    fn flow_exists(&self, id: &str) -> Result<()> {
        match flow_state(&self.conn, id).map_err(self.err("read a flow"))? {
            Some(_) => Ok(()),
            None => Err(StoreError::FlowNotFound { id: id.into() }),
        }
    }

    /// Makes version `number` the draft. Unsaved changes in the draft are first kept as a new
    /// version, so nothing is lost.
    pub fn restore_version(&mut self, id: &str, number: u32) -> Result<Restored> {
        let text = self.version_text(id, number)?;
        let doc = parse_stored(id, Stored::Version(number), &text)?;
        let prepared = Prepared { text: String::new(), parts: Vec::new(), ..Prepared::new(&doc) };
        let author = self.author()?;
        let kept_draft_as = self
            .write("restore a version", |tx, hook| {
                live(tx, id)?;
                let kept = keep_unsaved_draft(
                    tx,
                    id,
                    &author,
                    &VersionNote::KeptBeforeRestore { version: number }.message(),
                )
                .map_err(sql_err("restore a version"))?;
                hook(WritePoint::Written);
                set_draft_to_version(tx, id, number, &prepared).map_err(sql_err("restore a version"))?;
                touch_flow(tx, id, &doc.flow, &prepared).map_err(sql_err("restore a version"))?;
                Ok(kept)
            })
            .map_err(|e| self.fix_path(e))?;
        Ok(Restored { draft: self.open_draft(id)?, kept_draft_as })
    }

    // -----------------------------------------------------------------------------------------
    // Publishing
    // -----------------------------------------------------------------------------------------

    /// Publishes version `number` of flow `id` (default: the newest). Refused with
    /// [`StoreError::PublishRefused`], listing the errors, when the version does not validate;
    /// modules it calls are resolved from the library.
    pub fn publish(&mut self, id: &str, number: Option<u32>) -> Result<Published> {
        let author = self.author()?;
        let at = now();
        self.write("publish a flow", |tx, hook| {
            live(tx, id)?;
            let number = match number {
                Some(n) => n,
                None => latest_version(tx, id).map_err(sql_err("publish"))?.map(|(n, _)| n).ok_or_else(|| StoreError::NoVersion { id: id.into() })?,
            };
            let row: Option<(String, String)> = tx
                .query_row("SELECT document, hash FROM versions WHERE flow_id = ?1 AND number = ?2", params![id, number], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()
                .map_err(sql_err("publish"))?;
            let Some((text, hash)) = row else { return Err(StoreError::VersionNotFound { id: id.into(), number }) };
            let doc = parse_stored(id, Stored::Version(number), &text)?;
            let resolver = resolver_for(tx, &doc.flow, &BTreeMap::new())?;
            let (errors, warnings): (Vec<_>, Vec<_>) =
                callflow_check::check(&doc.flow, &resolver).into_iter().partition(|d| d.severity == Severity::Error);
            if !errors.is_empty() {
                return Err(StoreError::PublishRefused { id: id.into(), version: number, errors });
            }
            tx.execute(
                "INSERT INTO published (flow_id, version, published_at, published_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (flow_id) DO UPDATE SET version = excluded.version, published_at = excluded.published_at,
                                                     published_by = excluded.published_by",
                params![id, number, at, author],
            )
            .map_err(sql_err("publish"))?;
            hook(WritePoint::Written);
            tx.execute("UPDATE flows SET updated_at = ?2 WHERE id = ?1", params![id, at]).map_err(sql_err("publish"))?;
            let draft = draft_row(tx, id).map_err(sql_err("publish"))?;
            Ok(Published {
                flow_id: id.into(),
                version: number,
                published_at: at.clone(),
                published_by: author.clone(),
                warnings: warnings.into_iter().filter(|d| d.severity == Severity::Warning).collect(),
                draft_differs: draft.hash != hash,
            })
        })
        .map_err(|e| self.fix_path(e))
    }

    /// Removes the publish marker of a flow (no-op when it has none).
    pub fn unpublish(&mut self, id: &str) -> Result<()> {
        self.write("unpublish a flow", |tx, hook| {
            live(tx, id)?;
            tx.execute("DELETE FROM published WHERE flow_id = ?1", [id]).map_err(sql_err("unpublish"))?;
            hook(WritePoint::Written);
            Ok(())
        })
        .map_err(|e| self.fix_path(e))
    }

    /// The publish marker of a flow, if it has one.
    pub fn published(&self, id: &str) -> Result<Option<Published>> {
        self.flow_exists(id)?;
        self.conn
            .query_row(
                "SELECT p.version, p.published_at, p.published_by, d.hash != v.hash
                   FROM published p JOIN drafts d ON d.flow_id = p.flow_id
                   JOIN versions v ON v.flow_id = p.flow_id AND v.number = p.version
                  WHERE p.flow_id = ?1",
                [id],
                |r| {
                    Ok(Published {
                        flow_id: id.into(),
                        version: r.get(0)?,
                        published_at: r.get(1)?,
                        published_by: r.get(2)?,
                        warnings: Vec::new(),
                        draft_differs: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(self.err("read the publish marker"))
    }

    /// Validates a flow's document (draft or version) with modules resolved from the library.
    pub fn validate(&self, id: &str, which: DocRef) -> Result<Vec<Diagnostic>> {
        let doc = self.open_document(id, which)?;
        let resolver = resolver_for(&self.conn, &doc.flow, &BTreeMap::new())?;
        Ok(callflow_check::check(&doc.flow, &resolver))
    }

    // -----------------------------------------------------------------------------------------
    // Diff
    // -----------------------------------------------------------------------------------------

    /// The difference between two documents of flow `id` (versions or the draft).
    ///
    /// Only the components whose stored text differs (or that moved) are parsed; see
    /// [`crate::raw`]. A document in an older stored format is parsed in full.
    pub fn diff(&self, id: &str, from: DocRef, to: DocRef) -> Result<crate::diff::FlowDiff> {
        if let Some(diff) = self.diff_indexed(id, from, to)? {
            return Ok(diff);
        }
        let a = self.document_text(id, from)?;
        let b = self.document_text(id, to)?;
        if let Some(diff) = crate::raw::diff_stored(id, from, &a, to, &b) {
            return Ok(diff);
        }
        // The full parses are independent and dominate the cost: run them side by side.
        let (da, db) = std::thread::scope(|s| {
            let other = s.spawn(|| parse_stored(id, from.into(), &a));
            let db = parse_stored(id, to.into(), &b);
            let da = other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (da, db)
        });
        Ok(crate::diff::diff(id, from, &da?, to, &db?))
    }

    /// The diff through both documents' part indexes, read in place (no copy of the texts), or
    /// `None` when either has no usable index (saved before schema 2) or is missing (the caller's
    /// slower path then reports the precise error).
    fn diff_indexed(&self, id: &str, from: DocRef, to: DocRef) -> Result<Option<crate::diff::FlowDiff>> {
        let query = |which: DocRef| {
            match which {
            DocRef::Version(n) => (
                "SELECT document, parts FROM versions WHERE flow_id = ?1 AND number = ?2",
                Some(n),
            ),
            DocRef::Draft => (
                "SELECT COALESCE(d.document, v.document), CASE WHEN d.document IS NULL THEN v.parts ELSE d.parts END
                   FROM drafts d LEFT JOIN versions v ON v.flow_id = d.flow_id AND v.number = d.base_version
                  WHERE d.flow_id = ?1 AND ?2 IS NULL",
                None,
            ),
        }
        };
        let (sql_a, number_a) = query(from);
        let (sql_b, number_b) = query(to);
        let mut stmt_a = self.conn.prepare_cached(sql_a).map_err(self.err("read a document"))?;
        let mut rows_a = stmt_a.query(params![id, number_a]).map_err(self.err("read a document"))?;
        let Some(row_a) = rows_a.next().map_err(self.err("read a document"))? else { return Ok(None) };
        let mut stmt_b = self.conn.prepare_cached(sql_b).map_err(self.err("read a document"))?;
        let mut rows_b = stmt_b.query(params![id, number_b]).map_err(self.err("read a document"))?;
        let Some(row_b) = rows_b.next().map_err(self.err("read a document"))? else { return Ok(None) };
        fn side<'r>(row: &'r rusqlite::Row<'_>) -> rusqlite::Result<Option<(&'r [u8], &'r [u8])>> {
            let text = row.get_ref(0)?.as_bytes_or_null().map_err(rusqlite::Error::from)?;
            let parts = row.get_ref(1)?.as_bytes_or_null().map_err(rusqlite::Error::from)?;
            Ok(text.zip(parts).filter(|(_, p)| !p.is_empty()))
        }
        let a = side(row_a).map_err(self.err("read a document"))?;
        let b = side(row_b).map_err(self.err("read a document"))?;
        Ok(match (a, b) {
            (Some(a), Some(b)) => crate::raw::diff_indexed(id, from, a, to, b),
            _ => None,
        })
    }

    // -----------------------------------------------------------------------------------------
    // Debug runs
    // -----------------------------------------------------------------------------------------

    /// Records a debugger run of flow `id` (`version` none = the draft). `data` is kept as is.
    pub fn record_run(
        &mut self,
        id: &str,
        version: Option<u32>,
        label: &str,
        data: &serde_json::Value,
    ) -> Result<RunInfo> {
        let text = data.to_string();
        let at = now();
        let run_id = self
            .write("record a debug run", |tx, hook| {
                if flow_state(tx, id).map_err(sql_err("record a run"))?.is_none() {
                    return Err(StoreError::FlowNotFound { id: id.into() });
                }
                tx.execute(
                    "INSERT INTO runs (flow_id, version, label, created_at, data) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, version, label, at, text],
                )
                .map_err(sql_err("record a run"))?;
                hook(WritePoint::Written);
                Ok(tx.last_insert_rowid())
            })
            .map_err(|e| self.fix_path(e))?;
        Ok(RunInfo {
            id: run_id,
            flow_id: id.into(),
            version,
            label: label.into(),
            created_at: at,
            size: text.len() as u64,
        })
    }

    /// The recorded runs of a flow, newest first.
    pub fn list_runs(&self, id: &str) -> Result<Vec<RunInfo>> {
        self.flow_exists(id)?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, version, label, created_at, length(data) FROM runs WHERE flow_id = ?1 ORDER BY id DESC")
            .map_err(self.err("list runs"))?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(RunInfo {
                    id: r.get(0)?,
                    flow_id: id.into(),
                    version: r.get(1)?,
                    label: r.get(2)?,
                    created_at: r.get(3)?,
                    size: r.get::<_, i64>(4)? as u64,
                })
            })
            .map_err(self.err("list runs"))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(self.err("list runs"))
    }

    /// The payload of run `run_id`.
    pub fn open_run(&self, run_id: i64) -> Result<serde_json::Value> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT data FROM runs WHERE id = ?1", [run_id], |r| r.get(0))
            .optional()
            .map_err(self.err("read a run"))?;
        let text = text.ok_or(StoreError::RunNotFound { run: run_id })?;
        serde_json::from_str(&text)
            .map_err(|e| StoreError::RunUnreadable { run: run_id, details: e.to_string() })
    }

    /// Deletes recorded run `run_id`.
    pub fn delete_run(&mut self, run_id: i64) -> Result<()> {
        self.write("delete a run", |tx, _| {
            let n =
                tx.execute("DELETE FROM runs WHERE id = ?1", [run_id]).map_err(sql_err("delete a run"))?;
            if n == 0 {
                return Err(StoreError::RunNotFound { run: run_id });
            }
            Ok(())
        })
        .map_err(|e| self.fix_path(e))
    }

    // -----------------------------------------------------------------------------------------
    // Checking the database
    // -----------------------------------------------------------------------------------------

    /// Runs `integrity_check`, `quick_check` and `foreign_key_check`, and re-hashes and re-reads
    /// every stored document.
    pub fn check_database(&self) -> Result<DatabaseCheck> {
        let integrity =
            integrity_problems(&self.conn, IntegrityCheck::Full).map_err(self.err("run integrity_check"))?;
        let quick =
            integrity_problems(&self.conn, IntegrityCheck::Quick).map_err(self.err("run quick_check"))?;
        let mut foreign_keys = Vec::new();
        {
            let mut stmt =
                self.conn.prepare("PRAGMA foreign_key_check").map_err(self.err("run foreign_key_check"))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(format!(
                        "row {} of `{}` points to a missing row of `{}`",
                        r.get::<_, Option<i64>>(1)?.map_or("?".into(), |v| v.to_string()),
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(2)?
                    ))
                })
                .map_err(self.err("run foreign_key_check"))?;
            for row in rows {
                foreign_keys.push(row.map_err(self.err("run foreign_key_check"))?);
            }
        }
        let mut documents = Vec::new();
        let mut versions = 0u32;
        {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT flow_id, number, hash, document, parts FROM versions ORDER BY flow_id, number",
                )
                .map_err(self.err("check the versions"))?;
            let mut rows = stmt.query([]).map_err(self.err("check the versions"))?;
            while let Some(r) = rows.next().map_err(self.err("check the versions"))? {
                versions += 1;
                let (id, number): (String, u32) =
                    (r.get(0).map_err(self.err("check"))?, r.get(1).map_err(self.err("check"))?);
                let hash: String = r.get(2).map_err(self.err("check"))?;
                let text: String = r.get(3).map_err(self.err("check"))?;
                let parts: Option<Vec<u8>> = r.get(4).map_err(self.err("check"))?;
                if content_hash(&text) != hash {
                    documents.push(format!("version {number} of `{id}`: content does not match its hash"));
                } else if let Err(e) = parse_stored(&id, Stored::Version(number), &text) {
                    documents.push(e.to_string());
                } else if !parts_match(parts.as_deref(), &text) {
                    documents.push(format!("version {number} of `{id}`: {PARTS_MISMATCH}"));
                }
            }
        }
        {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT flow_id, hash, document, parts FROM drafts WHERE document IS NOT NULL ORDER BY flow_id",
                )
                .map_err(self.err("check the drafts"))?;
            let mut rows = stmt.query([]).map_err(self.err("check the drafts"))?;
            while let Some(r) = rows.next().map_err(self.err("check the drafts"))? {
                let id: String = r.get(0).map_err(self.err("check"))?;
                let hash: String = r.get(1).map_err(self.err("check"))?;
                let text: String = r.get(2).map_err(self.err("check"))?;
                let parts: Option<Vec<u8>> = r.get(3).map_err(self.err("check"))?;
                if content_hash(&text) != hash {
                    documents.push(format!("draft of `{id}`: content does not match its hash"));
                } else if let Err(e) = parse_stored(&id, Stored::Draft, &text) {
                    documents.push(e.to_string());
                } else if !parts_match(parts.as_deref(), &text) {
                    documents.push(format!("draft of `{id}`: {PARTS_MISMATCH}"));
                }
            }
        }
        let flows: u32 = self
            .conn
            .query_row("SELECT count(*) FROM flows", [], |r| r.get(0))
            .map_err(self.err("count flows"))?;
        let schema_version: u32 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(self.err("read the schema version"))?;
        let size_bytes = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0)
            + std::fs::metadata(wal_path(&self.path)).map(|m| m.len()).unwrap_or(0);
        Ok(DatabaseCheck {
            path: self.path.display().to_string(),
            integrity,
            quick,
            foreign_keys,
            documents,
            flows,
            versions,
            schema_version,
            size_bytes,
        })
    }
}

const PARTS_MISMATCH: &str = "its part index does not match its text (diffs of it scan the text instead)";

/// A missing index (a document saved before schema 2) is fine; a present one must match.
fn parts_match(parts: Option<&[u8]>, text: &str) -> bool {
    parts.is_none_or(|p| crate::parts::decode(p, text.as_bytes()).is_some())
}

/// The `-wal` file next to the database.
pub fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

// ---------------------------------------------------------------------------------------------
// SQL helpers shared with the import code
// ---------------------------------------------------------------------------------------------

/// Maps an SQLite error inside a transaction; the path is filled in by `Library::fix_path`.
pub(crate) fn sql_err(action: &'static str) -> impl Fn(rusqlite::Error) -> StoreError {
    move |e| StoreError::sqlite(Path::new(""), action, e)
}

const SUMMARY_SELECT: &str = "SELECT f.id, f.name, f.flow_type, f.created_at, f.updated_at, f.deleted_at,
        v.number, v.message, v.author, v.created_at, v.hash, p.version, d.hash, d.problems IS NOT NULL, d.component_count
   FROM flows f
   JOIN drafts d ON d.flow_id = f.id
   LEFT JOIN versions v ON v.flow_id = f.id AND v.number = (SELECT max(number) FROM versions WHERE flow_id = f.id)
   LEFT JOIN published p ON p.flow_id = f.id";

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FlowSummary> {
    let latest = match r.get::<_, Option<u32>>(6)? {
        Some(number) => {
            Some(VersionSummary { number, message: r.get(7)?, author: r.get(8)?, created_at: r.get(9)? })
        }
        None => None,
    };
    let latest_hash: Option<String> = r.get(10)?;
    let draft_hash: String = r.get(12)?;
    Ok(FlowSummary {
        id: r.get(0)?,
        name: r.get(1)?,
        flow_type: parse_flow_type(&r.get::<_, String>(2)?),
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
        deleted_at: r.get(5)?,
        latest_version: latest,
        published_version: r.get(11)?,
        draft_changed: latest_hash.as_deref() != Some(draft_hash.as_str()),
        draft_invalid: r.get(13)?,
        component_count: r.get(14)?,
    })
}

fn summary(conn: &Connection, id: &str) -> rusqlite::Result<Option<FlowSummary>> {
    conn.prepare_cached(&format!("{SUMMARY_SELECT} WHERE f.id = ?1"))?.query_row([id], summary_row).optional()
}

/// `None`: no such flow; `Some(true)`: in the trash; `Some(false)`: live.
pub(crate) fn flow_state(conn: &Connection, id: &str) -> rusqlite::Result<Option<bool>> {
    conn.query_row("SELECT deleted_at IS NOT NULL FROM flows WHERE id = ?1", [id], |r| r.get(0)).optional()
}

/// Fails unless flow `id` exists and is not in the trash.
pub(crate) fn live(conn: &Connection, id: &str) -> Result<()> {
    match flow_state(conn, id).map_err(sql_err("read a flow"))? {
        None => Err(StoreError::FlowNotFound { id: id.into() }),
        Some(true) => Err(StoreError::FlowInTrash { id: id.into() }),
        Some(false) => Ok(()),
    }
}

fn draft_row(conn: &Connection, id: &str) -> rusqlite::Result<DraftRow> {
    conn.query_row(
        "SELECT d.hash, d.base_version, v.hash, d.problems IS NOT NULL
           FROM drafts d LEFT JOIN versions v ON v.flow_id = d.flow_id AND v.number = d.base_version
          WHERE d.flow_id = ?1",
        [id],
        |r| {
            Ok(DraftRow { hash: r.get(0)?, base_version: r.get(1)?, base_hash: r.get(2)?, marked: r.get(3)? })
        },
    )
}

pub(crate) fn latest_version(conn: &Connection, id: &str) -> rusqlite::Result<Option<(u32, String)>> {
    conn.query_row(
        "SELECT number, hash FROM versions WHERE flow_id = ?1 ORDER BY number DESC LIMIT 1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// Inserts a flow with `doc` as its draft (no version), marked with `problems` if given.
pub(crate) fn insert_flow(
    tx: &Connection,
    doc: &FlowFile,
    p: &Prepared,
    problems: Option<&str>,
) -> rusqlite::Result<()> {
    let at = now();
    let id = &doc.flow.id;
    tx.execute(
        "INSERT INTO flows (id, name, flow_type, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id, doc.flow.name, flow_type_str(doc.flow.flow_type), at],
    )?;
    tx.execute(
        "INSERT INTO drafts (flow_id, hash, saved_at, base_version, component_count, problems, document, parts)
         VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7)",
        params![id, p.hash, at, p.components, problems, p.text, p.parts],
    )?;
    write_terms(tx, id, &p.terms)
}

/// Appends a version holding `p` and returns its number.
pub(crate) fn insert_version(
    tx: &Connection,
    id: &str,
    p: &Prepared,
    message: &str,
    author: &str,
) -> rusqlite::Result<u32> {
    let next: u32 =
        tx.query_row("SELECT coalesce(max(number), 0) + 1 FROM versions WHERE flow_id = ?1", [id], |r| {
            r.get(0)
        })?;
    tx.execute(
        "INSERT INTO versions (flow_id, number, hash, message, author, created_at, component_count, size, document, parts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![id, next, p.hash, message, author, now(), p.components, p.text.len() as i64, p.text, p.parts],
    )?;
    Ok(next)
}

/// Points the draft at version `number` (which holds `p`), with no text of its own.
pub(crate) fn set_draft_to_version(
    tx: &Connection,
    id: &str,
    number: u32,
    p: &Prepared,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE drafts SET hash = ?2, saved_at = ?3, base_version = ?4, component_count = ?5, problems = NULL, document = NULL,
                parts = NULL
          WHERE flow_id = ?1",
        params![id, p.hash, now(), number, p.components],
    )?;
    write_terms(tx, id, &p.terms)
}

/// Writes `p` as the draft text (or no text when it equals the draft's base version).
fn set_draft(
    tx: &Connection,
    id: &str,
    p: &Prepared,
    draft: &DraftRow,
    problems: Option<&str>,
) -> rusqlite::Result<()> {
    let own = draft.base_hash.as_deref() != Some(p.hash.as_str());
    let (text, parts) = if own { (Some(p.text.as_str()), Some(p.parts.as_slice())) } else { (None, None) };
    tx.execute(
        "UPDATE drafts SET hash = ?2, saved_at = ?3, component_count = ?4, problems = ?5, document = ?6, parts = ?7
          WHERE flow_id = ?1",
        params![id, p.hash, now(), p.components, problems, text, parts],
    )?;
    write_terms(tx, id, &p.terms)
}

/// Replaces the draft with `p`'s text, marked with `problems` (import of an invalid document).
pub(crate) fn set_draft_text(
    tx: &Connection,
    id: &str,
    p: &Prepared,
    problems: Option<&str>,
) -> rusqlite::Result<()> {
    let draft = draft_row(tx, id)?;
    set_draft(tx, id, p, &draft, problems)
}

/// Updates the flow row after its draft changed.
pub(crate) fn touch_flow(tx: &Connection, id: &str, flow: &Flow, _p: &Prepared) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE flows SET name = ?2, flow_type = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, flow.name, flow_type_str(flow.flow_type), now()],
    )?;
    Ok(())
}

fn write_terms(tx: &Connection, id: &str, terms: &BTreeSet<(&'static str, String)>) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM flow_terms WHERE flow_id = ?1", [id])?;
    let mut stmt = tx.prepare_cached("INSERT INTO flow_terms (flow_id, kind, term) VALUES (?1, ?2, ?3)")?;
    for (kind, term) in terms {
        stmt.execute(params![id, kind, term])?;
    }
    Ok(())
}

/// If the draft holds changes that are in no version, saves them as a new version and returns
/// its number.
pub(crate) fn keep_unsaved_draft(
    tx: &Connection,
    id: &str,
    author: &str,
    message: &str,
) -> rusqlite::Result<Option<u32>> {
    let (hash, text, count, parts): (String, Option<String>, u32, Option<Vec<u8>>) = tx.query_row(
        "SELECT hash, document, component_count, parts FROM drafts WHERE flow_id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let Some(text) = text else { return Ok(None) };
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM versions WHERE flow_id = ?1 AND hash = ?2)",
        params![id, hash],
        |r| r.get(0),
    )?;
    if known {
        return Ok(None);
    }
    // A draft saved before schema 2 has no part index; the version then has none either (its
    // diffs scan the text).
    let p =
        Prepared { text, hash, parts: parts.unwrap_or_default(), components: count, terms: BTreeSet::new() };
    insert_version(tx, id, &p, message, author).map(Some)
}

/// The validation errors of `doc` as the JSON stored in `drafts.problems`, or `None` if it has
/// none.
fn problems_json(conn: &Connection, doc: &FlowFile) -> Result<Option<String>> {
    let resolver = resolver_for(conn, &doc.flow, &BTreeMap::new())?;
    let errors = errors_of(callflow_check::check(&doc.flow, &resolver));
    Ok((!errors.is_empty()).then(|| serde_json::to_string(&errors).unwrap_or_else(|_| "[]".into())))
}

/// The ids of the flows `flow` calls (modules, reusable queue flows).
pub(crate) fn called_flows(flow: &Flow) -> Vec<String> {
    let mut out = Vec::new();
    for c in flow.components.values() {
        let field = match c.kind {
            ComponentKind::RunModule => "module",
            ComponentKind::QueueWithFlow => "queue_flow",
            _ => continue,
        };
        if let Some(id) = c.config.get(field).and_then(|v| v.as_str()).filter(|s| !s.is_empty()) {
            out.push(id.to_string());
        }
    }
    out
}

/// Every flow `flow` calls, directly or not, for the validator: from `extra` first (the other
/// files of an import), else the library (the newest version, or the draft of a flow that has
/// none). Flows in the trash are not resolved.
pub(crate) fn resolver_for(
    conn: &Connection,
    flow: &Flow,
    extra: &BTreeMap<String, Flow>,
) -> Result<BTreeMap<String, Flow>> {
    let mut found = BTreeMap::new();
    let mut queue: VecDeque<String> = called_flows(flow).into();
    while let Some(id) = queue.pop_front() {
        if found.contains_key(&id) || id == flow.id {
            continue;
        }
        let loaded = match extra.get(&id) {
            Some(f) => Some(f.clone()),
            None => {
                let text: Option<String> = conn
                    .query_row(
                        "SELECT coalesce(
                             (SELECT document FROM versions WHERE flow_id = f.id ORDER BY number DESC LIMIT 1),
                             (SELECT coalesce(d.document, v.document) FROM drafts d
                                LEFT JOIN versions v ON v.flow_id = d.flow_id AND v.number = d.base_version
                               WHERE d.flow_id = f.id))
                           FROM flows f WHERE f.id = ?1 AND f.deleted_at IS NULL",
                        [&id],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(sql_err("look up a called flow"))?
                    .flatten();
                match text {
                    Some(t) => Some(parse_stored(&id, Stored::Module, &t)?.flow),
                    None => None,
                }
            }
        };
        if let Some(f) = loaded {
            queue.extend(called_flows(&f));
            found.insert(id, f);
        }
    }
    Ok(found)
}

fn missing_text(id: &str) -> ReadError {
    callflow_model::read_str(&format!("draft of `{id}`"), "").unwrap_err()
}

fn same_id(id: &str, doc: &FlowFile) -> Result<()> {
    if doc.flow.id == id {
        Ok(())
    } else {
        Err(StoreError::FlowIdChanged { id: id.into(), found: doc.flow.id.clone() })
    }
}

fn checked_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError::EmptyName);
    }
    if name.chars().count() > MAX_LEN {
        return Err(StoreError::NameTooLong);
    }
    Ok(name.to_string())
}

pub(crate) fn checked_id(id: &str) -> Result<()> {
    if id.trim().is_empty() || id.chars().count() > MAX_LEN || id.chars().any(char::is_control) {
        return Err(StoreError::BadFlowId { id: id.into() });
    }
    Ok(())
}

/// A readable id from a name: lowercase letters and digits, words joined by `-`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() && c.is_ascii() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').chars().take(60).collect::<String>();
    if out.is_empty() { "flow".into() } else { out }
}

/// `base`, or `base-2`, `base-3`, ... whichever no flow (live or trashed) uses.
fn unique_id(conn: &Connection, base: &str) -> rusqlite::Result<String> {
    let mut candidate = base.to_string();
    let mut n = 2;
    while flow_state(conn, &candidate)?.is_some() {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_ids() {
        assert_eq!(slug("Main IVR (EN)"), "main-ivr-en");
        assert_eq!(slug("  "), "flow");
        assert_eq!(slug("Čeština"), "e-tina");
    }

    #[test]
    fn hashes_are_sha256_hex() {
        assert_eq!(content_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
