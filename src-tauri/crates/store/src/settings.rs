//! Settings persistence: each top-level field of [`Settings`] is one row holding JSON;
//! missing rows take the default. A change is validated as a whole before it is stored.

use serde_json::Value;
use zhitong_domain::{Instant, Settings};

use crate::{Admin, Ledger, Result, StoreError};

/// The settings stored in the ledger, defaults for missing rows.
pub(crate) fn load(conn: &rusqlite::Connection) -> Result<Settings> {
    let mut obj = match serde_json::to_value(Settings::default()) {
        Ok(Value::Object(m)) => m,
        _ => unreachable!("Settings serialises to an object"),
    };
    let mut stmt = conn.prepare("SELECT key, value FROM settings")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (k, v) = row?;
        if obj.contains_key(&k) {
            let v =
                serde_json::from_str(&v).map_err(|_| StoreError::Corrupt(format!("设置项 {k}")))?;
            obj.insert(k, v);
        }
    }
    serde_json::from_value(Value::Object(obj))
        .map_err(|e| StoreError::Corrupt(format!("设置：{e}")))
}

impl Ledger {
    pub fn settings(&self) -> Result<Settings> {
        load(self.conn())
    }

    /// One setting as JSON.
    pub fn setting(&self, key: &str) -> Result<Value> {
        let all = serde_json::to_value(self.settings()?).expect("settings serialise");
        all.get(key).cloned().ok_or_else(|| unknown(key))
    }

    /// Sets one setting (administrator only). `value` is JSON; a bare word is taken as
    /// a string.
    pub fn set_setting(
        &mut self,
        key: &str,
        value: &str,
        admin: &Admin,
        now: Instant,
    ) -> Result<Settings> {
        self.write(|tx| {
            let current = tx.settings()?;
            let mut obj = serde_json::to_value(current).expect("settings serialise");
            let before = obj.get(key).cloned().ok_or_else(|| unknown(key))?;
            let parsed: Value =
                serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string()));
            // A bare string where a list is expected: accept "a、b、c" or "a,b,c".
            let parsed = match (&before, parsed) {
                (Value::Array(_), Value::String(s)) => Value::Array(
                    s.split(['、', ',', '，'])
                        .map(|x| Value::String(x.trim().to_string()))
                        .collect(),
                ),
                (Value::Number(_), Value::String(s)) => {
                    return Err(StoreError::BadSetting {
                        key: key.into(),
                        message: format!("应为数字，收到“{s}”"),
                    })
                }
                (_, v) => v,
            };
            obj[key] = parsed.clone();
            let next: Settings =
                serde_json::from_value(obj).map_err(|e| StoreError::BadSetting {
                    key: key.into(),
                    message: format!("类型不符（{e}），当前值为 {before}"),
                })?;
            next.check()
                .map_err(StoreError::from)
                .and_then(|_| crate::registry::check_approvers(tx, &next))
                .map_err(|e| StoreError::BadSetting {
                    key: key.into(),
                    message: e.to_string(),
                })?;
            put(tx, key, &parsed)?;
            tx.events().record(
                None,
                now,
                admin.operator(),
                "settings.set",
                &format!("修改设置 {key}"),
                Some(before),
                Some(parsed),
            )?;
            Ok(next)
        })
    }

    /// Replaces all settings at once (the settings screen's save; administrator only).
    pub fn save_settings(
        &mut self,
        next: &Settings,
        admin: &Admin,
        now: Instant,
    ) -> Result<Settings> {
        next.check()?;
        self.write(|tx| {
            crate::registry::check_approvers(tx, next)?;
            write_all(tx, next, admin.operator(), now)
        })
    }
}

/// Stores every setting of `next` that differs, with the `settings.save` event
/// (before → after); returns the settings as stored. The caller checked `next`.
pub(crate) fn write_all(
    tx: &crate::Tx,
    next: &Settings,
    op: &crate::Operator,
    now: Instant,
) -> Result<Settings> {
    let after = serde_json::to_value(next).expect("settings serialise");
    let before = serde_json::to_value(tx.settings()?).expect("settings serialise");
    if let Value::Object(m) = &after {
        for (k, v) in m {
            if before.get(k) != Some(v) {
                put(tx, k, v)?;
            }
        }
    }
    tx.events().record(
        None,
        now,
        op,
        "settings.save",
        "保存设置",
        Some(before),
        Some(after),
    )?;
    load(tx)
}

fn unknown(key: &str) -> StoreError {
    let keys = match serde_json::to_value(Settings::default()) {
        Ok(Value::Object(m)) => m.keys().cloned().collect::<Vec<_>>().join("、"),
        _ => String::new(),
    };
    StoreError::UnknownSetting(key.into(), keys)
}

/// Stores one setting's value (as JSON text), inserting or replacing it.
fn put(tx: &crate::Tx, key: &str, value: &Value) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![key, value.to_string()],
    )?;
    Ok(())
}
