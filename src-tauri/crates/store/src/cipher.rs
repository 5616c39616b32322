//! Encryption of the ledger at rest (SQLCipher, AES-256 with a per-file random salt and
//! PBKDF2-HMAC-SHA512 key derivation from the administrator's passphrase). Guarantees:
//! every connection to a ledger or backup file goes through [`connect`], which keys an
//! encrypted file with the [`Key`] its caller holds and refuses it with
//! [`StoreError::Locked`] or [`StoreError::WrongKey`] otherwise. No key is kept in a
//! static: the open [`crate::Ledger`] holds the one it was opened with, and the shell's
//! state holds the one the administrator typed; copies of an encrypted ledger (backups,
//! restore targets) are encrypted with the same key, so it never leaves plaintext
//! copies behind. Converting a ledger ([`encrypt_file`]) writes a verified
//! encrypted copy first and replaces the original only when the copy holds the same
//! cases; the passphrase itself is never written anywhere.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::{Result, StoreError};

/// Shortest passphrase accepted for a new key.
pub const PASSPHRASE_MIN: usize = 8;

/// A ledger passphrase. Its `Debug` output is redacted so it cannot end up in logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Key(String);

impl Key {
    /// A key for opening an existing encrypted ledger (any non-empty passphrase).
    pub fn new(passphrase: &str) -> Result<Key> {
        if passphrase.is_empty() {
            return Err(StoreError::Locked);
        }
        Ok(Key(passphrase.to_string()))
    }

    /// A key for encrypting a ledger: at least [`PASSPHRASE_MIN`] characters, no
    /// control characters.
    pub fn new_passphrase(passphrase: &str) -> Result<Key> {
        let n = passphrase.chars().count();
        if n < PASSPHRASE_MIN {
            return Err(zhitong_domain::DomainError::invalid(
                "passphrase",
                format!("台账密码至少 {PASSPHRASE_MIN} 个字符，现在是 {n} 个"),
            )
            .into());
        }
        if passphrase.chars().any(char::is_control) {
            return Err(zhitong_domain::DomainError::invalid(
                "passphrase",
                "台账密码不能包含不可见字符",
            )
            .into());
        }
        Ok(Key(passphrase.to_string()))
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(***)")
    }
}

/// Whether the file at `path` is an encrypted ledger. An encrypted file starts with its
/// 16-byte random salt instead of SQLite's plaintext header and is whole pages long; a
/// damaged plaintext file (zeroed or truncated header, cut short) does not look like
/// that, so it is reported as damaged and offered a restore, not asked for a passphrase.
pub fn is_encrypted(path: &Path) -> bool {
    use std::io::Read;
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = [0u8; 16];
    if len < 1024 || len % 512 != 0 || f.read_exact(&mut head).is_err() {
        return false;
    }
    looks_like_salt(&head)
}

/// Not SQLite's header, and as varied as random bytes (16 random bytes practically
/// never have fewer than 8 distinct values; a zeroed or patterned header does).
fn looks_like_salt(head: &[u8; 16]) -> bool {
    let distinct = head.iter().collect::<std::collections::BTreeSet<_>>().len();
    head != b"SQLite format 3\0" && distinct >= 8
}

/// Opens a connection to a ledger or backup file. An encrypted file is keyed with `key`
/// (checked on the first read), and refused as locked without one; a plaintext or new file opens as
/// it is — a ledger becomes encrypted only through [`encrypt_file`], and copies of an
/// encrypted ledger (`VACUUM INTO`, [`connect_like`]) are encrypted with its key.
pub fn connect(path: &Path, flags: OpenFlags, key: Option<&Key>) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    if is_encrypted(path) {
        key_or_locked(&conn, key)?;
    }
    Ok(conn)
}

/// Opens `path` (usually a new file) keyed like `template`: encrypted with `key` when
/// `template` is encrypted — for copies made with SQLite's backup API,
/// which SQLCipher allows only between files with the same key.
pub fn connect_like(
    path: &Path,
    template: &Path,
    flags: OpenFlags,
    key: Option<&Key>,
) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    if is_encrypted(template) || is_encrypted(path) {
        key_or_locked(&conn, key)?;
    }
    Ok(conn)
}

fn key_or_locked(conn: &Connection, key: Option<&Key>) -> rusqlite::Result<()> {
    match key {
        Some(k) => {
            quiet(conn);
            conn.pragma_update(None, "key", &k.0)
        }
        // Encrypted, but no passphrase: callers map this with `explain`.
        None => Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_AUTH),
            Some(LOCKED.into()),
        )),
    }
}

const LOCKED: &str = "zhitong: ledger is encrypted and locked";

/// SQLCipher logs failed decryptions to stderr; a wrong passphrase is reported to the
/// user as an error instead.
fn quiet(conn: &Connection) {
    let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
}

/// Maps a failure of [`connect`] or of a first read to what the user must do; `keyed`
/// says whether a key was given.
pub fn explain(path: &Path, e: rusqlite::Error, keyed: bool) -> StoreError {
    classify(path, &e, keyed).unwrap_or_else(|| StoreError::Open {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// [`StoreError::Locked`] or [`StoreError::WrongKey`] when `e` is a failure to read an
/// encrypted file without (the right) passphrase; `None` for any other error. `keyed`
/// says whether the failed connection was given a key.
pub fn classify(path: &Path, e: &rusqlite::Error, keyed: bool) -> Option<StoreError> {
    match e {
        rusqlite::Error::SqliteFailure(_, Some(m)) if m == LOCKED => Some(StoreError::Locked),
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::NotADatabase && is_encrypted(path) =>
        {
            Some(if keyed {
                StoreError::WrongKey
            } else {
                StoreError::Locked
            })
        }
        _ => None,
    }
}

/// Checks that `key` opens the encrypted file at `path`.
pub fn verify(path: &Path, key: &Key) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    quiet(&conn);
    conn.pragma_update(None, "key", &key.0)?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|_| ())
    .map_err(|_| StoreError::WrongKey)
}

/// Converts the plaintext ledger (or backup) at `path` into an encrypted one with `key`.
/// The file must not be open elsewhere. The encrypted copy is written beside it,
/// checked (integrity, same tables with the same row counts, same schema version) and
/// only then renamed over the original; on any failure the original is untouched.
pub fn encrypt_file(path: &Path, key: &Key) -> Result<()> {
    if is_encrypted(path) {
        return Err(StoreError::Open {
            path: path.display().to_string(),
            message: "文件已经加密".into(),
        });
    }
    let tmp = sibling(path, "encrypting");
    let _ = std::fs::remove_file(&tmp);
    let result = (|| -> Result<()> {
        // CREATE: ATTACH creates the copy with the main connection's flags.
        let plain = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        // Fold the WAL into the main file so the export sees every committed change.
        plain.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let version: i64 = plain.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        plain.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![tmp.to_string_lossy(), key.0],
        )?;
        plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        plain.execute_batch(&format!("PRAGMA encrypted.user_version = {version};"))?;
        plain.execute("DETACH DATABASE encrypted", [])?;
        let before = counts(&plain)?;
        drop(plain);

        let enc = Connection::open_with_flags(&tmp, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        quiet(&enc);
        enc.pragma_update(None, "key", &key.0)?;
        let ok: String = enc.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        let after = counts(&enc)?;
        let v2: i64 = enc.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if ok != "ok" || after != before || v2 != version {
            return Err(StoreError::Corrupt(format!(
                "加密后的副本校验不一致（{ok}），原文件未改动"
            )));
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).map_err(|e| StoreError::Open {
        path: path.display().to_string(),
        message: format!("无法替换为加密文件：{e}"),
    })?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(sibling_raw(path, suffix));
    }
    Ok(())
}

/// Changes the passphrase of the encrypted file at `path` (`PRAGMA rekey`).
pub fn change_key(path: &Path, old: &Key, new: &Key) -> Result<()> {
    verify(path, old)?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    quiet(&conn);
    conn.pragma_update(None, "key", &old.0)?;
    conn.pragma_update(None, "rekey", &new.0)?;
    drop(conn);
    verify(path, new)
}

/// Row counts of every table, to compare a copy with its original.
fn counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = {
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    names
        .into_iter()
        .map(|n| {
            let c: i64 =
                conn.query_row(&format!("SELECT count(*) FROM \"{n}\""), [], |r| r.get(0))?;
            Ok((n, c))
        })
        .collect()
}

fn sibling(path: &Path, what: &str) -> PathBuf {
    sibling_raw(path, &format!(".{what}"))
}

fn sibling_raw(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

impl crate::Ledger {
    /// Records an operation on the ledger file itself (encrypting it, changing its
    /// passphrase) as one audited event, before the file is converted — so the event is
    /// part of the converted ledger. Administrators only.
    pub fn record_file_event(
        &mut self,
        action: &str,
        summary: &str,
        admin: &crate::Admin,
        now: zhitong_domain::Instant,
    ) -> Result<()> {
        self.write(|tx| {
            tx.events()
                .record(None, now, admin.operator(), action, summary, None, None)
        })
    }
}
