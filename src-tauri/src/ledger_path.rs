//! Where the ledger file lives: the same file the `zhitong` CLI opens by default
//! (`ZHITONG_DB` when set, else `~/.local/share/zhitong/ledger.db` on Linux,
//! `%APPDATA%\zhitong\ledger.db` on Windows).

use std::path::PathBuf;

pub fn ledger_path() -> PathBuf {
    zhitong_store::default_path()
}
