//! Backups (备份): consistent online copies of the ledger taken with `VACUUM INTO` (a
//! single read transaction, so a copy is never half of a write), written under a
//! temporary name, verified with `PRAGMA integrity_check`, synced and only then renamed
//! to `zhitong-YYYYMMDD-HHMMSS[-kind].db`; the temporary files of a copy cut off more
//! than an hour ago (power cut, killed process) are removed by the next backup.
//! Automatic backups in `<data dir>/backups/` are rotated: the newest of each of the 7
//! most recent days, 4 most recent ISO weeks and 12 most recent months that have a
//! backup are kept (days without use don't push good backups out). Safety copies
//! (before restore / before upgrade) keep their newest [`SAFETY_KEEP`] each; manual
//! backups are never deleted.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;
use ts_rs::TS;
use zhitong_domain::Instant;
use zhitong_store::cipher::Key;
use zhitong_store::Ledger;

use crate::{Result, SafetyError};

/// Kept counts of the rotation.
pub const KEEP_DAILY: usize = 7;
pub const KEEP_WEEKLY: usize = 4;
pub const KEEP_MONTHLY: usize = 12;
/// Safety copies kept per kind.
pub const SAFETY_KEEP: usize = 10;

const PREFIX: &str = "zhitong-";
const STAMP: &str = "%Y%m%d-%H%M%S";

/// Why a backup was taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupKind {
    /// Daily automatic backup (`backup_if_due`); rotated.
    Auto,
    /// Asked for by a person; never deleted by rotation.
    Manual,
    /// The ledger as it was just before a restore replaced it.
    BeforeRestore,
    /// The ledger as it was just before a schema upgrade.
    BeforeUpgrade,
}

impl BackupKind {
    fn suffix(self) -> &'static str {
        match self {
            BackupKind::Auto => "",
            BackupKind::Manual => "-manual",
            BackupKind::BeforeRestore => "-before-restore",
            BackupKind::BeforeUpgrade => "-before-upgrade",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BackupKind::Auto => "自动备份",
            BackupKind::Manual => "手动备份",
            BackupKind::BeforeRestore => "恢复前的安全副本",
            BackupKind::BeforeUpgrade => "升级前的安全副本",
        }
    }

    const ALL: [BackupKind; 4] = [
        BackupKind::Manual,
        BackupKind::BeforeRestore,
        BackupKind::BeforeUpgrade,
        BackupKind::Auto,
    ];
}

/// Why the rotation keeps an automatic backup: the first rule that claims it (one of the
/// newest [`KEEP_DAILY`] days, else [`KEEP_WEEKLY`] weeks, else [`KEEP_MONTHLY`] months).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RotationTier {
    Daily,
    Weekly,
    Monthly,
}

impl RotationTier {
    pub fn label(self) -> &'static str {
        match self {
            RotationTier::Daily => "每日",
            RotationTier::Weekly => "每周",
            RotationTier::Monthly => "每月",
        }
    }
}

/// One backup file, as listed on the backup screen and by `zhitong backups`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    #[ts(type = "string")]
    pub path: PathBuf,
    pub file_name: String,
    pub kind: BackupKind,
    /// For automatic backups listed by [`list_backups`]: the rotation rule that keeps
    /// it (daily / weekly / monthly); `None` for other kinds and single files.
    pub tier: Option<RotationTier>,
    /// Local (+08:00) time the backup was taken, from its name.
    #[ts(type = "string | null")]
    pub taken_at: Option<NaiveDateTime>,
    #[ts(type = "number")]
    pub size: u64,
    pub cases: i64,
    /// Time of the newest audit event in the copy (its last change), as stored.
    pub last_change: Option<String>,
    /// Id of the newest audit event: equal ids mean equal content.
    pub last_event_id: i64,
    pub schema_version: i64,
    /// `None` when `PRAGMA integrity_check` passed; otherwise what is wrong.
    pub problem: Option<String>,
}

impl BackupInfo {
    pub fn is_good(&self) -> bool {
        self.problem.is_none()
    }

    /// `2025-03-01 08:30`, or the file name when the name carries no time.
    pub fn taken_label(&self) -> String {
        self.taken_at
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| self.file_name.clone())
    }
}

/// `<folder of the ledger>/backups`.
pub fn backups_dir(ledger_path: &Path) -> PathBuf {
    ledger_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

fn ledger_backups_dir(ledger: &Ledger) -> Result<PathBuf> {
    ledger.path().map(backups_dir).ok_or(SafetyError::NoDataDir)
}

/// Parses `zhitong-YYYYMMDD-HHMMSS[-n][-kind].db`.
pub(crate) fn parse_name(name: &str) -> Option<(NaiveDateTime, BackupKind)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(".db")?;
    let stamp = rest.get(..15)?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    let mut tail = &rest[15..];
    // An optional `-2`, `-3`… when two backups fall in the same second.
    if let Some(t) = tail.strip_prefix('-') {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            tail = &t[digits..];
        }
    }
    let kind = BackupKind::ALL.into_iter().find(|k| k.suffix() == tail)?;
    Some((at, kind))
}

fn local(now: Instant) -> NaiveDateTime {
    now.with_timezone(&zhitong_domain::china()).naive_local()
}

/// Backup files in `dir` by name only (no verification), newest first.
pub(crate) fn named_backups(dir: &Path) -> Result<Vec<(PathBuf, NaiveDateTime, BackupKind)>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(SafetyError::io(dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| SafetyError::io(dir, e))?;
        let name = entry.file_name();
        if let Some((at, kind)) = name.to_str().and_then(parse_name) {
            out.push((entry.path(), at, kind));
        }
    }
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    Ok(out)
}

/// Whether `dir` holds at least one backup file (by name).
pub(crate) fn count_backups(dir: &Path) -> Result<usize> {
    Ok(named_backups(dir)?.len())
}

/// Every backup in `dir`, newest first, each opened read-only and checked with
/// `PRAGMA integrity_check` (with the ledger's `key` when they are encrypted). A damaged
/// file is listed with its problem, not skipped.
pub fn list_backups(dir: &Path, key: Option<&Key>) -> Result<Vec<BackupInfo>> {
    let named = named_backups(dir)?;
    let auto: Vec<usize> = (0..named.len())
        .filter(|i| named[*i].2 == BackupKind::Auto)
        .collect();
    let times: Vec<NaiveDateTime> = auto.iter().map(|i| named[*i].1).collect();
    let tiers = plan_tiers(&times);
    let mut out = Vec::with_capacity(named.len());
    for (i, (path, _, _)) in named.iter().enumerate() {
        let mut info = verify_backup(path, key)?;
        if let Some(k) = auto.iter().position(|a| *a == i) {
            // An automatic backup the rotation would drop next time (an older copy of
            // the same day) still counts as a daily one until then.
            info.tier = Some(tiers.get(&k).copied().unwrap_or(RotationTier::Daily));
        }
        out.push(info);
    }
    Ok(out)
}

/// The newest backup in `dir` that passes verification.
pub(crate) fn newest_good(dir: &Path, key: Option<&Key>) -> Option<Box<BackupInfo>> {
    named_backups(dir)
        .ok()?
        .into_iter()
        .map(|(path, _, _)| verify_backup(&path, key))
        .find_map(|b| b.ok().filter(BackupInfo::is_good))
        .map(Box::new)
}

/// Opens a backup file read-only (with `key` when it is encrypted) and checks it:
/// integrity, and that it is a ledger. Returns its facts with `problem` set when it
/// fails; `Err` only when the file cannot be read at all.
pub fn verify_backup(path: &Path, key: Option<&Key>) -> Result<BackupInfo> {
    let meta = fs::metadata(path).map_err(|e| SafetyError::io(path, e))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (taken_at, kind) = match parse_name(&file_name) {
        Some((at, kind)) => (Some(at), kind),
        None => (None, BackupKind::Manual),
    };
    let mut info = BackupInfo {
        path: path.to_path_buf(),
        file_name,
        kind,
        tier: None,
        taken_at,
        size: meta.len(),
        cases: 0,
        last_change: None,
        last_event_id: 0,
        schema_version: 0,
        problem: None,
    };
    let inspected = zhitong_store::file::inspect(path, key).map_err(SafetyError::Store)?;
    if let Some(f) = inspected.facts {
        info.cases = f.cases;
        info.last_change = f.last_change;
        info.last_event_id = f.last_event_id;
        info.schema_version = f.schema_version;
    }
    info.problem = inspected.problem;
    if info.problem.is_none() && info.schema_version > zhitong_store::schema_version() as i64 {
        info.problem = Some(format!(
            "由更新版本的程序创建（结构版本 {}），本程序无法使用",
            info.schema_version
        ));
    }
    Ok(info)
}

/// Copies `ledger` into `dir` as a verified backup of `kind`, named after `now`. The
/// copy is consistent (one read transaction), in rollback-journal mode (a single
/// self-contained file), passes the full integrity check and is synced to disk before
/// it gets its final name.
pub(crate) fn snapshot(
    source: Source<'_>,
    dir: &Path,
    kind: BackupKind,
    now: Instant,
) -> Result<BackupInfo> {
    fs::create_dir_all(dir).map_err(|e| SafetyError::io(dir, e))?;
    let stamp = local(now).format(STAMP).to_string();
    let mut final_path = dir.join(format!("{PREFIX}{stamp}{}.db", kind.suffix()));
    let mut n = 2;
    while final_path.exists() {
        final_path = dir.join(format!("{PREFIX}{stamp}-{n}{}.db", kind.suffix()));
        n += 1;
    }
    remove_stale_partials(dir, local(now));
    let partial = final_path.with_extension("db.partial");
    let _ = fs::remove_file(&partial);
    let result = write_verified(source, &partial, &final_path);
    if result.is_err() {
        let _ = fs::remove_file(&partial);
        let _ = fs::remove_file(partial.with_extension("partial-journal"));
    }
    result?;
    let info = verify_backup(&final_path, source.key())?;
    tracing::info!(file = %final_path.display(), cases = info.cases, size = info.size, "backup taken");
    Ok(info)
}

/// A copy still being written may be this old; a `.partial` file older than this is a
/// leftover of a backup cut off by a power cut or a killed process.
const PARTIAL_STALE_AFTER: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// Removes the temporary files of backups that never finished (named after a time more
/// than [`PARTIAL_STALE_AFTER`] before `now`). Each can be as large as the ledger, and
/// nothing else would ever delete it. A backup another process is writing right now has
/// a recent name and is left alone.
fn remove_stale_partials(dir: &Path, now: NaiveDateTime) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(db) = name
            .strip_suffix(".partial")
            .or_else(|| name.strip_suffix(".partial-journal"))
        else {
            continue;
        };
        let Some((at, _)) = parse_name(db) else {
            continue;
        };
        if at + PARTIAL_STALE_AFTER < now {
            match fs::remove_file(entry.path()) {
                Ok(()) => tracing::info!(file = name, "removed an unfinished backup"),
                Err(e) => {
                    tracing::warn!(file = name, error = %e, "could not remove an unfinished backup")
                }
            }
        }
    }
}

/// What a backup copies: the open ledger, or a ledger file not yet opened (before an
/// upgrade migrates it).
#[derive(Clone, Copy)]
pub(crate) enum Source<'a> {
    Ledger(&'a Ledger),
    /// The file and the passphrase it is encrypted with, if it is.
    File(&'a Path, Option<&'a Key>),
}

impl<'a> Source<'a> {
    /// The passphrase the source (and so the copy) is encrypted with.
    pub(crate) fn key(self) -> Option<&'a Key> {
        match self {
            Source::Ledger(l) => l.key(),
            Source::File(_, k) => k,
        }
    }
}

fn write_verified(source: Source<'_>, partial: &Path, final_path: &Path) -> Result<()> {
    let problem = match source {
        Source::Ledger(l) => l.copy_to(partial),
        Source::File(p, k) => zhitong_store::file::copy_file_to(p, partial, k),
    }
    .map_err(|e| SafetyError::store(partial, e))?;
    if let Some(p) = problem {
        return Err(SafetyError::BadBackup {
            path: final_path.to_path_buf(),
            detail: format!("刚写出的备份完整性检查未通过：{p}"),
        });
    }
    sync_file(partial)?;
    fs::rename(partial, final_path).map_err(|e| SafetyError::io(final_path, e))?;
    if let Some(dir) = final_path.parent() {
        sync_dir(dir);
    }
    Ok(())
}

pub(crate) fn sync_file(path: &Path) -> Result<()> {
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| SafetyError::io(path, e))
}

/// Makes a rename durable on Unix; a no-op where directories cannot be opened.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Takes a backup of `kind` into `<data dir>/backups/` now, then rotates.
pub fn backup_now(ledger: &Ledger, kind: BackupKind, now: Instant) -> Result<BackupInfo> {
    let dir = ledger_backups_dir(ledger)?;
    let info = snapshot(Source::Ledger(ledger), &dir, kind, now)?;
    rotate(&dir)?;
    Ok(info)
}

/// A manual backup into a folder the person chose (a USB stick); not rotated.
pub fn backup_to_dir(ledger: &Ledger, dir: &Path, now: Instant) -> Result<BackupInfo> {
    snapshot(Source::Ledger(ledger), dir, BackupKind::Manual, now)
}

/// The daily backup the shell asks for on exit: taken when there is no automatic backup
/// of today's date yet, or when the ledger changed since the newest one. Returns the
/// backup taken, or `None` when the newest is current. Rotates after.
pub fn backup_if_due(ledger: &Ledger, now: Instant) -> Result<Option<BackupInfo>> {
    let dir = ledger_backups_dir(ledger)?;
    let current = ledger
        .file_facts()
        .map_err(|e| SafetyError::store(&dir, e))?;
    daily(Source::Ledger(ledger), &dir, current, now)
}

/// [`backup_if_due`] for the ledger file at `path`, on connections of its own: the
/// desktop takes the start-of-day backup on a background thread after the window has
/// painted, while the window goes on using (and writing) the open ledger — SQLite's WAL
/// gives the copy one consistent snapshot.
pub fn backup_file_if_due(
    path: &Path,
    key: Option<&Key>,
    now: Instant,
) -> Result<Option<BackupInfo>> {
    let dir = backups_dir(path);
    let current =
        zhitong_store::file::facts_of(path, key).map_err(|e| SafetyError::store(path, e))?;
    daily(Source::File(path, key), &dir, current, now)
}

fn daily(
    source: Source<'_>,
    dir: &Path,
    current: zhitong_store::file::FileFacts,
    now: Instant,
) -> Result<Option<BackupInfo>> {
    let today = local(now).date();
    let newest_today = named_backups(dir)?
        .into_iter()
        .find(|(_, at, kind)| *kind == BackupKind::Auto && at.date() == today);
    if let Some((path, _, _)) = newest_today {
        let same = verify_backup(&path, source.key())
            .map(|b| b.is_good() && b.last_event_id == current.last_event_id)
            .unwrap_or(false);
        if same {
            return Ok(None);
        }
    }
    let info = snapshot(source, dir, BackupKind::Auto, now)?;
    rotate(dir)?;
    Ok(Some(info))
}

/// Which of the automatic backups taken at `times` the rotation keeps (indices into
/// `times`): the newest of each of the [`KEEP_DAILY`] most recent dates, the
/// [`KEEP_WEEKLY`] most recent ISO weeks and the [`KEEP_MONTHLY`] most recent months
/// that have a backup.
pub fn plan_rotation(times: &[NaiveDateTime]) -> HashSet<usize> {
    plan_tiers(times).into_keys().collect()
}

/// The rotation plan with reasons: index into `times` → the first rule that keeps it
/// (daily before weekly before monthly). Indices absent from the map are not kept.
pub fn plan_tiers(times: &[NaiveDateTime]) -> HashMap<usize, RotationTier> {
    let mut order: Vec<usize> = (0..times.len()).collect();
    order.sort_by(|a, b| times[*b].cmp(&times[*a]).then(b.cmp(a)));
    let mut keep = HashMap::new();
    let mut bucket = |key: &dyn Fn(NaiveDateTime) -> (i32, u32), limit: usize, tier| {
        let mut seen: Vec<(i32, u32)> = Vec::new();
        for &i in &order {
            let k = key(times[i]);
            if seen.contains(&k) {
                continue;
            }
            if seen.len() == limit {
                break;
            }
            seen.push(k);
            keep.entry(i).or_insert(tier);
        }
    };
    bucket(
        &|t| (t.year(), t.ordinal()),
        KEEP_DAILY,
        RotationTier::Daily,
    );
    bucket(
        &|t| (t.iso_week().year(), t.iso_week().week()),
        KEEP_WEEKLY,
        RotationTier::Weekly,
    );
    bucket(
        &|t| (t.year(), t.month()),
        KEEP_MONTHLY,
        RotationTier::Monthly,
    );
    keep
}

/// Deletes the automatic backups the rotation does not keep and the safety copies
/// beyond the newest [`SAFETY_KEEP`] of each kind. Returns the deleted files.
pub fn rotate(dir: &Path) -> Result<Vec<PathBuf>> {
    let all = named_backups(dir)?;
    let auto: Vec<&(PathBuf, NaiveDateTime, BackupKind)> =
        all.iter().filter(|b| b.2 == BackupKind::Auto).collect();
    let times: Vec<NaiveDateTime> = auto.iter().map(|b| b.1).collect();
    let keep = plan_rotation(&times);
    let mut doomed: Vec<PathBuf> = auto
        .iter()
        .enumerate()
        .filter(|(i, _)| !keep.contains(i))
        .map(|(_, b)| b.0.clone())
        .collect();
    for kind in [BackupKind::BeforeRestore, BackupKind::BeforeUpgrade] {
        doomed.extend(
            all.iter()
                .filter(|b| b.2 == kind)
                .skip(SAFETY_KEEP)
                .map(|b| b.0.clone()),
        );
    }
    for p in &doomed {
        fs::remove_file(p).map_err(|e| SafetyError::io(p, e))?;
        tracing::info!(file = %p.display(), "old backup removed by rotation");
    }
    Ok(doomed)
}
