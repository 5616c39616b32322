//! `zhitong`: the ledger from the command line — for the park's IT person, scheduled
//! tasks and scripts. Runs over the same library as the desktop app. This binary is a
//! shell: it reads the clock (unless `--at` is given) and passes `now` down. Errors exit
//! with code 2 and a Chinese message; with `--json`, as `{"code", "message", "issues"}`.

mod backup;
mod calendar;
mod case;
mod demo;
mod meeting;
mod out;
mod render;
mod report;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use zhitong_domain::Instant;
use zhitong_store::{Admin, Ledger, Operator};

use crate::out::{Fail, Out};

#[derive(Parser)]
#[command(name = "zhitong", version, about = "企服直通 · 企业诉求台账命令行")]
struct Cli {
    /// Ledger file (default: the per-user ledger the desktop app opens; env ZHITONG_DB).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// Who performs the action (a staff name); default 管理员 or env ZHITONG_OPERATOR.
    #[arg(long = "as", global = true, env = "ZHITONG_OPERATOR")]
    operator: Option<String>,
    /// When it happened / the time to compute for (RFC 3339 or `YYYY-MM-DD HH:MM`); default now.
    #[arg(long, global = true)]
    at: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the ledger (if missing) with default settings and demo departments.
    Init,
    /// Register, show, list cases and perform workflow actions.
    #[command(subcommand)]
    Case(case::CaseCmd),
    /// Meetings (联席会议, 协调推进会, 领导小组会议) and their decisions.
    #[command(subcommand)]
    Meeting(meeting::MeetingCmd),
    /// Departments (部门).
    #[command(subcommand)]
    Dept(DeptCmd),
    /// Staff (人员) and their roles.
    #[command(subcommand)]
    Staff(StaffCmd),
    /// Read or change settings.
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Working-day calendar and deadlines.
    #[command(subcommand)]
    Calendar(calendar::CalendarCmd),
    /// Run the scheduler once: deem unrated replies satisfied, escalate, list what is due.
    Tick,
    /// The overdue board (督办看板).
    Board,
    /// Today's agenda (工作台).
    Agenda,
    /// Fill the ledger with realistic synthetic cases (demos, benchmarks).
    Demo(demo::DemoArgs),
    /// Print a case's document to PDF, or the day's assignment sheets.
    Render(render::RenderArgs),
    /// Period summary (周报/月报/季报/年报): text, JSON (--json), PDF (--pdf) or Excel (--xlsx).
    Report(report::ReportArgs),
    /// Full-text search over case texts, enterprises, contacts, progress notes and numbers.
    Search(report::SearchArgs),
    /// Export the ledger (台账) to Excel or CSV, optionally filtered.
    Export(report::ExportArgs),
    /// Import an existing Excel/CSV ledger (all rows in one transaction).
    Import(report::ImportArgs),
    #[command(flatten)]
    Safety(backup::SafetyCmd),
}

#[derive(Subcommand)]
enum DeptCmd {
    /// Add a department: `dept add 经济发展部 --kind internal`.
    Add {
        name: String,
        /// internal (园区部室) or district (区级部门, reached by letter).
        #[arg(long, default_value = "internal")]
        kind: String,
        #[arg(long, default_value = "")]
        commissioner: String,
        #[arg(long, default_value = "")]
        phone: String,
    },
    List,
    /// Who answers for a department (000 五2): `dept contacts 经济发展部 --commissioner 王建
    /// --phone 023-79429601 --deputy 刘强 --deputy-phone … --liaison 陈丽 --liaison-phone …`.
    /// Options left out keep their value.
    Contacts {
        name: String,
        #[arg(long)]
        commissioner: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        deputy: Option<String>,
        #[arg(long)]
        deputy_phone: Option<String>,
        #[arg(long)]
        liaison: Option<String>,
        #[arg(long)]
        liaison_phone: Option<String>,
    },
    /// Deactivate a department (it stays on old cases).
    Disable {
        name: String,
    },
    Enable {
        name: String,
    },
}

#[derive(Subcommand)]
enum StaffCmd {
    /// Add a staff member: `staff add 李主任 --role leader --title 常务副主任`.
    Add {
        name: String,
        /// clerk (登记员), leader (领导) or admin (管理员).
        #[arg(long)]
        role: String,
        #[arg(long, default_value = "")]
        title: String,
    },
    List,
    /// Membership of the 领导小组 and the 企服办 (002 第1–3条):
    /// `staff member 李主任 --leading-group yes --service-office no`.
    Member {
        name: String,
        /// yes | no (left out: unchanged).
        #[arg(long)]
        leading_group: Option<String>,
        #[arg(long)]
        service_office: Option<String>,
    },
}

#[derive(Subcommand)]
enum SettingsCmd {
    /// Print one setting, or all of them.
    Get { key: Option<String> },
    /// Set one setting; VALUE is JSON or a plain word (lists: a、b、c).
    Set { key: String, value: String },
}

/// What every command gets: the open ledger, the operator, the time.
pub struct Ctx {
    pub ledger: Ledger,
    pub now: Instant,
    pub operator_name: Option<String>,
    pub json: bool,
}

impl Ctx {
    pub fn operator(&self) -> Result<Operator, Fail> {
        let name = self.operator_name.as_deref().unwrap_or("管理员");
        Ok(self.ledger.operator(name)?)
    }

    /// The administrator check before settings, departments, staff and the calendar:
    /// see [`admin`].
    pub fn admin(&self, action: &str) -> Result<Admin, Fail> {
        admin(
            &self.ledger,
            self.operator_name.as_deref().unwrap_or("管理员"),
            action,
        )
    }
}

/// The CLI's administrator check: `name` (`--as`, default 管理员) must be an
/// administrator — a leader or clerk is refused before any PIN is asked. Once any
/// administrator has a PIN, `name`'s PIN is read from `ZHITONG_PIN` (scheduled scripts)
/// or asked at the terminal. A ledger whose administrators have no PIN yet lets the
/// change through as before, and says how to protect it.
pub fn admin(ledger: &Ledger, name: &str, action: &str) -> Result<Admin, Fail> {
    ledger.admin_role(name, action)?;
    if !ledger.admin_pin_set()? {
        let a = ledger.admin_unprotected(name, action)?;
        eprintln!(
            "提示：本台账的管理员尚未设置 PIN，任何人都能以管理员身份{action}。\
             请运行 zhitong pin {name} 设置 PIN"
        );
        return Ok(a);
    }
    let pin = backup::pin_from_env_or_prompt(name, action)?;
    Ok(ledger.require_admin(name, &pin, action)?)
}

/// Parses a time the way clerks type it (see `zhitong_domain::when`): RFC 3339,
/// `YYYY-MM-DD HH:MM[:SS]`, `2026/3/2 9:30`, `2026年3月2日` or a date (midnight), all in
/// China time unless an offset is given.
pub fn parse_time(s: &str) -> Result<Instant, Fail> {
    let t = s.trim();
    zhitong_domain::when::parse(t, chrono::NaiveTime::MIN, None).ok_or_else(|| {
        Fail::usage(format!(
            "时间“{t}”格式不对，应为 2026-03-02T09:30:00+08:00、2026-03-02 09:30 或 2026-03-02"
        ))
    })
}

/// Parses a date the way clerks type it (`2026-06-30`, `2026/6/30`, `2026年6月30日`).
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, Fail> {
    let t = s.trim();
    zhitong_domain::when::parse(t, chrono::NaiveTime::MIN, None)
        .map(|i| i.date_naive())
        .ok_or_else(|| Fail::usage(format!("日期“{t}”格式不对，应为 2026-06-30")))
}

fn run(cli: Cli) -> Result<Out, Fail> {
    let now = match &cli.at {
        Some(s) => parse_time(s)?,
        None => chrono::Local::now().with_timezone(&zhitong_domain::china()),
    };
    let path = cli.db.clone().unwrap_or_else(zhitong_store::default_path);
    // An encrypted ledger opens with the passphrase from ZHITONG_PASSPHRASE (scheduled
    // tasks) or typed at the prompt.
    let key = if zhitong_store::cipher::is_encrypted(&path) {
        Some(backup::current_key()?)
    } else {
        None
    };
    // Data-safety verbs work on a damaged or missing ledger, so they run before opening it.
    if let Command::Safety(c) = cli.command {
        return backup::run(c, &path, key.as_ref(), now, cli.operator.as_deref());
    }
    // Integrity and schema checks first (a backup before any migration); a damaged or
    // vanished ledger is reported with its recovery path, never replaced by an empty one.
    let mut ledger = zhitong_backup::open_checked(&path, key.as_ref(), now)?;
    ledger.init(now)?;
    let mut ctx = Ctx {
        ledger,
        now,
        operator_name: cli.operator.clone(),
        json: cli.json,
    };
    match cli.command {
        Command::Init => Ok(Out::text(
            format!("台账已就绪：{}", path.display()),
            serde_json::json!({"path": path, "schema_version": zhitong_store::schema_version()}),
        )),
        Command::Case(c) => case::run(&mut ctx, c),
        Command::Meeting(c) => meeting::run(&mut ctx, c),
        Command::Dept(c) => dept(&mut ctx, c),
        Command::Staff(c) => staff(&mut ctx, c),
        Command::Settings(c) => settings(&mut ctx, c),
        Command::Calendar(c) => calendar::run(&mut ctx, c),
        Command::Tick => {
            let r = ctx.ledger.tick(now)?;
            let mut t = format!("调度时间 {}\n", now.format("%Y-%m-%d %H:%M"));
            t += &format!("视作满意：{}\n", list_or_none(&r.deemed_satisfied));
            t += &format!("提交领导小组：{}\n", list_or_none(&r.escalated));
            t += &format!(
                "逾期 {} 件，今日应催办 {} 件\n",
                r.overdue.len(),
                r.urge_due.len()
            );
            for i in &r.urge_due {
                t += &format!(
                    "  应催办 {} {} {}（{}）\n",
                    i.reg_no,
                    i.lead.as_deref().unwrap_or(""),
                    i.text,
                    i.enterprise
                );
            }
            for f in &r.failed {
                t += &format!(
                    "  未能处理 {}（{}）：{}，其他案件已照常处理，请运行 zhitong check\n",
                    f.reg_no, f.step, f.message
                );
            }
            Ok(Out::text(t, serde_json::to_value(&r)?))
        }
        Command::Board => {
            let b = ctx.ledger.board(now)?;
            let mut t = format!(
                "督办看板 {}：逾期 {} 件，临期 {} 件，已提交领导小组 {} 件\n",
                now.format("%Y-%m-%d %H:%M"),
                b.overdue,
                b.nearly_due,
                b.escalated
            );
            for g in &b.groups {
                t += &format!("【{}】逾期 {} 件\n", g.department, g.overdue);
                if !g.contacts.is_empty() {
                    t += &format!("  {}\n", g.contacts);
                }
                for i in &g.items {
                    let (no, enterprise, due, urges) = (&i.reg_no, &i.enterprise, &i.text, i.urges);
                    let escalated = if i.escalated {
                        "｜已提交领导小组"
                    } else {
                        ""
                    };
                    t += &format!(
                        "  {no} {enterprise} {due}｜催办{urges}次{escalated}｜{}\n",
                        i.summary
                    );
                    if let Some(d) = &i.decision {
                        t += &format!("    领导小组决定：{d}\n");
                    }
                }
            }
            Ok(Out::text(t, serde_json::to_value(&b)?))
        }
        Command::Agenda => {
            let a = ctx.ledger.agenda(now)?;
            let mut t = String::new();
            if let Some(w) = &a.calendar_warning {
                t += &format!("⚠ {w}\n");
            }
            for (label, items) in [
                ("已逾期", &a.overdue),
                ("今日到期", &a.due_today),
                ("即将到期", &a.due_soon),
                ("今日应催办", &a.urge_due),
                ("待甄别", &a.awaiting_screening),
                ("待交办", &a.awaiting_assignment),
                ("待补充材料", &a.awaiting_material),
                ("待评价", &a.awaiting_evaluation),
                ("不满意待督办", &a.unsatisfied),
                ("已提交领导小组", &a.escalated),
                ("待备案", &a.awaiting_filing),
            ] {
                t += &format!("{label}：{} 件\n", items.len());
                for i in items.iter().take(20) {
                    t += &format!("  {} {} {}\n", i.reg_no, i.enterprise, i.text);
                }
            }
            Ok(Out::text(t, serde_json::to_value(&a)?))
        }
        Command::Demo(args) => demo::run(&mut ctx, args),
        Command::Render(args) => render::run(&mut ctx, args),
        Command::Report(args) => report::report(&mut ctx, args),
        Command::Search(args) => report::search(&mut ctx, args),
        Command::Export(args) => report::export(&mut ctx, args),
        Command::Import(args) => report::import(&mut ctx, args),
        Command::Safety(_) => Err(Fail::usage("备份命令已在打开台账前处理")),
    }
}

fn list_or_none(v: &[String]) -> String {
    if v.is_empty() {
        "无".into()
    } else {
        v.join("、")
    }
}

fn dept(ctx: &mut Ctx, c: DeptCmd) -> Result<Out, Fail> {
    match c {
        DeptCmd::Add {
            name,
            kind,
            commissioner,
            phone,
        } => {
            let kind = match kind.as_str() {
                "internal" | "部室" | "园区部室" => zhitong_domain::DepartmentKind::Internal,
                "district" | "区级" | "区级部门" => zhitong_domain::DepartmentKind::District,
                other => {
                    return Err(Fail::usage(format!(
                        "部门类型“{other}”无效，应为 internal（园区部室）或 district（区级部门）"
                    )))
                }
            };
            let op = ctx.admin("添加部门")?;
            let d = ctx.ledger.add_department(
                &zhitong_store::NewDepartment {
                    name,
                    kind,
                    commissioner,
                    phone,
                },
                &op,
                ctx.now,
            )?;
            Ok(Out::text(
                format!("已添加部门 {}（{}）", d.name, kind_label(d.kind)),
                serde_json::to_value(&d)?,
            ))
        }
        DeptCmd::List => {
            let ds = ctx.ledger.departments()?;
            let t = ds
                .iter()
                .map(|d| {
                    format!(
                        "{}\t{}{}\t{}",
                        d.name,
                        kind_label(d.kind),
                        if d.active { "" } else { "（已停用）" },
                        d.commissioner
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Out::text(t, serde_json::to_value(&ds)?))
        }
        DeptCmd::Contacts {
            name,
            commissioner,
            phone,
            deputy,
            deputy_phone,
            liaison,
            liaison_phone,
        } => {
            let d = ctx.ledger.department(&name)?;
            let keep = |v: Option<String>, old: &str| v.unwrap_or_else(|| old.to_string());
            let c = zhitong_store::DepartmentContacts {
                commissioner: keep(commissioner, &d.commissioner),
                phone: keep(phone, &d.phone),
                deputy: keep(deputy, &d.deputy),
                deputy_phone: keep(deputy_phone, &d.deputy_phone),
                liaison: keep(liaison, &d.liaison),
                liaison_phone: keep(liaison_phone, &d.liaison_phone),
            };
            let op = ctx.admin("设置部门联系人")?;
            let d = ctx
                .ledger
                .set_department_contacts(&name, &c, &op, ctx.now)?;
            Ok(Out::text(
                format!("{}：{}", d.name, d.contacts_line()),
                serde_json::to_value(&d)?,
            ))
        }
        DeptCmd::Disable { name } => {
            let op = ctx.admin("停用部门")?;
            let d = ctx
                .ledger
                .set_department_active(&name, false, &op, ctx.now)?;
            Ok(Out::text(
                format!("已停用部门 {}", d.name),
                serde_json::to_value(&d)?,
            ))
        }
        DeptCmd::Enable { name } => {
            let op = ctx.admin("启用部门")?;
            let d = ctx
                .ledger
                .set_department_active(&name, true, &op, ctx.now)?;
            Ok(Out::text(
                format!("已启用部门 {}", d.name),
                serde_json::to_value(&d)?,
            ))
        }
    }
}

fn kind_label(k: zhitong_domain::DepartmentKind) -> &'static str {
    match k {
        zhitong_domain::DepartmentKind::Internal => "园区部室",
        zhitong_domain::DepartmentKind::District => "区级部门",
    }
}

fn staff(ctx: &mut Ctx, c: StaffCmd) -> Result<Out, Fail> {
    match c {
        StaffCmd::Add { name, role, title } => {
            let role = zhitong_domain::Role::parse(&role)?;
            let op = ctx.admin("添加人员")?;
            let s = ctx.ledger.add_staff(
                &zhitong_store::NewStaff { name, role, title },
                &op,
                ctx.now,
            )?;
            Ok(Out::text(
                format!("已添加人员 {}（{}）", s.name, s.role.label()),
                serde_json::to_value(&s)?,
            ))
        }
        StaffCmd::List => {
            let ss = ctx.ledger.staff()?;
            let t = ss
                .iter()
                .map(|s| {
                    format!(
                        "{}\t{}\t{}{}{}",
                        s.name,
                        s.role.label(),
                        s.title,
                        if s.leading_group {
                            "\t领导小组"
                        } else {
                            ""
                        },
                        if s.service_office { "\t企服办" } else { "" }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Out::text(t, serde_json::to_value(&ss)?))
        }
        StaffCmd::Member {
            name,
            leading_group,
            service_office,
        } => {
            let s = ctx
                .ledger
                .staff()?
                .into_iter()
                .find(|s| s.name == name.trim())
                .ok_or_else(|| Fail::new("staff.not_found", format!("找不到人员“{name}”")))?;
            let yes = |v: Option<String>, old: bool| -> Result<bool, Fail> {
                match v.as_deref().map(str::trim) {
                    None => Ok(old),
                    Some("yes" | "y" | "是" | "true") => Ok(true),
                    Some("no" | "n" | "否" | "false") => Ok(false),
                    Some(o) => Err(Fail::usage(format!("“{o}”无效，应为 yes（是）或 no（否）"))),
                }
            };
            let lg = yes(leading_group, s.leading_group)?;
            let so = yes(service_office, s.service_office)?;
            let op = ctx.admin("设置领导小组、企服办成员")?;
            let s = ctx
                .ledger
                .set_staff_membership(&name, lg, so, &op, ctx.now)?;
            Ok(Out::text(
                format!(
                    "{}：{}领导小组成员，{}企服办成员",
                    s.name,
                    if s.leading_group { "是" } else { "不是" },
                    if s.service_office { "是" } else { "不是" }
                ),
                serde_json::to_value(&s)?,
            ))
        }
    }
}

fn settings(ctx: &mut Ctx, c: SettingsCmd) -> Result<Out, Fail> {
    match c {
        SettingsCmd::Get { key: Some(key) } => {
            let v = ctx.ledger.setting(&key)?;
            let t = match &v {
                serde_json::Value::String(s) => s.clone(),
                other => serde_json::to_string_pretty(other)?,
            };
            Ok(Out::text(t, v))
        }
        SettingsCmd::Get { key: None } => {
            let v = serde_json::to_value(ctx.ledger.settings()?)?;
            Ok(Out::text(serde_json::to_string_pretty(&v)?, v))
        }
        SettingsCmd::Set { key, value } => {
            let op = ctx.admin("修改设置")?;
            ctx.ledger.set_setting(&key, &value, &op, ctx.now)?;
            let v = ctx.ledger.setting(&key)?;
            Ok(Out::text(format!("已设置 {key} = {v}"), v))
        }
    }
}

fn main() {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(out) => out.print(json),
        Err(fail) => {
            fail.print(json);
            std::process::exit(2);
        }
    }
}
