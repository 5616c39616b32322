//! Chinese names in the order readers expect: by pinyin (CLDR's `zh` collation through
//! ICU4X), not by code point. Guarantees: [`sort_key`] is the one place a sort key is
//! made; byte order of keys is collation order, so SQL sorts by it (`zh_sort_key()`,
//! registered on every connection) or a stored, indexed column of it can; equal keys
//! are only given to equal names.

use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::Result;

static ZH: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    let mut options = CollatorOptions::default();
    // Identical strength: names that collate alike still get distinct, stable keys.
    options.strength = Some(icu_collator::options::Strength::Identical);
    let prefs: CollatorPreferences = icu_locale_core::locale!("zh").into();
    Collator::try_new(prefs, options).expect("compiled zh collation data")
});

/// The sort key of a name: compare keys bytewise to order names by pinyin
/// (安 an < 北 bei < 重庆 chong < 张 zhang), Han before Latin as CLDR's zh has it,
/// equal names equal keys.
pub fn sort_key(name: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(name.len() * 3);
    let Ok(()) = ZH.write_sort_key_to(name, &mut key);
    key
}

/// Gives every enterprise without a stored sort key (those of a ledger made before
/// migration 005) its key. One lookup in `enterprises_sort` when all have one. Not
/// audited: the key is derived from the name (a cache of the collation, like the FTS
/// index), so filling it changes no fact a user recorded.
pub(crate) fn fill_sort_keys(conn: &Connection) -> Result<()> {
    let missing: Vec<(i64, String)> = conn
        .prepare("SELECT id, name FROM enterprises WHERE sort_key = x''")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if missing.is_empty() {
        return Ok(());
    }
    let tx = conn.unchecked_transaction()?;
    {
        let mut set = tx.prepare("UPDATE enterprises SET sort_key = ?1 WHERE id = ?2")?;
        for (id, name) in &missing {
            set.execute(rusqlite::params![sort_key(name), id])?;
        }
    }
    tx.commit()?;
    tracing::info!(enterprises = missing.len(), "pinyin sort keys filled");
    Ok(())
}

/// Registers `zh_sort_key(text)` (a BLOB) on a connection. Called by `Ledger::setup`.
pub(crate) fn attach(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "zh_sort_key",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let s: Option<String> = ctx.get(0)?;
            Ok(sort_key(s.as_deref().unwrap_or("")))
        },
    )?;
    Ok(())
}
