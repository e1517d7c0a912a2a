//! Opening a library file: refusing what is not ours, checking integrity, backing up and
//! migrating the schema, and setting the durability pragmas.
//!
//! The order matters and is tested:
//! 1. a file that does not start with the SQLite header is refused before SQLite touches it;
//! 2. a schema newer than this build knows is refused before anything is written (not even the
//!    WAL switch, which rewrites the header);
//! 3. `PRAGMA integrity_check` (or `quick_check`) runs on every open; damage is reported with the
//!    path of the newest backup;
//! 4. only then is the journal switched to WAL, and, if migrations are pending on a database that
//!    already holds data, a backup is written with `VACUUM INTO` before the first one runs;
//! 5. the migrations run in one `BEGIN IMMEDIATE` transaction, rolled back on any failure.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

use crate::error::{Result, StoreError};

/// The schema, one migration per step. Never edit a step that has shipped: add a new one.
pub(crate) const MIGRATIONS: &[M<'static>] =
    &[M::up(SCHEMA_V1).foreign_key_check(), M::up(SCHEMA_V2).foreign_key_check()];

/// WAL pages between automatic checkpoints (4 KiB pages: about 16 MB).
const WAL_AUTOCHECKPOINT_PAGES: i64 = 4096;

/// How many schema versions this build knows.
pub const SCHEMA_VERSION: usize = 2;

const SCHEMA_V1: &str = r#"
-- One row per flow in the library. `deleted_at` set = in the trash.
CREATE TABLE flows (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    flow_type   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE INDEX flows_by_name ON flows (name COLLATE NOCASE);

-- Immutable saved versions: the full canonical document text and its SHA-256.
CREATE TABLE versions (
    flow_id          TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    number           INTEGER NOT NULL CHECK (number > 0),
    hash             TEXT NOT NULL,
    message          TEXT NOT NULL,
    author           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    component_count  INTEGER NOT NULL,
    size             INTEGER NOT NULL,
    document         TEXT NOT NULL,
    UNIQUE (flow_id, number)
) STRICT;
CREATE TRIGGER versions_are_immutable BEFORE UPDATE ON versions
BEGIN
    SELECT RAISE(ABORT, 'saved versions are immutable');
END;
CREATE TRIGGER versions_live_with_their_flow BEFORE DELETE ON versions
WHEN EXISTS (SELECT 1 FROM flows WHERE id = OLD.flow_id AND deleted_at IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'versions of a flow are removed only by purging the flow from the trash');
END;

-- The working copy (autosave), one per flow. `document` NULL = identical to `base_version`.
CREATE TABLE drafts (
    flow_id          TEXT PRIMARY KEY NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    hash             TEXT NOT NULL,
    saved_at         TEXT NOT NULL,
    base_version     INTEGER,
    component_count  INTEGER NOT NULL,
    problems         TEXT,
    document         TEXT,
    FOREIGN KEY (flow_id, base_version) REFERENCES versions (flow_id, number),
    CHECK (document IS NOT NULL OR base_version IS NOT NULL)
) STRICT;

-- Which version of a flow is published.
CREATE TABLE published (
    flow_id       TEXT PRIMARY KEY NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    published_at  TEXT NOT NULL,
    published_by  TEXT NOT NULL,
    FOREIGN KEY (flow_id, version) REFERENCES versions (flow_id, number)
) STRICT;

-- Searchable terms of each flow's draft: component kinds, phone numbers, queues.
CREATE TABLE flow_terms (
    flow_id  TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL,
    term     TEXT NOT NULL,
    PRIMARY KEY (flow_id, kind, term)
) STRICT, WITHOUT ROWID;
CREATE INDEX flow_terms_by_term ON flow_terms (kind, term);

-- Recorded debugger runs: an opaque JSON payload and what it ran.
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    flow_id     TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    version     INTEGER,
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    data        TEXT NOT NULL CHECK (json_valid(data))
) STRICT;
CREATE INDEX runs_by_flow ON runs (flow_id, id);

-- Application settings (author name, ...), JSON values.
CREATE TABLE settings (
    key    TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL CHECK (json_valid(value))
) STRICT;
"#;

/// Schema 2: the part index of each stored document (see `parts.rs`), which lets a diff compare
/// two versions component by component without scanning their texts. Rows written before it
/// keep NULL and are diffed by scanning; versions stay immutable (adding a column updates no
/// row).
const SCHEMA_V2: &str = r#"
ALTER TABLE versions ADD COLUMN parts BLOB;
ALTER TABLE drafts ADD COLUMN parts BLOB;
"#;

/// How thoroughly to check the database when opening it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IntegrityCheck {
    /// `PRAGMA integrity_check`: everything, including index contents (the default).
    #[default]
    Full,
    /// `PRAGMA quick_check`: page structure only; much faster on very large libraries.
    Quick,
}

/// How to open a library.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// How long to wait for another process's write to finish before reporting
    /// [`StoreError::Busy`].
    pub busy_timeout: Duration,
    /// Open without ever writing (no schema upgrade, no WAL switch): for inspecting, exporting and
    /// checking a library that may not be writable.
    pub read_only: bool,
    pub integrity_check: IntegrityCheck,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            busy_timeout: Duration::from_secs(5),
            read_only: false,
            integrity_check: IntegrityCheck::Full,
        }
    }
}

/// An open connection and what opening it did.
pub(crate) struct Opened {
    pub conn: Connection,
    /// The backup written before a schema upgrade, if one ran.
    pub backup: Option<PathBuf>,
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

pub(crate) fn open(path: &Path, options: &OpenOptions, migrations: &Migrations<'_>) -> Result<Opened> {
    let exists = path.exists();
    if exists {
        check_header(path)?;
    } else if options.read_only {
        return Err(StoreError::Io {
            action: "open",
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no library file there"),
        });
    } else if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
            action: "create the folder of",
            path: path.to_path_buf(),
            source,
        })?;
    }

    let sql = |action: &str| {
        let action = action.to_string();
        move |e| StoreError::sqlite(path, action, e)
    };
    let flags = if options.read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied) if exists => {
            StoreError::ReadOnly { path: path.to_path_buf(), details: e.to_string() }
        }
        _ => StoreError::sqlite(path, "open the library", e),
    })?;
    conn.busy_timeout(options.busy_timeout).map_err(sql("set the busy timeout"))?;
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    if !options.read_only && conn.is_readonly("main").map_err(sql("open the library"))? {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
            details: "the file or its folder does not allow writing".into(),
        });
    }

    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(sql("read the schema version"))?;
    let pending = migrations.pending_migrations(&conn).map_err(|e| StoreError::Migration {
        path: path.to_path_buf(),
        details: e.to_string(),
        backup: None,
    })?;
    let known = (version + i64::from(pending)).max(0) as usize;
    if version < 0 || pending < 0 {
        return Err(StoreError::NewerSchema { path: path.to_path_buf(), found: version, supported: known });
    }
    if version == 0 {
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(sql("read the schema"))?;
        if !tables.is_empty() {
            return Err(StoreError::ForeignDatabase { path: path.to_path_buf(), tables: tables.join(", ") });
        }
    }

    let problems =
        integrity_problems(&conn, options.integrity_check).map_err(sql("check the library's integrity"))?;
    if !problems.is_empty() {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            details: summarize_problems(&problems),
            backups: list_backups(path),
        });
    }

    conn.pragma_update(None, "foreign_keys", true).map_err(sql("enable foreign keys"))?;
    if options.read_only {
        return Ok(Opened { conn, backup: None });
    }
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(sql("switch the journal to WAL"))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Sqlite {
            path: path.to_path_buf(),
            action: format!("switch the journal to WAL (SQLite kept `{mode}`)"),
            source: rusqlite::Error::InvalidQuery,
        });
    }
    conn.pragma_update(None, "synchronous", "FULL").map_err(sql("set synchronous=FULL"))?;
    // A 10,000-component document is ~3 MB (~800 pages): with SQLite's default of 1,000 pages
    // nearly every save would also checkpoint. Checkpoint every ~16 MB instead, and trim the WAL
    // back to 32 MB after a checkpoint so it does not stay large.
    conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES)
        .map_err(sql("set wal_autocheckpoint"))?;
    conn.pragma_update(None, "journal_size_limit", 32 * 1024 * 1024)
        .map_err(sql("set journal_size_limit"))?;

    let mut backup = None;
    if (version as usize) < known {
        if version > 0 {
            let target = backup_path(path, version, known);
            conn.execute("VACUUM INTO ?1", [target.to_string_lossy()]).map_err(|e| StoreError::Backup {
                path: path.to_path_buf(),
                backup: target.clone(),
                details: e.to_string(),
            })?;
            backup = Some(target);
        }
        migrations.to_latest(&mut conn).map_err(|e| match e {
            rusqlite_migration::Error::RusqliteError { err, .. } if is_resource_error(&err) => {
                StoreError::sqlite(path, "upgrade the library's schema", err)
            }
            other => StoreError::Migration {
                path: path.to_path_buf(),
                details: other.to_string(),
                backup: backup.clone(),
            },
        })?;
    }
    Ok(Opened { conn, backup })
}

fn is_resource_error(err: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::*;
    matches!(err.sqlite_error_code(), Some(DiskFull | DatabaseBusy | DatabaseLocked | ReadOnly))
}

fn check_header(path: &Path) -> Result<()> {
    let mut file = std::fs::File::open(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::PermissionDenied {
            StoreError::ReadOnly { path: path.to_path_buf(), details: source.to_string() }
        } else {
            StoreError::Io { action: "open", path: path.to_path_buf(), source }
        }
    })?;
    let mut header = [0u8; 16];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(source) => return Err(StoreError::Io { action: "read", path: path.to_path_buf(), source }),
        }
    }
    // An empty file is an empty database (SQLite creates it that way).
    if read == 0 || (read == header.len() && &header == SQLITE_HEADER) {
        Ok(())
    } else {
        Err(StoreError::NotADatabase { path: path.to_path_buf() })
    }
}

/// The lines `integrity_check`/`quick_check` printed, without the lone `ok`.
pub(crate) fn integrity_problems(conn: &Connection, check: IntegrityCheck) -> rusqlite::Result<Vec<String>> {
    let pragma = match check {
        IntegrityCheck::Full => "PRAGMA integrity_check",
        IntegrityCheck::Quick => "PRAGMA quick_check",
    };
    let mut stmt = conn.prepare(pragma)?;
    let lines: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(if lines.len() == 1 && lines[0] == "ok" { Vec::new() } else { lines })
}

fn summarize_problems(problems: &[String]) -> String {
    let mut text = problems.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
    if problems.len() > 3 {
        text.push_str(&format!("; and {} more problems", problems.len() - 3));
    }
    text
}

/// Where the backup before upgrading from schema `from` to `to` goes: next to the library.
fn backup_path(path: &Path, from: i64, to: usize) -> PathBuf {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "library".into());
    let mut candidate = path.with_file_name(format!("{name}.backup-v{from}-to-v{to}-{stamp}"));
    let mut n = 2;
    while candidate.exists() {
        candidate = path.with_file_name(format!("{name}.backup-v{from}-to-v{to}-{stamp}-{n}"));
        n += 1;
    }
    candidate
}

/// Backups of the library at `path` found next to it, oldest first.
pub fn list_backups(path: &Path) -> Vec<PathBuf> {
    let Some(name) = path.file_name().map(|n| format!("{}.backup-", n.to_string_lossy())) else {
        return Vec::new();
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&name))
        .map(|e| (e.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH), e.path()))
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Library;

    fn with_extra_step(sql: &'static str) -> Migrations<'static> {
        let mut steps = MIGRATIONS.to_vec();
        steps.push(M::up(sql));
        Migrations::new(steps)
    }

    fn user_version(path: &Path) -> i64 {
        Connection::open(path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_new_library_gets_the_whole_schema_and_no_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/folder/lib.sqlite3");
        let lib = Library::open(&path).unwrap();
        assert_eq!(lib.backup_made(), None);
        let mode: String = lib.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        let sync: i64 = lib.conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        let fk: bool = lib.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!((mode.as_str(), sync, fk), ("wal", 2, true));
        drop(lib);
        assert_eq!(user_version(&path), SCHEMA_VERSION as i64);
    }

    #[test]
    fn an_upgrade_backs_up_first_and_keeps_the_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.sqlite3");
        Library::open(&path).unwrap().set_author("Ada").unwrap();

        let upgraded = with_extra_step("ALTER TABLE settings ADD COLUMN note TEXT");
        let lib = Library::open_with_migrations(&path, &OpenOptions::default(), &upgraded).unwrap();
        let backup = lib.backup_made().expect("a backup before the upgrade").to_path_buf();
        assert_eq!(lib.author().unwrap(), "Ada");
        drop(lib);
        assert_eq!(user_version(&path), SCHEMA_VERSION as i64 + 1);
        // The backup is the library as it was: the old schema and the data.
        assert_eq!(user_version(&backup), SCHEMA_VERSION as i64);
        let old =
            Library::open_with(&backup, &OpenOptions { read_only: true, ..OpenOptions::default() }).unwrap();
        assert_eq!(old.author().unwrap(), "Ada");
        assert_eq!(list_backups(&path), [backup]);
        // Nothing to upgrade the second time: no new backup.
        let again = Library::open_with_migrations(&path, &OpenOptions::default(), &upgraded).unwrap();
        assert_eq!(again.backup_made(), None);
    }

    #[test]
    fn a_failing_upgrade_is_rolled_back_and_names_the_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.sqlite3");
        Library::open(&path).unwrap().set_author("Ada").unwrap();
        let broken = with_extra_step("CREATE TABLE settings (oops TEXT)");
        let err = Library::open_with_migrations(&path, &OpenOptions::default(), &broken).unwrap_err();
        let message = err.to_string();
        assert_eq!(err.kind(), crate::ErrorKind::Migration, "{message}");
        let backup = format!(".backup-v{SCHEMA_VERSION}-to-v{}-", SCHEMA_VERSION + 1);
        assert!(message.contains("rolled back") && message.contains(&backup), "{message}");
        assert_eq!(user_version(&path), SCHEMA_VERSION as i64);
        assert_eq!(Library::open(&path).unwrap().author().unwrap(), "Ada");
    }
}
