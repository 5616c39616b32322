//! Encrypting the ledger at rest and changing its passphrase (administrators only).
//! Guarantees: the change is recorded in the ledger's audit trail before the file is
//! converted; the ledger is converted through a verified copy (see
//! `zhitong_store::cipher`), so a failure leaves it as it was; the backups beside it are
//! converted too, so no plaintext (or old-passphrase) copy stays in the backups folder;
//! afterwards the ledger is reopened through the start-up checks with the new key, which
//! it then holds.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;
use zhitong_domain::Instant;
use zhitong_store::cipher::{self, Key};
use zhitong_store::{Admin, Ledger};

use crate::snapshot::{backups_dir, named_backups};
use crate::{open_checked, Result, SafetyError};

/// What an encryption or passphrase change did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EncryptReport {
    /// Backups in the backups folder converted with the ledger.
    pub backups_converted: usize,
    /// Backups that could not be converted (damaged, or another passphrase), by file name.
    pub backups_skipped: Vec<String>,
}

/// Encrypts the plaintext ledger `ledger` (consumed: its connection must close) and its
/// backups with `key`, then reopens it.
pub fn encrypt_ledger(
    mut ledger: Ledger,
    key: &Key,
    op: &Admin,
    now: Instant,
) -> Result<(Ledger, EncryptReport)> {
    let path = ledger.path().ok_or(SafetyError::NoDataDir)?.to_path_buf();
    if cipher::is_encrypted(&path) {
        return Err(SafetyError::Store(
            zhitong_domain::DomainError::invalid(
                "passphrase",
                "台账已经加密；如需更换密码，请使用“更换台账密码”",
            )
            .into(),
        ));
    }
    ledger.record_file_event(
        "ledger.encrypt",
        "加密台账文件及其备份（SQLCipher AES-256）",
        op,
        now,
    )?;
    drop(ledger);
    cipher::encrypt_file(&path, key).map_err(|e| SafetyError::store(&path, e))?;
    let report = convert_backups(&path, |b| {
        if cipher::is_encrypted(b) {
            return Err(());
        }
        cipher::encrypt_file(b, key).map_err(|_| ())
    });
    Ok((open_checked(&path, Some(key), now)?, report))
}

/// Changes the passphrase of the encrypted ledger `ledger` (consumed) and of its backups
/// from `old` to `new`, then reopens it with `new`.
pub fn change_passphrase(
    mut ledger: Ledger,
    old: &Key,
    new: &Key,
    op: &Admin,
    now: Instant,
) -> Result<(Ledger, EncryptReport)> {
    let path = ledger.path().ok_or(SafetyError::NoDataDir)?.to_path_buf();
    if !cipher::is_encrypted(&path) {
        return Err(SafetyError::Store(
            zhitong_domain::DomainError::invalid("passphrase", "台账尚未加密，请先使用“加密台账”")
                .into(),
        ));
    }
    cipher::verify(&path, old).map_err(|e| SafetyError::store(&path, e))?;
    ledger.record_file_event("ledger.rekey", "更换台账文件及其备份的密码", op, now)?;
    drop(ledger);
    cipher::change_key(&path, old, new).map_err(|e| SafetyError::store(&path, e))?;
    let report = convert_backups(&path, |b| cipher::change_key(b, old, new).map_err(|_| ()));
    Ok((open_checked(&path, Some(new), now)?, report))
}

fn convert_backups(
    ledger: &Path,
    mut convert: impl FnMut(&Path) -> Result<(), ()>,
) -> EncryptReport {
    let mut report = EncryptReport {
        backups_converted: 0,
        backups_skipped: Vec::new(),
    };
    for (b, _, _) in named_backups(&backups_dir(ledger)).unwrap_or_default() {
        match convert(&b) {
            Ok(()) => report.backups_converted += 1,
            Err(()) => {
                tracing::warn!(backup = %b.display(), "backup not converted");
                report.backups_skipped.push(
                    b.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                )
            }
        }
    }
    report
}
