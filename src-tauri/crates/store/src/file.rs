//! The ledger as a file, for the data-safety crate: what a ledger or backup file holds
//! (schema version, cases, last change), its integrity check, a consistent verified copy
//! (backups) and copying a backup over a ledger (restore). The SQL for these lives here,
//! with the schema's owner; callers get facts and Chinese problems, never a connection.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::cipher::{self, Key};
use crate::{Ledger, Result, StoreError};

/// What a ledger file holds, read without changing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    pub schema_version: i64,
    pub cases: i64,
    /// The time of the newest audit event, as stored.
    pub last_change: Option<String>,
    pub last_event_id: i64,
}

/// A file checked as a ledger: its facts, or why it cannot serve as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    pub facts: Option<FileFacts>,
    /// In Chinese: 完整性检查未通过…, 不是企服直通的台账…, 不是有效的数据库文件.
    pub problem: Option<String>,
}

/// An error opening `path` with `key`: locked or wrong passphrase as such, else the
/// SQLite error (so [`StoreError::trouble`] can classify it).
fn opened(path: &Path, key: Option<&Key>, e: rusqlite::Error) -> StoreError {
    cipher::classify(path, &e, key.is_some()).unwrap_or(StoreError::Sql(e))
}

const READ_ONLY: OpenFlags =
    OpenFlags::SQLITE_OPEN_READ_ONLY.union(OpenFlags::SQLITE_OPEN_NO_MUTEX);

fn facts(conn: &Connection) -> rusqlite::Result<FileFacts> {
    let schema_version = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let cases = conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
    let (last_event_id, last_change) = conn
        .query_row(
            "SELECT id, at FROM events ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, None));
    Ok(FileFacts {
        schema_version,
        cases,
        last_change,
        last_event_id,
    })
}

/// Runs `PRAGMA integrity_check`; `None` when it says `ok`, else the first problems.
fn integrity_problem(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(20)")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if rows.len() == 1 && rows[0] == "ok" {
        None
    } else {
        Some(rows.into_iter().take(3).collect::<Vec<_>>().join("；"))
    })
}

/// Opens `path` read-only (with `key` when it is encrypted) and checks it: integrity, and
/// that it is a ledger. `Err` only when the file is locked by a passphrase `key` is not.
pub fn inspect(path: &Path, key: Option<&Key>) -> Result<Inspection> {
    let checked = (|| -> rusqlite::Result<Inspection> {
        let conn = cipher::connect(path, READ_ONLY, key)?;
        if let Some(p) = integrity_problem(&conn)? {
            return Ok(Inspection {
                facts: None,
                problem: Some(format!("完整性检查未通过：{p}")),
            });
        }
        Ok(match facts(&conn) {
            Ok(f) => Inspection {
                facts: Some(f),
                problem: None,
            },
            Err(_) => Inspection {
                facts: None,
                problem: Some("不是企服直通的台账（缺少案件表）".into()),
            },
        })
    })();
    match checked {
        Ok(i) => Ok(i),
        Err(e) => {
            if let Some(locked @ (StoreError::Locked | StoreError::WrongKey)) =
                cipher::classify(path, &e, key.is_some())
            {
                return Err(locked);
            }
            Ok(Inspection {
                facts: None,
                problem: Some(match e.sqlite_error_code() {
                    Some(rusqlite::ErrorCode::NotADatabase) => "不是有效的数据库文件".into(),
                    _ => e.to_string(),
                }),
            })
        }
    }
}

/// The facts of the ledger file at `path`, read on a read-only connection of its own
/// (no integrity check), so a caller on another thread need not hold the open ledger.
pub fn facts_of(path: &Path, key: Option<&Key>) -> Result<FileFacts> {
    let conn = cipher::connect(path, READ_ONLY, key).map_err(|e| opened(path, key, e))?;
    Ok(facts(&conn)?)
}

/// Runs the full integrity check on `path` (read-only); `None` when it is sound.
pub fn integrity(path: &Path, key: Option<&Key>) -> Result<Option<String>> {
    let conn = cipher::connect(path, READ_ONLY, key).map_err(|e| opened(path, key, e))?;
    Ok(integrity_problem(&conn)?)
}

/// Copies `src` over the database at `dst` with SQLite's backup API (one transaction):
/// other connections see either the old or the new ledger, never a mix. The copy keeps
/// `src`'s encryption (both opened with `key`). Waits up to 5 s for other writers; returns the problem the
/// integrity check finds in the result, if any.
pub fn copy_database(src: &Path, dst: &Path, key: Option<&Key>) -> Result<Option<String>> {
    use rusqlite::backup::{Backup, StepResult};
    let from = cipher::connect(src, READ_ONLY, key).map_err(|e| opened(src, key, e))?;
    let mut to = cipher::connect_like(
        dst,
        src,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
    .map_err(|e| opened(dst, key, e))?;
    to.busy_timeout(Duration::from_secs(5))?;
    {
        let copy = Backup::new(&from, &mut to)?;
        let mut tries = 0;
        loop {
            match copy.step(-1)? {
                StepResult::Done => break,
                StepResult::Busy | StepResult::Locked if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(100));
                }
                StepResult::More => {}
                _ => {
                    return Err(StoreError::Sql(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("恢复时无法取得写锁".into()),
                    )))
                }
            }
        }
    }
    Ok(integrity_problem(&to)?)
}

/// What kind of trouble a store error means for the file behind it, so the data-safety
/// crate can say "damaged", "disk full", "read-only" or "in use" without SQL of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// Not an SQLite database at all (the header is not recognised).
    NotADatabase,
    /// SQLite found the file damaged.
    Corrupt,
    DiskFull,
    ReadOnly,
    /// Another program holds the lock.
    Busy,
    CannotOpen,
    /// Anything else (a bug, an unexpected schema).
    Other,
}

impl StoreError {
    /// How the file behind this error is affected.
    pub fn trouble(&self) -> Trouble {
        use rusqlite::ErrorCode as C;
        let StoreError::Sql(e) = self else {
            return Trouble::Other;
        };
        match e.sqlite_error_code() {
            Some(C::NotADatabase) => Trouble::NotADatabase,
            Some(C::DatabaseCorrupt) => Trouble::Corrupt,
            Some(C::DiskFull) => Trouble::DiskFull,
            Some(C::ReadOnly | C::PermissionDenied) => Trouble::ReadOnly,
            Some(C::DatabaseBusy | C::DatabaseLocked) => Trouble::Busy,
            Some(C::CannotOpen) => Trouble::CannotOpen,
            _ => Trouble::Other,
        }
    }
}

impl Ledger {
    /// What this ledger holds now (the daily backup compares it with the newest backup).
    pub fn file_facts(&self) -> Result<FileFacts> {
        Ok(facts(self.conn())?)
    }

    /// The 登记编号 of every case, in order (the restore preview compares two ledgers).
    pub fn reg_nos(&self) -> Result<Vec<String>> {
        reg_nos_of(self.conn())
    }

    /// Writes a consistent copy of the ledger to `target` (one read transaction), as a
    /// single self-contained file (rollback journal), encrypted like the ledger, and
    /// checks the copy's integrity. Returns the problem found in the copy, if any; the
    /// caller syncs and renames it.
    pub fn copy_to(&self, target: &Path) -> Result<Option<String>> {
        vacuum_into(self.conn(), target, self.key())
    }
}

/// The 登记编号 of every case in the ledger file at `path` (read-only), in order.
pub fn reg_nos(path: &Path, key: Option<&Key>) -> Result<Vec<String>> {
    let conn = cipher::connect(path, READ_ONLY, key).map_err(|e| opened(path, key, e))?;
    reg_nos_of(&conn)
}

fn reg_nos_of(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT reg_no FROM cases ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// [`Ledger::copy_to`] for a ledger file that is not open (the copy taken before a
/// schema upgrade, which must see the file as it was).
pub fn copy_file_to(path: &Path, target: &Path, key: Option<&Key>) -> Result<Option<String>> {
    let conn = cipher::connect(path, READ_ONLY, key).map_err(|e| opened(path, key, e))?;
    vacuum_into(&conn, target, key)
}

/// `VACUUM INTO` keeps the source's encryption, so the copy is reopened with its `key`.
fn vacuum_into(conn: &Connection, target: &Path, key: Option<&Key>) -> Result<Option<String>> {
    let name = target.to_str().ok_or_else(|| StoreError::Open {
        path: target.display().to_string(),
        message: "路径含有无法识别的字符".into(),
    })?;
    conn.execute("VACUUM INTO ?1", [name])?;
    let copy = cipher::connect(
        target,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
    .map_err(|e| opened(target, key, e))?;
    let _: String = copy.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    Ok(integrity_problem(&copy)?)
}

/// The cheap part of the integrity check: a plaintext file shorter than the page count
/// its header gives (with no write-ahead log that could hold the rest) was cut off.
fn truncated(path: &Path) -> Option<String> {
    use std::io::Read;
    if cipher::is_encrypted(path) {
        return None;
    }
    let mut head = [0u8; 100];
    let mut f = std::fs::File::open(path).ok()?;
    f.read_exact(&mut head).ok()?;
    // The in-header page count is valid only when its version-valid-for number
    // matches the change counter (always so for files this SQLite wrote).
    if &head[..16] != b"SQLite format 3\0" || head[92..96] != head[24..28] {
        return None;
    }
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes([head[28], head[29], head[30], head[31]]));
    let len = f.metadata().ok()?.len();
    let mut wal = path.as_os_str().to_os_string();
    wal.push("-wal");
    let has_wal = std::fs::metadata(std::path::PathBuf::from(wal)).is_ok_and(|m| m.len() > 0);
    (len < pages * page_size && !has_wal).then(|| {
        format!("文件长度 {len} 字节，少于文件头记载的 {pages} 页 × {page_size} 字节：文件被截断")
    })
}

/// What the start-up probe found in a ledger file, before it is opened as a ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// `PRAGMA user_version`: the ledger's schema version, 0 for a file never migrated.
    pub schema_version: i64,
    /// How many tables the file has.
    pub tables: i64,
    pub has_cases: bool,
    /// What the full integrity check found, when it was run and failed.
    pub integrity: Option<String>,
    /// The ledger's facts, when it has a cases table and they could be read.
    pub facts: Option<FileFacts>,
}

/// Opens `path` with `key` (read-only unless `write`, to prove the lock can be taken), waits up to
/// `busy` for another program's lock, and reads its schema version and tables; with
/// `full_check`, also runs `PRAGMA integrity_check` (else only the header's page count
/// is checked against the file's length).
pub fn probe(
    path: &Path,
    key: Option<&Key>,
    write: bool,
    busy: Duration,
    full_check: bool,
) -> Result<Probe> {
    let flags = if write {
        OpenFlags::SQLITE_OPEN_READ_WRITE
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = cipher::connect(path, flags, key).map_err(|e| opened(path, key, e))?;
    conn.busy_timeout(busy)?;
    let read = || -> rusqlite::Result<Probe> {
        // A file cut short is damage before SQLite reads a page of it.
        if let Some(cut) = truncated(path) {
            return Ok(Probe {
                schema_version: 0,
                tables: 0,
                has_cases: false,
                integrity: Some(cut),
                facts: None,
            });
        }
        let schema_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let integrity = if full_check {
            integrity_problem(&conn)?
        } else {
            None
        };
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        let has_cases: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases')",
            [],
            |r| r.get(0),
        )?;
        // Counting cases reads an index of the whole table: only for the thorough check.
        let facts = if full_check && has_cases && integrity.is_none() {
            facts(&conn).ok()
        } else {
            None
        };
        Ok(Probe {
            schema_version,
            tables,
            has_cases,
            integrity,
            facts,
        })
    };
    read().map_err(|e| opened(path, key, e))
}
