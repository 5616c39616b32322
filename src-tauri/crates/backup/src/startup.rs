//! Start-up checks (启动检查): [`open_checked`] opens the ledger only after the checks
//! that cost the same for any size of ledger — it is a SQLite ledger file, of a schema
//! this build knows, writable and not locked — takes a safety copy before an upgrade,
//! and turns every failure — damaged, missing where backups show a ledger existed,
//! read-only, locked, disk full, made by a newer build — into a [`SafetyError`] with a
//! Chinese message and, where one exists, the newest good backup to recover from.
//! It never panics and never creates an empty ledger in place of a lost one.
//! [`check`] is the thorough check (`PRAGMA integrity_check` over every page, time
//! growing with the ledger): `zhitong check`, and the desktop's background check after
//! its first paint.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;
use zhitong_domain::Instant;
use zhitong_store::cipher::Key;
use zhitong_store::Ledger;

use crate::snapshot::{backups_dir, count_backups, newest_good, snapshot, BackupKind, Source};
use crate::{Result, SafetyError};

/// How long the probe waits for another program's lock before reporting it.
const PROBE_BUSY: Duration = Duration::from_secs(2);

/// What `zhitong check` reports about a ledger file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CheckReport {
    #[ts(type = "string")]
    pub path: PathBuf,
    #[ts(type = "number")]
    pub size: u64,
    pub schema_version: i64,
    pub known_schema_version: usize,
    pub cases: i64,
    pub last_change: Option<String>,
    /// Backups found next to the ledger and how many of them pass verification.
    pub backups: usize,
}

/// Checks the ledger file at `path` (with `key` when it is encrypted) without changing
/// it: it must exist, open, pass
/// `PRAGMA integrity_check` and be a ledger of a schema this build knows. An older
/// schema is fine (it is upgraded on open).
pub fn check(path: &Path, key: Option<&Key>) -> Result<CheckReport> {
    let bdir = backups_dir(path);
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(SafetyError::Missing {
                path: path.to_path_buf(),
                count: count_backups(&bdir)?,
                newest_good: newest_good(&bdir, key),
            })
        }
        Err(e) => return Err(SafetyError::io(path, e)),
    };
    let (schema_version, f) = probe(path, key, false, true, &bdir, meta.len())?;
    let f = f.ok_or_else(|| damaged(path, key, &bdir, "台账的案件或日志表无法读取".into()))?;
    Ok(CheckReport {
        path: path.to_path_buf(),
        size: meta.len(),
        schema_version,
        known_schema_version: zhitong_store::schema_version(),
        cases: f.cases,
        last_change: f.last_change,
        backups: count_backups(&bdir)?,
    })
}

fn damaged(path: &Path, key: Option<&Key>, bdir: &Path, detail: String) -> SafetyError {
    SafetyError::Damaged {
        path: path.to_path_buf(),
        detail,
        newest_good: newest_good(bdir, key),
    }
}

/// Schema checks of the file at `path`, with the full integrity check when `thorough`
/// (opened for writing when `write`, to prove the lock can be taken); returns
/// `user_version` and the ledger's facts.
fn probe(
    path: &Path,
    key: Option<&Key>,
    write: bool,
    thorough: bool,
    bdir: &Path,
    size: u64,
) -> Result<(i64, Option<zhitong_store::file::FileFacts>)> {
    let p = zhitong_store::file::probe(path, key, write, PROBE_BUSY, thorough).map_err(|e| {
        match SafetyError::store(path, e) {
            SafetyError::Damaged { detail, .. } => damaged(path, key, bdir, detail),
            other => other,
        }
    })?;
    if let Some(problem) = p.integrity {
        return Err(damaged(
            path,
            key,
            bdir,
            format!("完整性检查未通过：{problem}"),
        ));
    }
    let version = p.schema_version;
    let known = zhitong_store::schema_version();
    if version > known as i64 {
        return Err(SafetyError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known,
        });
    }
    if version == 0 && p.tables > 0 {
        return Err(SafetyError::NotLedger {
            path: path.to_path_buf(),
            detail: format!("文件中有 {} 张表，但没有台账的版本标记", p.tables),
        });
    }
    if version > 0 && !p.has_cases {
        return Err(damaged(path, key, bdir, "缺少案件表".into()));
    }
    if version == 0 && size > 0 && count_backups(bdir)? > 0 {
        return Err(damaged(
            path,
            key,
            bdir,
            "文件中没有任何台账数据，而备份文件夹显示这里曾有台账".into(),
        ));
    }
    Ok((version, p.facts))
}

/// Opens the ledger at `path` (with `key` when it is encrypted) for the desktop shell and
/// the CLI, after the start-up
/// checks (see the module doc). A missing file becomes a new ledger only when no backups
/// exist beside it. When the file's schema is older than this build's, a
/// `-before-upgrade` backup is taken before the migration runs.
pub fn open_checked(path: &Path, key: Option<&Key>, now: Instant) -> Result<Ledger> {
    let bdir = backups_dir(path);
    let meta = match fs::metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(SafetyError::io(path, e)),
    };
    let Some(meta) = meta else {
        let count = count_backups(&bdir)?;
        if count > 0 {
            return Err(SafetyError::Missing {
                path: path.to_path_buf(),
                count,
                newest_good: newest_good(&bdir, key),
            });
        }
        return Ledger::open_keyed(path, key).map_err(|e| SafetyError::store(path, e));
    };
    if meta.is_dir() {
        return Err(SafetyError::NotLedger {
            path: path.to_path_buf(),
            detail: "这是一个文件夹".into(),
        });
    }
    if meta.len() == 0 && count_backups(&bdir)? > 0 {
        return Err(damaged(path, key, &bdir, "文件为空（0 字节）".into()));
    }
    if meta.permissions().readonly() {
        return Err(SafetyError::ReadOnly {
            path: path.to_path_buf(),
            detail: "文件属性为只读".into(),
        });
    }
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| SafetyError::io(path, e))?;
    let (version, _) = probe(path, key, true, false, &bdir, meta.len())?;
    if version > 0 && version < zhitong_store::schema_version() as i64 {
        let b = snapshot(
            Source::File(path, key),
            &bdir,
            BackupKind::BeforeUpgrade,
            now,
        )?;
        tracing::info!(from = version, backup = %b.path.display(), "ledger schema upgrade");
    }
    Ledger::open_keyed(path, key).map_err(|e| SafetyError::store(path, e))
}
