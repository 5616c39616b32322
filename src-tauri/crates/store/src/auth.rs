//! PINs and the administrator check. A PIN is stored only as an argon2id PHC string
//! with a fresh random salt (never the PIN itself); checking one uses argon2's own
//! verification, which compares in constant time. Setting a PIN is one audited write.
//! Who may set whose PIN ([`Ledger::change_pin`]): anyone their own first PIN; their own
//! existing PIN only with the current one; someone else's only an administrator with
//! theirs.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::OptionalExtension;
use zhitong_domain::{DomainError, Instant, Role};

use crate::sql::Col;
use crate::{Ledger, Operator, Result, StoreError};

/// Shortest and longest PIN accepted.
pub const PIN_MIN: usize = 4;
pub const PIN_MAX: usize = 32;

pub(crate) fn check_pin_shape(pin: &str) -> Result<()> {
    let n = pin.chars().count();
    if !(PIN_MIN..=PIN_MAX).contains(&n) {
        return Err(DomainError::invalid(
            "pin",
            format!("PIN 应为 {PIN_MIN}～{PIN_MAX} 位，现在是 {n} 位"),
        )
        .into());
    }
    if pin.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(DomainError::invalid("pin", "PIN 不能包含空格或不可见字符").into());
    }
    Ok(())
}

/// The salted Argon2 hash a PIN is stored as (after checking its shape).
pub(crate) fn hash_pin(pin: &str) -> Result<String> {
    check_pin_shape(pin)?;
    // 16 random bytes from the thread's CSPRNG (seeded from the OS).
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .map_err(|e| DomainError::invalid("pin", format!("PIN 无法加密保存：{e}")))?;
    Ok(Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| DomainError::invalid("pin", format!("PIN 无法加密保存：{e}")))?
        .to_string())
}

fn wrong_pin() -> StoreError {
    DomainError::invalid("pin", "PIN 不正确，请重新输入").into()
}

impl Ledger {
    /// Sets (or replaces) the PIN of an active staff member. The caller has already
    /// checked that `op` may do so (the person themselves, or an administrator).
    pub fn set_pin(&mut self, name: &str, pin: &str, op: &Operator, now: Instant) -> Result<()> {
        let hash = hash_pin(pin)?;
        let target = self.operator(name)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE staff SET pin_hash = ?1 WHERE name = ?2 AND active = 1",
                rusqlite::params![hash, target.name],
            )?;
            tx.events().record(
                None,
                now,
                op,
                "staff.set_pin",
                &format!("设置人员 {} 的 PIN", target.name),
                None,
                None,
            )
        })
    }

    /// Whether active staff member `name` has a PIN.
    pub fn has_pin(&self, name: &str) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT pin_hash IS NOT NULL FROM staff WHERE name = ?1 AND active = 1",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::StaffNotFound(name.into()))
    }

    /// Sets `target`'s PIN to `new_pin` on behalf of `by`, who proves who they are with
    /// `by_pin`: their own first PIN needs nothing; replacing their own PIN needs the
    /// current one; anyone else's needs `by` to be an administrator with the right PIN
    /// ([`Ledger::require_admin`]). The change is recorded as done by `by`.
    pub fn change_pin(
        &mut self,
        target: &str,
        new_pin: &str,
        by: &str,
        by_pin: &str,
        now: Instant,
    ) -> Result<()> {
        check_pin_shape(new_pin)?;
        let who = self.operator(by)?;
        let target = self.operator(target)?;
        let op = if who.name == target.name {
            if self.has_pin(&who.name)? && !self.verify_pin(&who.name, by_pin)? {
                return Err(DomainError::invalid(
                    "pin",
                    "现在的 PIN 不正确，请输入现在的 PIN 后再修改",
                )
                .into());
            }
            who
        } else {
            self.require_admin(&who.name, by_pin, "设置他人的 PIN")?
                .operator()
                .clone()
        };
        self.set_pin(&target.name, new_pin, &op, now)
    }

    /// Whether `pin` is the PIN of active staff member `name`. `false` when no PIN is set.
    pub fn verify_pin(&self, name: &str, pin: &str) -> Result<bool> {
        let stored: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT pin_hash FROM staff WHERE name = ?1 AND active = 1",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()?;
        let stored = stored.ok_or_else(|| StoreError::StaffNotFound(name.into()))?;
        let Some(stored) = stored else {
            return Ok(false);
        };
        let parsed = PasswordHash::new(&stored)
            .map_err(|_| StoreError::Corrupt(format!("人员 {name} 的 PIN 记录")))?;
        Ok(Argon2::default()
            .verify_password(pin.as_bytes(), &parsed)
            .is_ok())
    }

    /// The check before an administrator-only operation (settings, departments, staff,
    /// the calendar, restore, encryption): `name` must be an active administrator with a
    /// PIN, and `pin` must be that PIN. The [`Admin`] it returns is what those
    /// operations take; nothing else makes one.
    pub fn require_admin(&self, name: &str, pin: &str, action: &str) -> Result<Admin> {
        let op = self.admin_role(name, action)?;
        if !self.has_pin(&op.name)? {
            return Err(DomainError::invalid(
                "pin",
                format!("管理员“{}”尚未设置 PIN，请先设置 PIN 再{action}", op.name),
            )
            .into());
        }
        if !self.verify_pin(&op.name, pin)? {
            return Err(wrong_pin());
        }
        Ok(Admin {
            op,
            unprotected: false,
        })
    }

    /// Whether any administrator of this ledger has set a PIN. Until one has, the
    /// ledger is unprotected and [`Ledger::admin_unprotected`] lets an administrator
    /// through without one (scripts and first use behave as before PINs existed).
    pub fn admin_pin_set(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM staff WHERE role = ?1 AND active = 1
                 AND pin_hash IS NOT NULL)",
            [Col(Role::Admin)],
            |r| r.get(0),
        )?)
    }

    /// The administrator check of a ledger no administrator has protected with a PIN
    /// yet: `name` must still be an administrator. Refused once any administrator PIN
    /// exists (then [`Ledger::require_admin`] applies).
    pub fn admin_unprotected(&self, name: &str, action: &str) -> Result<Admin> {
        let op = self.admin_role(name, action)?;
        if self.admin_pin_set()? {
            return Err(DomainError::invalid(
                "pin",
                format!("{action}需要管理员 PIN，请输入管理员“{}”的 PIN", op.name),
            )
            .into());
        }
        Ok(Admin {
            op,
            unprotected: true,
        })
    }

    /// The role part of the administrator check: `name` must be an active
    /// administrator, or the refusal names `action` and the role it needs.
    pub fn admin_role(&self, name: &str, action: &str) -> Result<Operator> {
        let op = self.operator(name)?;
        if op.role != Role::Admin {
            return Err(DomainError::Forbidden {
                action: action.into(),
                role: Role::Admin.label().into(),
                who: op.name,
            }
            .into());
        }
        Ok(op)
    }
}

/// Proof that the administrator check passed: administrator-only operations take one,
/// and only [`Ledger::require_admin`] / [`Ledger::admin_unprotected`] hand it out.
#[derive(Debug, Clone)]
pub struct Admin {
    op: Operator,
    unprotected: bool,
}

impl Admin {
    /// The administrator, as recorded on the change.
    pub fn operator(&self) -> &Operator {
        &self.op
    }

    /// True when the ledger has no administrator PIN yet (anyone who names an
    /// administrator passes); callers tell the user how to set one.
    pub fn unprotected(&self) -> bool {
        self.unprotected
    }
}
