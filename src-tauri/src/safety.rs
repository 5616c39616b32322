//! The data-safety commands behind the 数据安全 screen and the problem-report banner:
//! backups (list, take, copy to a chosen folder), restore with its preview, the ledger
//! check, the data and logs folders, panic reports, and PINs. Guarantees: each command is
//! thin — it converts its input, calls one `zhitong_backup` or store function and maps
//! the error to [`ApiError`]; a restore passes the administrator check under the same
//! lock that swaps the ledger ([`AppState::restore_from`]); time comes from the shell's
//! clock.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;
use zhitong_backup::{
    BackupInfo, CheckReport, EncryptReport, PanicReport, RestorePreview, RestoreReport, SafetyError,
};

use crate::error::{ApiError, ApiResult};
use crate::state::{AppState, Login};

type S<'a> = State<'a, AppState>;

/// A data-safety failure as the UI sees it; store errors keep their field issues.
pub fn safety_error(e: SafetyError) -> ApiError {
    match e {
        SafetyError::Store(s) => s.into(),
        e => ApiError::new(e.code(), e.to_string()),
    }
}

/// Where the ledger and its companions live, and the program's version (关于).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export_to = "bindings/")]
pub struct SafetyInfo {
    pub version: String,
    pub ledger_path: String,
    pub data_dir: String,
    pub backups_dir: String,
    pub logs_dir: String,
    /// The ledger file is encrypted (SQLCipher).
    pub encrypted: bool,
}

/// A folder the 数据安全 screen can open in the system's file manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "bindings/")]
pub enum Folder {
    Data,
    Backups,
    Logs,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn safety_info(state: S<'_>) -> ApiResult<SafetyInfo> {
    let ledger = state.ledger_path()?;
    let data = state.data_dir()?;
    Ok(SafetyInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        ledger_path: ledger.display().to_string(),
        data_dir: data.display().to_string(),
        backups_dir: zhitong_backup::backups_dir(&ledger).display().to_string(),
        logs_dir: zhitong_backup::logs_dir(&data).display().to_string(),
        encrypted: zhitong_store::cipher::is_encrypted(&ledger),
    })
}

/// Every backup in the backups folder, newest first, each verified.
#[tauri::command(async, rename_all = "snake_case")]
pub fn backups(state: S<'_>) -> ApiResult<Vec<BackupInfo>> {
    let dir = zhitong_backup::backups_dir(&state.ledger_path()?);
    zhitong_backup::list_backups(&dir, state.key().as_ref()).map_err(safety_error)
}

/// A manual backup into the backups folder now (never removed by rotation).
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_now(state: S<'_>) -> ApiResult<BackupInfo> {
    state
        .with(|l, now| {
            Ok(zhitong_backup::backup_now(
                l,
                zhitong_backup::BackupKind::Manual,
                now,
            ))
        })?
        .map_err(safety_error)
}

/// A verified manual backup into a folder the person chose (a USB stick).
#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_to(state: S<'_>, dir: PathBuf) -> ApiResult<BackupInfo> {
    state
        .with(|l, now| Ok(zhitong_backup::backup_to_dir(l, &dir, now)))?
        .map_err(safety_error)
}

/// What restoring `path` would replace (dates and case counts of both sides).
#[tauri::command(async, rename_all = "snake_case")]
pub fn preview_restore(state: S<'_>, path: PathBuf) -> ApiResult<RestorePreview> {
    state
        .with(|l, _| Ok(zhitong_backup::preview_restore(l, &path)))?
        .map_err(safety_error)
}

/// Replaces the ledger with the backup at `path`; administrators only. The current
/// ledger is saved as a safety copy first.
#[tauri::command(async, rename_all = "snake_case")]
pub fn restore_backup(state: S<'_>, login: Login, path: PathBuf) -> ApiResult<RestoreReport> {
    state.restore_from(&login, &path)
}

/// Opens the encrypted ledger that start-up found locked.
#[tauri::command(async, rename_all = "snake_case")]
pub fn unlock_ledger(state: S<'_>, passphrase: String) -> ApiResult<()> {
    state.unlock(&passphrase)
}

/// Encrypts the ledger and its backups with a new passphrase; administrators only.
#[tauri::command(async, rename_all = "snake_case")]
pub fn encrypt_ledger(state: S<'_>, login: Login, passphrase: String) -> ApiResult<EncryptReport> {
    let key = zhitong_store::cipher::Key::new_passphrase(&passphrase)?;
    state.convert(&login, "加密台账", |l, op, now| {
        zhitong_backup::encrypt_ledger(l, &key, op, now)
    })
}

/// Changes the passphrase of the encrypted ledger and its backups; administrators only.
#[tauri::command(async, rename_all = "snake_case")]
pub fn change_passphrase(
    state: S<'_>,
    login: Login,
    old: String,
    new: String,
) -> ApiResult<EncryptReport> {
    let old = zhitong_store::cipher::Key::new(&old)?;
    let new = zhitong_store::cipher::Key::new_passphrase(&new)?;
    state.convert(&login, "更换台账密码", |l, op, now| {
        zhitong_backup::change_passphrase(l, &old, &new, op, now)
    })
}

/// The integrity and schema check of the ledger file (read-only).
#[tauri::command(async, rename_all = "snake_case")]
pub fn check_ledger(state: S<'_>) -> ApiResult<CheckReport> {
    zhitong_backup::check(&state.ledger_path()?, state.key().as_ref()).map_err(safety_error)
}

/// Opens the data, backups or logs folder in the system's file manager.
#[tauri::command(rename_all = "snake_case")]
pub fn open_folder<R: Runtime>(app: AppHandle<R>, state: S<'_>, folder: Folder) -> ApiResult<()> {
    let data = state.data_dir()?;
    let dir = match folder {
        Folder::Data => data,
        Folder::Backups => zhitong_backup::backups_dir(&state.ledger_path()?),
        Folder::Logs => zhitong_backup::logs_dir(&data),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| ApiError::new("file.write", format!("无法创建 {}：{e}", dir.display())))?;
    crate::commands::open_path(&app, &dir)
}

/// Panic reports written since the last acknowledged one.
#[tauri::command(rename_all = "snake_case")]
pub fn panic_reports(state: S<'_>) -> ApiResult<Vec<PanicReport>> {
    zhitong_backup::unacknowledged_panics(&state.data_dir()?).map_err(safety_error)
}

/// Marks every panic report so far as seen; returns how many were new.
#[tauri::command(rename_all = "snake_case")]
pub fn acknowledge_panics(state: S<'_>) -> ApiResult<usize> {
    zhitong_backup::acknowledge_panics(&state.data_dir()?, state.now()).map_err(safety_error)
}

/// Sets `name`'s PIN to `new_pin` for `login.operator`, who proves who they are with
/// `login.pin`: nothing for their own first PIN, their current PIN to change it, an
/// administrator's PIN for someone else's.
#[tauri::command(async, rename_all = "snake_case")]
pub fn set_pin(state: S<'_>, login: Login, name: String, new_pin: String) -> ApiResult<()> {
    state.acting(&login.operator, |l, op, now| {
        l.change_pin(&name, &new_pin, &op.name, &login.pin, now)
    })
}
