//! Restore (恢复): replaces the ledger's content with a backup. The backup is verified
//! first, the current ledger is saved as a safety copy before anything changes, and the
//! copy goes through SQLite's backup API into the live file — one write transaction, so
//! other connections see either the old or the new ledger, never a mix. [`recover`] is
//! the path for a ledger that cannot be opened: the damaged file is moved aside (never
//! deleted) and the backup is put in its place.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;
use zhitong_domain::Instant;
use zhitong_store::cipher::Key;
use zhitong_store::Ledger;

use crate::snapshot::{
    backups_dir, snapshot, sync_dir, sync_file, verify_backup, BackupInfo, BackupKind, Source,
};
use crate::{open_checked, Result, SafetyError};

/// The current ledger as the restore preview shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LedgerSummary {
    #[ts(type = "string")]
    pub path: PathBuf,
    #[ts(type = "number")]
    pub size: u64,
    pub cases: i64,
    pub last_change: Option<String>,
    pub schema_version: i64,
}

/// What a restore would replace.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RestorePreview {
    pub current: LedgerSummary,
    pub backup: BackupInfo,
    /// 登记编号 of cases in the current ledger that the backup lacks (they disappear
    /// from the ledger after the restore, but stay in the safety copy).
    pub only_in_current: Vec<String>,
    /// 登记编号 of cases in the backup that the current ledger lacks.
    pub only_in_backup: Vec<String>,
}

impl RestorePreview {
    /// The confirmation text shown before a restore.
    pub fn describe(&self) -> String {
        let b = &self.backup;
        let c = &self.current;
        let mut s = format!(
            "将用备份“{}”（{}，{}，共 {} 件案件，最后修改于 {}）替换当前台账（共 {} 件案件，最后修改于 {}）。",
            b.file_name,
            b.kind.label(),
            b.taken_label(),
            b.cases,
            b.last_change.as_deref().unwrap_or("无记录"),
            c.cases,
            c.last_change.as_deref().unwrap_or("无记录"),
        );
        if self.only_in_current.is_empty() {
            s.push_str("当前台账中的案件备份里都有。");
        } else {
            s.push_str(&format!(
                "当前台账中有 {} 件案件备份里没有，恢复后将不再显示：{}。",
                self.only_in_current.len(),
                list(&self.only_in_current)
            ));
        }
        if !self.only_in_backup.is_empty() {
            s.push_str(&format!(
                "备份中有 {} 件案件当前台账里没有：{}。",
                self.only_in_backup.len(),
                list(&self.only_in_backup)
            ));
        }
        s.push_str("恢复前会先把当前台账另存为安全副本，可随时再恢复回来。");
        s
    }
}

fn list(v: &[String]) -> String {
    let mut s = v.iter().take(10).cloned().collect::<Vec<_>>().join("、");
    if v.len() > 10 {
        s.push_str(&format!(" 等 {} 件", v.len()));
    }
    s
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RestoreReport {
    pub restored_from: BackupInfo,
    /// The ledger as it was before, saved in `<data dir>/backups/`.
    pub safety_copy: BackupInfo,
    pub cases_now: i64,
}

/// Verifies `backup` and fails with [`SafetyError::BadBackup`] unless it is usable.
fn usable(backup: &Path, key: Option<&Key>) -> Result<BackupInfo> {
    let info = verify_backup(backup, key)?;
    match &info.problem {
        Some(p) => Err(SafetyError::BadBackup {
            path: backup.to_path_buf(),
            detail: p.clone(),
        }),
        None => Ok(info),
    }
}

/// Tells what restoring `backup` would replace: both sides' dates and case counts and
/// the cases only one side has. Fails if the backup does not pass verification.
pub fn preview_restore(ledger: &Ledger, backup: &Path) -> Result<RestorePreview> {
    let path = ledger.path().ok_or(SafetyError::NoDataDir)?;
    let info = usable(backup, ledger.key())?;
    let f = ledger
        .file_facts()
        .map_err(|e| SafetyError::store(path, e))?;
    let size = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let current: Vec<String> = ledger.reg_nos().map_err(|e| SafetyError::store(path, e))?;
    let theirs: Vec<String> = zhitong_store::file::reg_nos(backup, ledger.key())
        .map_err(|e| SafetyError::store(backup, e))?;
    let mine: HashSet<&String> = current.iter().collect();
    let other: HashSet<&String> = theirs.iter().collect();
    Ok(RestorePreview {
        current: LedgerSummary {
            path: path.to_path_buf(),
            size,
            cases: f.cases,
            last_change: f.last_change,
            schema_version: f.schema_version,
        },
        only_in_current: current
            .iter()
            .filter(|r| !other.contains(r))
            .cloned()
            .collect(),
        only_in_backup: theirs
            .iter()
            .filter(|r| !mine.contains(r))
            .cloned()
            .collect(),
        backup: info,
    })
}

/// Replaces the ledger's content with `backup`, after verifying it and saving the current
/// ledger as a safety copy. `ledger` is reopened in place (migrated if the backup came
/// from an older schema); on any error before the copy it is left untouched. Only an
/// administrator restores (`admin` comes from `Ledger::require_admin`).
pub fn restore(
    ledger: &mut Ledger,
    backup: &Path,
    now: Instant,
    admin: &zhitong_store::Admin,
) -> Result<RestoreReport> {
    let path = ledger.path().ok_or(SafetyError::NoDataDir)?.to_path_buf();
    let key = ledger.key().cloned();
    let restored_from = usable(backup, key.as_ref())?;
    let safety_copy = snapshot(
        Source::Ledger(ledger),
        &backups_dir(&path),
        BackupKind::BeforeRestore,
        now,
    )?;
    copy_into(backup, &path, key.as_ref())?;
    *ledger = open_checked(&path, key.as_ref(), now)?;
    let cases_now = ledger
        .file_facts()
        .map_err(|e| SafetyError::store(&path, e))?
        .cases;
    tracing::warn!(from = %backup.display(), safety = %safety_copy.path.display(), by = %admin.operator().name, "ledger restored from backup");
    Ok(RestoreReport {
        restored_from,
        safety_copy,
        cases_now,
    })
}

/// Copies `src` over the database at `dst` with the backup API (one transaction) and
/// checks the result.
fn copy_into(src: &Path, dst: &Path, key: Option<&Key>) -> Result<()> {
    let problem =
        zhitong_store::file::copy_database(src, dst, key).map_err(|e| match e.trouble() {
            zhitong_store::file::Trouble::Busy => SafetyError::Locked {
                path: dst.to_path_buf(),
                detail: "恢复时无法取得写锁".into(),
            },
            _ => SafetyError::store(dst, e),
        })?;
    if let Some(p) = problem {
        return Err(SafetyError::Damaged {
            path: dst.to_path_buf(),
            detail: format!("恢复后完整性检查未通过：{p}"),
            newest_good: None,
        });
    }
    Ok(())
}

/// For a ledger that cannot be opened (damaged or missing): moves whatever is at
/// `ledger_path` aside as `<name>-damaged-YYYYMMDD-HHMMSS.db` (with its -wal/-shm),
/// puts a copy of the verified `backup` in its place and opens it with the start-up
/// checks (and `key`, when the backup is encrypted). Nothing is deleted.
pub fn recover(
    ledger_path: &Path,
    backup: &Path,
    key: Option<&Key>,
    now: Instant,
) -> Result<Ledger> {
    usable(backup, key)?;
    let stamp = now
        .with_timezone(&zhitong_domain::china())
        .format("%Y%m%d-%H%M%S");
    let stem = ledger_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ledger".into());
    let aside = ledger_path.with_file_name(format!("{stem}-damaged-{stamp}.db"));
    for (from, to) in [
        (ledger_path.to_path_buf(), aside.clone()),
        (
            with_suffix(ledger_path, "-wal"),
            with_suffix(&aside, "-wal"),
        ),
        (
            with_suffix(ledger_path, "-shm"),
            with_suffix(&aside, "-shm"),
        ),
    ] {
        if from.exists() {
            fs::rename(&from, &to).map_err(|e| SafetyError::io(&from, e))?;
        }
    }
    if let Some(dir) = ledger_path.parent() {
        fs::create_dir_all(dir).map_err(|e| SafetyError::io(dir, e))?;
    }
    let partial = with_suffix(ledger_path, ".partial");
    fs::copy(backup, &partial).map_err(|e| SafetyError::io(&partial, e))?;
    sync_file(&partial)?;
    fs::rename(&partial, ledger_path).map_err(|e| SafetyError::io(ledger_path, e))?;
    if let Some(dir) = ledger_path.parent() {
        sync_dir(dir);
    }
    tracing::warn!(from = %backup.display(), aside = %aside.display(), "ledger recovered from backup");
    open_checked(ledger_path, key, now)
}

fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
