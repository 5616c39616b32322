//! The ledger (台账): one SQLite file with every case, its history and the settings.
//! Guarantees: foreign keys on, WAL journal, append-only embedded migrations, `STRICT`
//! tables; every change is one IMMEDIATE transaction that also writes an audit event
//! (who, when, what, before → after); nothing is deleted (triggers refuse it). No code
//! here reads the clock: every write is passed `now`.

mod actions;
mod auth;
mod calendar;
pub mod cipher;
pub mod collate;
mod decide;
mod demo;
mod error;
mod export;
mod figures;
pub mod file;
mod import;
mod meetings;
#[cfg(test)]
mod plan;
mod query;
mod read;
mod register;
mod registry;
mod schedule;
mod search;
mod settings;
mod setup;
mod sql;
mod tables;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use rusqlite_migration::{Migrations, M};
use zhitong_domain::{Instant, Role};

pub use actions::*;
pub use auth::Admin;
pub use decide::{DecisionInput, FilingInput};
pub use error::{Result, StoreError};
pub use export::LedgerLine;
pub use figures::{FigureCase, FigureRows, FigureUrge, PeriodCounts, Window};
pub use import::*;
pub use meetings::{AgendaCase, MeetingDecisionInput, MeetingInput};
pub use query::{CasePage, CaseQuery, SortKey};
pub use registry::{DepartmentContacts, NewDepartment, NewStaff};
pub use schedule::TickReport;
pub use search::{fts_query, snippet, tokens, Fragment, MatchedField, SearchHit};
pub use setup::Setup;

/// Append-only: add a new numbered file at the end, never edit a released one.
const MIGRATION_LIST: &[M<'static>] = &[
    M::up(include_str!("../migrations/001_ledger.sql")),
    M::up(include_str!("../migrations/002_search.sql")),
    M::up(include_str!("../migrations/003_list_indexes.sql")),
    M::up(include_str!("../migrations/004_report_indexes.sql")),
    M::up(include_str!("../migrations/005_enterprise_sort.sql")),
    M::up(include_str!("../migrations/006_organisation.sql")),
    M::up(include_str!("../migrations/007_open_case_indexes.sql")),
    M::up(include_str!("../migrations/008_late_and_open_covering.sql")),
    M::up(include_str!("../migrations/009_notes_and_open_figures.sql")),
    M::up(include_str!("../migrations/010_phone_cases.sql")),
];
static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::from_slice(MIGRATION_LIST));

/// Number of schema versions this build knows.
pub fn schema_version() -> usize {
    MIGRATION_LIST.len()
}

/// Who performs a change; recorded on every event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operator {
    pub name: String,
    pub role: Role,
}

impl Operator {
    /// The scheduler's automatic steps (deemed satisfaction, escalation after urges).
    pub fn system() -> Self {
        Operator {
            name: "系统".into(),
            role: Role::Admin,
        }
    }
}

/// An open ledger. One per file per process; writers in other processes are
/// serialised by SQLite's locking (busy timeout 5 s).
pub struct Ledger {
    conn: Connection,
    path: Option<PathBuf>,
    /// The passphrase an encrypted ledger was opened with: its backups and copies are
    /// opened with it too.
    key: Option<cipher::Key>,
}

impl Ledger {
    /// Opens (creating if needed) the plaintext ledger at `path` and migrates it to the
    /// latest schema; an encrypted one is refused as [`StoreError::Locked`].
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_keyed(path, None)
    }

    /// [`Ledger::open`] with the passphrase of an encrypted ledger (unused for a
    /// plaintext one); a wrong one is refused as [`StoreError::WrongKey`].
    pub fn open_keyed(path: &Path, key: Option<&cipher::Key>) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: path.display().to_string(),
                message: format!("无法创建目录 {}：{e}", dir.display()),
            })?;
        }
        let conn = cipher::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            key,
        )
        .and_then(|c| {
            // The first read decrypts page 1: a wrong passphrase fails here.
            c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })?;
            Ok(c)
        })
        .map_err(|e| cipher::explain(path, e, key.is_some()))?;
        Self::setup(conn, Some(path.to_path_buf()), key.cloned())
    }

    /// A fresh ledger in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?, None, None)
    }

    fn setup(
        mut conn: Connection,
        path: Option<PathBuf>,
        key: Option<cipher::Key>,
    ) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 16 MB of pages (SQLite's default is 2 MB): the open cases and the indexes the
        // 工作台, 督办看板 and the scheduler read (about 9 MB at 100 000 cases) stay in
        // memory between refreshes instead of being fetched (and, for an encrypted ledger,
        // decrypted) again from the file each time. More would hold part of a year's
        // cases for the reports, at the cost of the app's memory.
        conn.pragma_update(None, "cache_size", -16_384)?;
        if path.is_some() {
            let mode: String =
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                tracing::warn!(mode, "WAL journal mode not available");
            }
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        let before: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        MIGRATIONS
            .to_latest(&mut conn)
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        let migrated = before != schema_version() as i64;
        search::attach(&conn)?;
        if migrated {
            search::backfill(&conn)?;
        }
        collate::attach(&conn)?;
        collate::fill_sort_keys(&conn)?;
        Ok(Ledger { conn, path, key })
    }

    /// The raw connection, for other crates' tests that damage or inspect the file on
    /// purpose (feature `testing`). Everything else reads and writes through the typed
    /// store functions, so the schema has one owner.
    #[cfg(feature = "testing")]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The one integer `sql` selects, such as a `COUNT(*)`: for tests that inspect the
    /// file (feature `testing`). Panics on an error, as a failed test should.
    #[cfg(feature = "testing")]
    pub fn scalar(&self, sql: &str) -> i64 {
        self.conn
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The rows of one text column `sql` selects: for tests that inspect the file
    /// (feature `testing`). Panics on an error, as a failed test should.
    #[cfg(feature = "testing")]
    pub fn texts(&self, sql: &str) -> Vec<String> {
        let rows = || -> rusqlite::Result<Vec<String>> {
            self.conn
                .prepare(sql)?
                .query_map([], |r| r.get(0))?
                .collect()
        };
        rows().unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The rows of two text columns `sql` selects: for tests that inspect the file
    /// (feature `testing`). Panics on an error, as a failed test should.
    #[cfg(feature = "testing")]
    pub fn text_pairs(&self, sql: &str) -> Vec<(String, String)> {
        let rows = || -> rusqlite::Result<Vec<(String, String)>> {
            self.conn
                .prepare(sql)?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        };
        rows().unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The raw connection, inside the store only (without the `testing` feature).
    #[cfg(not(feature = "testing"))]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The passphrase this ledger was opened with (`None` for a plaintext ledger).
    pub fn key(&self) -> Option<&cipher::Key> {
        self.key.as_ref()
    }

    /// The folder the ledger lives in; attachments are kept under it.
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is written, or nothing. Every
    /// read `f` needs goes through `tx`, inside the same lock, and steps compose: an
    /// action that triggers another (an urge that escalates) runs both in one `write`.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let tx = Tx {
            tx: self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?,
            settings: std::cell::OnceCell::new(),
            calendar: std::cell::OnceCell::new(),
        };
        let v = f(&tx)?;
        tx.tx.commit()?;
        Ok(v)
    }
}

/// An open write transaction. Reads through it see its own writes; the typed table
/// calls ([`Tx::events`], [`Tx::deadlines`]) are the only way rows of those tables are
/// written.
pub(crate) struct Tx<'c> {
    tx: Transaction<'c>,
    // Read once per transaction: steps that compose (a demo case's whole history, an
    // urge that escalates) do not reload them. Code that changes them reads the tables.
    settings: std::cell::OnceCell<zhitong_domain::Settings>,
    calendar: std::cell::OnceCell<zhitong_calendar::Calendar>,
}

impl<'c> std::ops::Deref for Tx<'c> {
    type Target = Transaction<'c>;
    fn deref(&self) -> &Transaction<'c> {
        &self.tx
    }
}

impl Tx<'_> {
    pub(crate) fn case(&self, id: i64) -> Result<zhitong_domain::Case> {
        read::case(&self.tx, id)
    }

    /// The settings as this transaction began to use them.
    pub(crate) fn settings(&self) -> Result<&zhitong_domain::Settings> {
        if let Some(s) = self.settings.get() {
            return Ok(s);
        }
        let s = settings::load(&self.tx)?;
        Ok(self.settings.get_or_init(|| s))
    }

    /// The calendar as this transaction began to use it.
    pub(crate) fn calendar(&self) -> Result<&zhitong_calendar::Calendar> {
        if let Some(c) = self.calendar.get() {
            return Ok(c);
        }
        let c = calendar::load_calendar(&self.tx)?;
        Ok(self.calendar.get_or_init(|| c))
    }

    pub(crate) fn events(&self) -> tables::Events<'_> {
        tables::Events(&self.tx)
    }

    pub(crate) fn deadlines(&self) -> tables::Deadlines<'_> {
        tables::Deadlines(&self.tx)
    }

    pub(crate) fn urges(&self) -> tables::Urges<'_> {
        tables::Urges(&self.tx)
    }
}

/// Formats an instant as the ledger stores it: RFC 3339 at +08:00, whole seconds, so
/// that text order is time order.
pub(crate) fn ts(at: Instant) -> String {
    at.with_timezone(&zhitong_domain::china())
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

pub(crate) fn parse_ts(s: &str) -> Result<Instant> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&zhitong_domain::china()))
        .map_err(|_| StoreError::Corrupt(format!("时间“{s}”")))
}

pub(crate) fn parse_ts_opt(s: Option<String>) -> Result<Option<Instant>> {
    s.as_deref().map(parse_ts).transpose()
}

/// Takes the next number of a yearly sequence inside the caller's transaction.
/// Gap-free: if the transaction rolls back, so does the increment.
pub(crate) fn next_seq(tx: &Transaction, kind: &str, year: i32) -> Result<i64> {
    Ok(tx.query_row(
        "INSERT INTO sequences (kind, year, last) VALUES (?1, ?2, 1)
         ON CONFLICT (kind, year) DO UPDATE SET last = last + 1
         RETURNING last",
        rusqlite::params![kind, year],
        |r| r.get(0),
    )?)
}

#[doc(hidden)]
pub fn migrations_for_tests() -> &'static Migrations<'static> {
    &MIGRATIONS
}

/// The per-user ledger file both the desktop app and the CLI open by default:
/// `$ZHITONG_DB` if set, else `<data dir>/zhitong/ledger.db` (`%APPDATA%\zhitong` on
/// Windows, `~/.local/share/zhitong` on Linux).
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("ZHITONG_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("zhitong")
        .join("ledger.db")
}
