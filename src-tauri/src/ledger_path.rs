//! Where the ledger file lives. Guarantees: `ZHITONG_DB` wins when set and non-empty;
//! otherwise the per-user data folder (`~/.local/share/zhitong/ledger.db` on Linux,
//! `%APPDATA%\zhitong\ledger.db` on Windows).

use std::path::PathBuf;

pub fn ledger_path() -> PathBuf {
    if let Some(p) = std::env::var_os("ZHITONG_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("zhitong")
        .join("ledger.db")
}
