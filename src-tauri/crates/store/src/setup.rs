//! The first start of a real ledger (the desktop's guide): the park's settings, its
//! departments and staff and the administrator's PIN, written in one transaction with
//! their audit events and the `ledger.setup` event — or, when the user asks for one, a
//! demo ledger. Guarantees: only a ledger that [`Ledger::needs_setup`] and has no
//! administrator PIN is set up (so the guide cannot be used to take over a ledger);
//! every issue of every step is reported at once, by field (`departments.2.name`), and
//! nothing is written unless all of it is.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::validate::{self, Issues, TextRule};
use zhitong_domain::{DomainError, Instant, Role, Settings};

use crate::registry::{insert_department, name_rule, role_id, DEMO_DEPARTMENTS};
use crate::{auth, settings, ts, Ledger, NewDepartment, NewStaff, Operator, Result};

/// Everything the first-start guide sets up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Setup {
    /// The park's name, numbering and handling policy (and every other setting).
    pub settings: Settings,
    pub departments: Vec<NewDepartment>,
    /// Staff besides the administrator 管理员 the ledger starts with.
    pub staff: Vec<NewStaff>,
    /// The administrator's PIN (asked for before any administrator-only change).
    pub admin_pin: String,
}

/// The administrator account [`Ledger::init_empty`] creates; the guide is run as it.
const ADMIN: &str = "管理员";

impl Ledger {
    /// Sets up a new ledger from the first-start guide: settings, departments, staff,
    /// the administrator's PIN, then the `ledger.setup` event, all in one transaction.
    /// Refused on a ledger that is already set up or protected by a PIN.
    pub fn set_up(&mut self, s: &Setup, now: Instant) -> Result<()> {
        self.check_setup_allowed()?;
        let mut is = Issues::default();
        match s.settings.check() {
            Ok(()) => {}
            Err(DomainError::Invalid(v)) => is.0.extend(v),
            Err(e) => return Err(e.into()),
        }
        let mut names = std::collections::HashSet::new();
        for (i, d) in s.departments.iter().enumerate() {
            let field = format!("departments.{i}.name");
            if let Some(name) = is.check(&field, validate::text(&d.name, name_rule("部门名称")))
            {
                if !names.insert(name.clone()) {
                    is.0.push(zhitong_domain::FieldIssue::new(
                        field,
                        format!("部门“{name}”填写了两次，请删去一个"),
                    ));
                }
            }
            if !d.phone.trim().is_empty() {
                is.check(&format!("departments.{i}.phone"), validate::phone(&d.phone));
            }
        }
        let mut people = std::collections::HashSet::from([ADMIN.to_string()]);
        for (i, p) in s.staff.iter().enumerate() {
            let field = format!("staff.{i}.name");
            if let Some(name) = is.check(&field, validate::text(&p.name, name_rule("姓名"))) {
                if !people.insert(name.clone()) {
                    is.0.push(zhitong_domain::FieldIssue::new(
                        field,
                        format!("人员“{name}”已有，请换一个姓名（同名可加注部门）"),
                    ));
                }
            }
            is.check(
                &format!("staff.{i}.title"),
                validate::text(
                    &p.title,
                    TextRule {
                        required: false,
                        ..name_rule("职务")
                    },
                ),
            );
        }
        let hash = match auth::hash_pin(&s.admin_pin) {
            Ok(h) => Some(h),
            Err(crate::StoreError::Domain(DomainError::Invalid(v))) => {
                is.0.extend(v.into_iter().map(|mut f| {
                    f.field = "admin_pin".into();
                    f
                }));
                None
            }
            Err(e) => return Err(e),
        };
        is.finish()?;
        let hash = hash.expect("validated");
        let op = self.operator(ADMIN)?;
        self.write(|tx| {
            let stored = settings::write_all(tx, &s.settings, &op, now)?;
            for d in &s.departments {
                let name = d.name.trim();
                insert_department(tx, name, d.kind, d.commissioner.trim(), d.phone.trim())?;
                tx.events().record(
                    None,
                    now,
                    &op,
                    "department.add",
                    &format!("新增部门 {name}"),
                    None,
                    serde_json::to_value(d).ok(),
                )?;
            }
            for p in &s.staff {
                let name = p.name.trim();
                tx.execute(
                    "INSERT INTO staff (name, role, title, created_at) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![name, role_id(p.role), p.title.trim(), ts(now)],
                )?;
                tx.events().record(
                    None,
                    now,
                    &op,
                    "staff.add",
                    &format!("新增人员 {name}（{}）", p.role.label()),
                    None,
                    serde_json::to_value(p).ok(),
                )?;
            }
            tx.execute(
                "UPDATE staff SET pin_hash = ?1 WHERE name = ?2",
                rusqlite::params![hash, ADMIN],
            )?;
            tx.events().record(
                None,
                now,
                &op,
                "staff.set_pin",
                &format!("设置人员 {ADMIN} 的 PIN"),
                None,
                None,
            )?;
            record_setup(tx, &op, now, &stored, s.departments.len(), s.staff.len())
        })
    }

    /// A demo ledger, for trying the app: the demo park's settings (the defaults), its
    /// departments, a clerk and two leaders, and `cases` synthetic cases
    /// ([`Ledger::fill_demo`]). The administrator has no PIN yet, as in `zhitong demo`.
    /// Returns how many cases were made.
    pub fn set_up_demo(&mut self, cases: usize, now: Instant) -> Result<usize> {
        self.check_setup_allowed()?;
        let op = self.operator(ADMIN)?;
        self.write(|tx| {
            let stored = tx.settings()?.clone();
            for (name, kind) in DEMO_DEPARTMENTS {
                insert_department(tx, name, *kind, "", "")?;
            }
            let staff = [
                ("王敏", Role::Clerk, "登记员"),
                ("李建国", Role::Leader, "分管领导"),
                ("陈志强", Role::Leader, "常务副主任"),
            ];
            for (name, role, title) in &staff {
                tx.execute(
                    "INSERT INTO staff (name, role, title, created_at) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![name, role_id(*role), title, ts(now)],
                )?;
            }
            tx.events().record(
                None,
                now,
                &op,
                "ledger.demo",
                &format!(
                    "演示台账：预置 {} 个部门、{} 名人员",
                    DEMO_DEPARTMENTS.len(),
                    staff.len()
                ),
                None,
                None,
            )?;
            record_setup(tx, &op, now, &stored, DEMO_DEPARTMENTS.len(), staff.len())
        })?;
        self.fill_demo(cases, 1, 2, now)
    }

    fn check_setup_allowed(&self) -> Result<()> {
        if !self.needs_setup()? || self.admin_pin_set()? {
            return Err(DomainError::invalid(
                "setup",
                "这本台账已经完成首次设置；园区、部门和人员请在“设置”中修改",
            )
            .into());
        }
        Ok(())
    }
}

fn record_setup(
    tx: &crate::Tx,
    op: &Operator,
    now: Instant,
    settings: &Settings,
    departments: usize,
    staff: usize,
) -> Result<()> {
    tx.events().record(
        None,
        now,
        op,
        "ledger.setup",
        &format!(
            "完成首次设置：{}，时限规则“{}”，{departments} 个部门，{} 名人员",
            settings.park_name,
            settings.active_policy,
            staff + 1
        ),
        None,
        None,
    )
}
