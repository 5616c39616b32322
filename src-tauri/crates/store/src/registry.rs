//! Departments, staff and enterprises: the reference records cases point to. Created
//! and changed with an audit event; never deleted, only deactivated.

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::validate::{self, Issues, TextRule};
use zhitong_domain::{
    ContactInput, Department, DepartmentKind, Enterprise, EnterpriseInput, Instant, NewCase, Role,
    Staff,
};

use crate::{ts, Admin, Ledger, Operator, Result, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewDepartment {
    pub name: String,
    pub kind: DepartmentKind,
    #[serde(default)]
    pub commissioner: String,
    #[serde(default)]
    pub phone: String,
}

/// Who answers for a department: 专员, 分管副职 and 联络员 with their phones (000 五2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct DepartmentContacts {
    pub commissioner: String,
    pub phone: String,
    pub deputy: String,
    pub deputy_phone: String,
    pub liaison: String,
    pub liaison_phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewStaff {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub title: String,
}

/// The demo set of departments a new ledger starts with: the park committee's own
/// offices (部室) and the district bureaus it writes letters to.
pub(crate) const DEMO_DEPARTMENTS: &[(&str, DepartmentKind)] = &[
    ("党政办公室", DepartmentKind::Internal),
    ("经济发展部", DepartmentKind::Internal),
    ("规划建设部", DepartmentKind::Internal),
    ("招商合作部", DepartmentKind::Internal),
    ("安全环保部", DepartmentKind::Internal),
    ("财政金融部", DepartmentKind::Internal),
    ("社会事务部", DepartmentKind::Internal),
    ("企业服务中心", DepartmentKind::Internal),
    ("区发展改革委", DepartmentKind::District),
    ("区经济信息委", DepartmentKind::District),
    ("区规划自然资源局", DepartmentKind::District),
    ("区人力社保局", DepartmentKind::District),
    ("区市场监管局", DepartmentKind::District),
    ("区生态环境局", DepartmentKind::District),
    ("区教委", DepartmentKind::District),
    ("国网区供电公司", DepartmentKind::District),
];

fn kind_id(k: DepartmentKind) -> &'static str {
    match k {
        DepartmentKind::Internal => "internal",
        DepartmentKind::District => "district",
    }
}

pub(crate) fn role_id(r: Role) -> &'static str {
    match r {
        Role::Clerk => "clerk",
        Role::Leader => "leader",
        Role::Admin => "admin",
    }
}

pub(crate) fn name_rule(label: &'static str) -> TextRule {
    TextRule {
        label,
        required: true,
        max_chars: 50,
        multiline: false,
    }
}

impl Ledger {
    /// Seeds a demo or test ledger (the demo departments, an administrator) — does
    /// nothing on a ledger that already has them. Returns whether anything was seeded.
    /// The CLI's `init`/`demo` and the tests use it; the desktop app's first start uses
    /// [`Ledger::init_empty`] and its guide ([`Ledger::set_up`]) instead.
    pub fn init(&mut self, now: Instant) -> Result<bool> {
        self.seed(DEMO_DEPARTMENTS, now)
    }

    /// Seeds a ledger for real use: only the administrator account (管理员, no PIN yet).
    /// The park's settings, departments and staff come from the first-start guide, so no
    /// demo value ends up in a real ledger. Does nothing on a ledger that has staff or
    /// departments.
    pub fn init_empty(&mut self, now: Instant) -> Result<bool> {
        self.seed(&[], now)
    }

    fn seed(&mut self, departments: &[(&str, DepartmentKind)], now: Instant) -> Result<bool> {
        let empty: bool = self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM departments) AND NOT EXISTS (SELECT 1 FROM staff)",
            [],
            |r| r.get(0),
        )?;
        if !empty {
            return Ok(false);
        }
        let op = Operator::system();
        self.write(|tx| {
            for (name, kind) in departments {
                tx.execute(
                    "INSERT INTO departments (name, kind) VALUES (?1, ?2)",
                    params![name, kind_id(*kind)],
                )?;
            }
            tx.execute(
                "INSERT INTO staff (name, role, title, created_at) VALUES ('管理员', 'admin', '系统管理员', ?1)",
                [ts(now)],
            )?;
            let summary = if departments.is_empty() {
                "新建台账：管理员账号".to_string()
            } else {
                format!("新建台账：预置 {} 个部门和管理员账号", departments.len())
            };
            tx.events()
                .record(None, now, &op, "ledger.init", &summary, None, None)
        })?;
        Ok(true)
    }

    /// Whether the first-start guide should run: nothing registered, no department, and
    /// the guide not finished before.
    pub fn needs_setup(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM cases) AND NOT EXISTS (SELECT 1 FROM departments)
                AND NOT EXISTS (SELECT 1 FROM events WHERE action = 'ledger.setup')",
            [],
            |r| r.get(0),
        )?)
    }

    pub fn departments(&self) -> Result<Vec<Department>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, kind, commissioner, phone, active, deputy, deputy_phone, liaison, liaison_phone FROM departments ORDER BY kind, id",
        )?;
        let rows = stmt.query_map([], dept_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn department(&self, name: &str) -> Result<Department> {
        department_by_name(&self.conn, name)
    }

    /// Adds a department (administrator only).
    pub fn add_department(
        &mut self,
        d: &NewDepartment,
        admin: &Admin,
        now: Instant,
    ) -> Result<Department> {
        let op = admin.operator();
        let mut is = Issues::default();
        let name = is.check("name", validate::text(&d.name, name_rule("部门名称")));
        let commissioner = is.check(
            "commissioner",
            validate::text(
                &d.commissioner,
                TextRule {
                    required: false,
                    ..name_rule("企业服务专员")
                },
            ),
        );
        let phone = if d.phone.trim().is_empty() {
            Some(String::new())
        } else {
            is.check("phone", validate::phone(&d.phone))
        };
        is.finish()?;
        let name = name.expect("validated");
        let id = self.write(|tx| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM departments WHERE name = ?1)",
                [&name],
                |r| r.get(0),
            )?;
            if exists {
                return Err(StoreError::Duplicate(format!("部门 {name}")));
            }
            tx.execute(
                "INSERT INTO departments (name, kind, commissioner, phone) VALUES (?1, ?2, ?3, ?4)",
                params![name, kind_id(d.kind), commissioner, phone],
            )?;
            let id = tx.last_insert_rowid();
            tx.events().record(
                None,
                now,
                op,
                "department.add",
                &format!("新增部门 {name}"),
                None,
                serde_json::to_value(d).ok(),
            )?;
            Ok(id)
        })?;
        self.department_by_id(id)
    }

    /// Activates or deactivates a department (it stays on old cases; administrator only).
    pub fn set_department_active(
        &mut self,
        name: &str,
        active: bool,
        admin: &Admin,
        now: Instant,
    ) -> Result<Department> {
        let op = admin.operator();
        let d = self.department(name)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE departments SET active = ?1 WHERE id = ?2",
                params![active, d.id],
            )?;
            tx.events().record(
                None,
                now,
                op,
                "department.active",
                &format!("{}部门 {}", if active { "启用" } else { "停用" }, d.name),
                Some(serde_json::json!({"active": d.active})),
                Some(serde_json::json!({"active": active})),
            )
        })?;
        self.department(name)
    }

    /// Who answers for a department (000 五2, 002 第5条): the 专员, the 分管副职 and the
    /// 联络员, each with a phone (administrator only). Phones are checked as phones.
    pub fn set_department_contacts(
        &mut self,
        name: &str,
        c: &DepartmentContacts,
        admin: &Admin,
        now: Instant,
    ) -> Result<Department> {
        let op = admin.operator();
        let d = self.department(name)?;
        let mut is = Issues::default();
        let line = |label| TextRule {
            label,
            required: false,
            max_chars: 50,
            multiline: false,
        };
        let phone = |is: &mut Issues, field: &str, v: &str| -> Option<String> {
            if v.trim().is_empty() {
                Some(String::new())
            } else {
                is.check(field, validate::phone(v))
            }
        };
        let commissioner = is.check(
            "commissioner",
            validate::text(&c.commissioner, line("专员")),
        );
        let p1 = phone(&mut is, "phone", &c.phone);
        let deputy = is.check("deputy", validate::text(&c.deputy, line("分管副职")));
        let p2 = phone(&mut is, "deputy_phone", &c.deputy_phone);
        let liaison = is.check("liaison", validate::text(&c.liaison, line("联络员")));
        let p3 = phone(&mut is, "liaison_phone", &c.liaison_phone);
        is.finish()?;
        let after = DepartmentContacts {
            commissioner: commissioner.expect("ok"),
            phone: p1.expect("ok"),
            deputy: deputy.expect("ok"),
            deputy_phone: p2.expect("ok"),
            liaison: liaison.expect("ok"),
            liaison_phone: p3.expect("ok"),
        };
        let before = DepartmentContacts {
            commissioner: d.commissioner.clone(),
            phone: d.phone.clone(),
            deputy: d.deputy.clone(),
            deputy_phone: d.deputy_phone.clone(),
            liaison: d.liaison.clone(),
            liaison_phone: d.liaison_phone.clone(),
        };
        self.write(|tx| {
            tx.execute(
                "UPDATE departments SET commissioner = ?1, phone = ?2, deputy = ?3,
                    deputy_phone = ?4, liaison = ?5, liaison_phone = ?6 WHERE id = ?7",
                params![
                    after.commissioner,
                    after.phone,
                    after.deputy,
                    after.deputy_phone,
                    after.liaison,
                    after.liaison_phone,
                    d.id
                ],
            )?;
            let mut shown = d.clone();
            shown.commissioner = after.commissioner.clone();
            shown.phone = after.phone.clone();
            shown.deputy = after.deputy.clone();
            shown.deputy_phone = after.deputy_phone.clone();
            shown.liaison = after.liaison.clone();
            shown.liaison_phone = after.liaison_phone.clone();
            tx.events().record(
                None,
                now,
                op,
                "department.contacts",
                &format!("设置部门 {} 的联系人：{}", d.name, shown.contacts_line()),
                serde_json::to_value(&before).ok(),
                serde_json::to_value(&after).ok(),
            )
        })?;
        self.department(name)
    }

    /// Membership of the 领导小组 and the 企服办 (002 第1–3条; administrator only).
    pub fn set_staff_membership(
        &mut self,
        name: &str,
        leading_group: bool,
        service_office: bool,
        admin: &Admin,
        now: Instant,
    ) -> Result<Staff> {
        let op = admin.operator();
        let s = self
            .staff()?
            .into_iter()
            .find(|s| s.name == name.trim())
            .ok_or_else(|| StoreError::StaffNotFound(name.into()))?;
        self.write(|tx| {
            tx.execute(
                "UPDATE staff SET leading_group = ?1, service_office = ?2 WHERE id = ?3",
                params![leading_group, service_office, s.id],
            )?;
            let yes = |b: bool, what: &str| {
                if b {
                    format!("{what}成员")
                } else {
                    format!("非{what}成员")
                }
            };
            tx.events().record(
                None,
                now,
                op,
                "staff.membership",
                &format!(
                    "{}：{}，{}",
                    s.name,
                    yes(leading_group, "领导小组"),
                    yes(service_office, "企服办")
                ),
                Some(serde_json::json!({"leading_group": s.leading_group, "service_office": s.service_office})),
                Some(serde_json::json!({"leading_group": leading_group, "service_office": service_office})),
            )
        })?;
        self.staff()?
            .into_iter()
            .find(|x| x.id == s.id)
            .ok_or_else(|| StoreError::StaffNotFound(name.into()))
    }

    fn department_by_id(&self, id: i64) -> Result<Department> {
        Ok(self.conn.query_row(
            "SELECT id, name, kind, commissioner, phone, active, deputy, deputy_phone, liaison, liaison_phone FROM departments WHERE id = ?1",
            [id],
            dept_from_row,
        )?)
    }

    pub fn staff(&self) -> Result<Vec<Staff>> {
        all_staff(&self.conn)
    }

    /// The operator for a staff name (active staff only).
    pub fn operator(&self, name: &str) -> Result<Operator> {
        operator(&self.conn, name)
    }

    /// Adds a staff member (administrator only).
    pub fn add_staff(&mut self, s: &NewStaff, admin: &Admin, now: Instant) -> Result<Staff> {
        let op = admin.operator();
        let mut is = Issues::default();
        let name = is.check("name", validate::text(&s.name, name_rule("姓名")));
        let title = is.check(
            "title",
            validate::text(
                &s.title,
                TextRule {
                    required: false,
                    ..name_rule("职务")
                },
            ),
        );
        is.finish()?;
        let name = name.expect("validated");
        self.write(|tx| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM staff WHERE name = ?1)",
                [&name],
                |r| r.get(0),
            )?;
            if exists {
                return Err(StoreError::Duplicate(format!("人员 {name}")));
            }
            tx.execute(
                "INSERT INTO staff (name, role, title, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![name, role_id(s.role), title, ts(now)],
            )?;
            tx.events().record(
                None,
                now,
                op,
                "staff.add",
                &format!("新增人员 {name}（{}）", s.role.label()),
                None,
                serde_json::to_value(s).ok(),
            )
        })?;
        self.staff()?
            .into_iter()
            .find(|x| x.name == name)
            .ok_or_else(|| StoreError::StaffNotFound(name))
    }

    /// Enterprises whose name or credit code contains `text`, most recently active first
    /// (the intake form's autocomplete).
    pub fn find_enterprises(&self, text: &str, limit: usize) -> Result<Vec<Enterprise>> {
        let like = format!("%{}%", text.trim().replace(['%', '_'], ""));
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.name, e.credit_code, e.address FROM enterprises e
             LEFT JOIN cases c ON c.enterprise_id = e.id
             WHERE e.name LIKE ?1 OR e.credit_code LIKE ?1
             GROUP BY e.id ORDER BY MAX(c.received_at) DESC, e.name LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![like, limit as i64], |r| {
            Ok(Enterprise {
                id: r.get(0)?,
                name: r.get(1)?,
                credit_code: r.get(2)?,
                address: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Every staff member, active or not, in the order they were added.
pub(crate) fn all_staff(conn: &rusqlite::Connection) -> Result<Vec<Staff>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, role, title, pin_hash IS NOT NULL, active, leading_group, service_office FROM staff ORDER BY id",
    )?;
    let rows = stmt.query_map([], staff_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The settings' approvers are active leaders (003 第7条: 分管企业服务领导, 常务副主任).
pub(crate) fn check_approvers(
    conn: &rusqlite::Connection,
    s: &zhitong_domain::Settings,
) -> Result<()> {
    let staff = all_staff(conn)?;
    let mut is = Issues::default();
    for (key, label, names) in [
        (
            "approvers_in_charge",
            "分管企业服务领导",
            &s.approvers_in_charge,
        ),
        ("approvers_executive", "常务副主任", &s.approvers_executive),
    ] {
        for n in names {
            let ok = staff
                .iter()
                .any(|p| p.name == n.trim() && p.active && p.role == zhitong_domain::Role::Leader);
            if !ok {
                is.0.push(zhitong_domain::FieldIssue::new(
                    key,
                    format!(
                        "{label}“{}”不是在岗的领导，请先在“人员”中添加为领导",
                        n.trim()
                    ),
                ));
            }
        }
    }
    Ok(is.finish()?)
}

/// The operator for an active staff member's name.
pub(crate) fn operator(conn: &rusqlite::Connection, name: &str) -> Result<Operator> {
    let s = conn
        .query_row(
            "SELECT id, name, role, title, pin_hash IS NOT NULL, active, leading_group, service_office FROM staff WHERE name = ?1 AND active = 1",
            [name.trim()],
            staff_from_row,
        )
        .optional()?
        .ok_or_else(|| StoreError::StaffNotFound(name.into()))?;
    Ok(Operator {
        name: s.name,
        role: s.role,
    })
}

/// Adds a department row (the caller validated the name and records the audit event).
pub(crate) fn insert_department(
    tx: &rusqlite::Transaction,
    name: &str,
    kind: DepartmentKind,
    commissioner: &str,
    phone: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO departments (name, kind, commissioner, phone) VALUES (?1, ?2, ?3, ?4)",
        params![name, kind_id(kind), commissioner, phone],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn department_by_name(conn: &rusqlite::Connection, name: &str) -> Result<Department> {
    conn.query_row(
        "SELECT id, name, kind, commissioner, phone, active, deputy, deputy_phone, liaison, liaison_phone FROM departments WHERE name = ?1",
        [name.trim()],
        dept_from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::DepartmentNotFound(name.into()))
}

fn dept_from_row(r: &rusqlite::Row) -> rusqlite::Result<Department> {
    let kind: String = r.get(2)?;
    Ok(Department {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: if kind == "district" {
            DepartmentKind::District
        } else {
            DepartmentKind::Internal
        },
        commissioner: r.get(3)?,
        phone: r.get(4)?,
        active: r.get(5)?,
        deputy: r.get(6)?,
        deputy_phone: r.get(7)?,
        liaison: r.get(8)?,
        liaison_phone: r.get(9)?,
    })
}

fn staff_from_row(r: &rusqlite::Row) -> rusqlite::Result<Staff> {
    let role: String = r.get(2)?;
    Ok(Staff {
        id: r.get(0)?,
        name: r.get(1)?,
        role: match role.as_str() {
            "leader" => Role::Leader,
            "admin" => Role::Admin,
            _ => Role::Clerk,
        },
        title: r.get(3)?,
        has_pin: r.get(4)?,
        active: r.get(5)?,
        leading_group: r.get(6)?,
        service_office: r.get(7)?,
    })
}

/// Upserts the enterprise and contact of a validated registration and returns its
/// content as the `cases` columns hold it, in this order: `received_at, channel, nature,
/// category, summary, description, wanted_department, screening_opinion, enterprise_id,
/// contact_id`. Registration, import and the edit of a case write these same ten.
pub(crate) fn content(tx: &Transaction, v: &NewCase, now: Instant) -> Result<Vec<Value>> {
    let enterprise_id = upsert_enterprise(tx, &v.enterprise, now)?;
    let contact_id = upsert_contact(tx, enterprise_id, &v.contact)?;
    let text = |s: &str| Value::Text(s.to_owned());
    Ok(vec![
        Value::Text(ts(v.received_at)),
        text(&v.channel),
        text(&v.nature),
        text(&v.category),
        text(&v.summary),
        text(&v.description),
        text(&v.wanted_department),
        text(&v.screening_opinion),
        Value::Integer(enterprise_id),
        Value::Integer(contact_id),
    ])
}

/// Finds the enterprise by credit code, else by exact name; creates it if new. Fills in
/// a missing code or address on an existing record (audited by the caller's event).
pub(crate) fn upsert_enterprise(
    tx: &Transaction,
    e: &EnterpriseInput,
    now: Instant,
) -> Result<i64> {
    let code = (!e.credit_code.is_empty()).then_some(e.credit_code.as_str());
    let found: Option<(i64, Option<String>, String)> = match code {
        Some(c) => tx
            .query_row(
                "SELECT id, credit_code, address FROM enterprises WHERE credit_code = ?1",
                [c],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
        None => None,
    };
    let found = match found {
        Some(f) => Some(f),
        None => tx
            .query_row(
                "SELECT id, credit_code, address FROM enterprises WHERE name = ?1 AND (credit_code IS NULL OR ?2 IS NULL) ORDER BY id LIMIT 1",
                params![e.name, code],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?,
    };
    match found {
        Some((id, old_code, old_address)) => {
            if old_code.is_none() && code.is_some() {
                tx.execute(
                    "UPDATE enterprises SET credit_code = ?1 WHERE id = ?2",
                    params![code, id],
                )?;
            }
            if !e.address.is_empty() && e.address != old_address {
                tx.execute(
                    "UPDATE enterprises SET address = ?1 WHERE id = ?2",
                    params![e.address, id],
                )?;
            }
            if code.is_some() {
                // A code identifies the enterprise; keep its current name.
                tx.execute(
                    "UPDATE enterprises SET name = ?1, sort_key = ?2 WHERE id = ?3",
                    params![e.name, crate::collate::sort_key(&e.name), id],
                )?;
            }
            Ok(id)
        }
        None => {
            tx.execute(
                "INSERT INTO enterprises (name, sort_key, credit_code, address, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    e.name,
                    crate::collate::sort_key(&e.name),
                    code,
                    e.address,
                    ts(now)
                ],
            )?;
            Ok(tx.last_insert_rowid())
        }
    }
}

/// Reuses the enterprise's contact with the same name and phone, updating title and
/// e-mail; otherwise adds a contact.
pub(crate) fn upsert_contact(
    tx: &Transaction,
    enterprise_id: i64,
    c: &ContactInput,
) -> Result<i64> {
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM contacts WHERE enterprise_id = ?1 AND name = ?2 AND phone = ?3",
            params![enterprise_id, c.name, c.phone],
            |r| r.get(0),
        )
        .optional()?;
    match found {
        Some(id) => {
            tx.execute(
                "UPDATE contacts SET title = CASE WHEN ?1 = '' THEN title ELSE ?1 END,
                                     email = CASE WHEN ?2 = '' THEN email ELSE ?2 END WHERE id = ?3",
                params![c.title, c.email, id],
            )?;
            Ok(id)
        }
        None => {
            tx.execute(
                "INSERT INTO contacts (enterprise_id, name, title, phone, email) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![enterprise_id, c.name, c.title, c.phone, c.email],
            )?;
            Ok(tx.last_insert_rowid())
        }
    }
}
