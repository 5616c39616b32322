//! The commands the UI invokes. Each one is thin: convert the input, call one store
//! function (mutations first resolve the operator by name), map the result. Guarantees:
//! every error reaches the UI as [`ApiError`]; mutations take the operator's name and
//! the shell's `now`, never a time from the UI.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;
use zhitong_calendar::{DayKind, DayMark, MonthGrid};
use zhitong_domain::schedule::{AgendaHead, AgendaItem, AgendaSection, Board, SECTION_FIRST};
use zhitong_domain::{Case, CaseRow, Department, Enterprise, Meeting, NewCase, Settings, Staff};
use zhitong_print::ledger::DocKind;
use zhitong_store::{
    AgendaCase, AssignInput, AssignPreview, CasePage, CaseQuery, DecisionInput, DepartmentContacts,
    EvaluateInput, FilingInput, MeetInput, MeetingInput, NewDepartment, NewStaff, RejectInput,
    ReplyInput, SearchHit, UrgeInput,
};

use crate::error::{ApiError, ApiResult};
use crate::state::{AppState, Login};
use crate::view::{self, CaseView};

type S<'a> = State<'a, AppState>;

/// What the UI shows in its status line and uses as "today".
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export_to = "bindings/")]
pub struct AppInfo {
    pub version: String,
    pub ledger_path: String,
    #[ts(type = "string")]
    pub now: zhitong_domain::Instant,
    /// The clock was set by ZHITONG_NOW (tests and demos).
    pub clock_faked: bool,
    /// A new ledger: the first-start guide runs before anything else.
    pub needs_setup: bool,
}

#[tauri::command(rename_all = "snake_case")]
pub fn app_info(state: S<'_>) -> ApiResult<AppInfo> {
    state.with(|l, now| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").into(),
            ledger_path: l
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            now,
            clock_faked: state.clock().is_faked(),
            needs_setup: l.needs_setup()?,
        })
    })
}

/// The window has painted its first view: the start-up work that waits for it (the
/// first scheduler tick, the full integrity check, the start-of-day backup) may go.
#[tauri::command]
pub fn painted(state: S<'_>) {
    state.painted();
}

// ---- first start -------------------------------------------------------------------

/// The first-start guide's result: the park, departments, staff and administrator PIN
/// in one go (only on a new ledger nobody has protected yet).
#[tauri::command(async, rename_all = "snake_case")]
pub fn set_up(state: S<'_>, input: zhitong_store::Setup) -> ApiResult<()> {
    state.with(|l, now| l.set_up(&input, now))
}

/// A demo ledger instead (demo park, departments, staff and cases), when asked for.
#[tauri::command(async, rename_all = "snake_case")]
pub fn set_up_demo(state: S<'_>) -> ApiResult<usize> {
    state.with(|l, now| l.set_up_demo(300, now))
}

// ---- reference data and settings -------------------------------------------------

#[tauri::command(rename_all = "snake_case")]
pub fn settings(state: S<'_>) -> ApiResult<Settings> {
    state.with(|l, _| l.settings())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn save_settings(state: S<'_>, login: Login, settings: Settings) -> ApiResult<Settings> {
    state.admin(&login, "修改设置", |l, op, now| {
        l.save_settings(&settings, op, now)
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn departments(state: S<'_>) -> ApiResult<Vec<Department>> {
    state.with(|l, _| l.departments())
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_department(state: S<'_>, login: Login, input: NewDepartment) -> ApiResult<Department> {
    state.admin(&login, "添加部门", |l, op, now| {
        l.add_department(&input, op, now)
    })
}

/// 专员, 分管副职, 联络员 with their phones (000 五2).
#[tauri::command(rename_all = "snake_case")]
pub fn set_department_contacts(
    state: S<'_>,
    login: Login,
    name: String,
    input: DepartmentContacts,
) -> ApiResult<Department> {
    state.admin(&login, "设置部门联系人", |l, op, now| {
        l.set_department_contacts(&name, &input, op, now)
    })
}

/// Membership of the 领导小组 and the 企服办 (002 第1–3条).
#[tauri::command(rename_all = "snake_case")]
pub fn set_staff_membership(
    state: S<'_>,
    login: Login,
    name: String,
    leading_group: bool,
    service_office: bool,
) -> ApiResult<Staff> {
    state.admin(
        &login,
        "设置领导小组、企服办成员",
        |l, op, now| l.set_staff_membership(&name, leading_group, service_office, op, now),
    )
}

#[tauri::command(rename_all = "snake_case")]
pub fn set_department_active(
    state: S<'_>,
    login: Login,
    name: String,
    active: bool,
) -> ApiResult<Department> {
    state.admin(&login, "停用或启用部门", |l, op, now| {
        l.set_department_active(&name, active, op, now)
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn staff(state: S<'_>) -> ApiResult<Vec<Staff>> {
    state.with(|l, _| l.staff())
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_staff(state: S<'_>, login: Login, input: NewStaff) -> ApiResult<Staff> {
    state.admin(&login, "添加人员", |l, op, now| {
        l.add_staff(&input, op, now)
    })
}

// ---- intake ----------------------------------------------------------------------

#[tauri::command(rename_all = "snake_case")]
pub fn find_enterprises(state: S<'_>, text: String) -> ApiResult<Vec<Enterprise>> {
    state.with(|l, _| l.find_enterprises(&text, 10))
}

#[tauri::command(rename_all = "snake_case")]
pub fn recent_cases_of(state: S<'_>, name: String, credit_code: String) -> ApiResult<Vec<CaseRow>> {
    state.with(|l, now| l.recent_cases_of(&name, &credit_code, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn register(state: S<'_>, operator: String, input: NewCase) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.register(&input, op, now))
}

/// 保存并即时答复: register, accept and answer on the spot, as one change.
#[tauri::command(rename_all = "snake_case")]
pub fn register_answered(
    state: S<'_>,
    operator: String,
    input: NewCase,
    reply: zhitong_store::ReplyInput,
) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| {
        l.register_answered(&input, &reply, op, now)
    })
}

// ---- reading cases ---------------------------------------------------------------

#[tauri::command(rename_all = "snake_case")]
pub fn list(state: S<'_>, query: CaseQuery) -> ApiResult<CasePage> {
    state.with(|l, now| l.list(&query, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn case_view(state: S<'_>, id: i64) -> ApiResult<CaseView> {
    state.with(|l, now| view::case_view(l, id, now))
}

/// The case id for a 登记编号, 交办编号 or 函号 typed into the search box.
#[tauri::command(rename_all = "snake_case")]
pub fn case_by_ref(state: S<'_>, reference: String) -> ApiResult<i64> {
    state.with(|l, _| l.case_by_ref(&reference).map(|c| c.id))
}

/// Full-text search over cases (summary, description, enterprise, process, reply, numbers…).
#[tauri::command(rename_all = "snake_case")]
pub fn search(state: S<'_>, text: String) -> ApiResult<Vec<SearchHit>> {
    state.with(|l, _| l.search(&text, 50))
}

/// 工作台: each section's first items, most urgent first, and how many it holds.
#[tauri::command(rename_all = "snake_case")]
pub fn agenda(state: S<'_>) -> ApiResult<AgendaHead> {
    state.with(|l, now| l.agenda(now).map(|a| a.head(SECTION_FIRST)))
}

/// 显示全部: the whole of one 工作台 section.
#[tauri::command(rename_all = "snake_case")]
pub fn agenda_section(state: S<'_>, section: AgendaSection) -> ApiResult<Vec<AgendaItem>> {
    state.with(|l, now| l.agenda(now).map(|a| a.into_section(section)))
}

#[tauri::command(rename_all = "snake_case")]
pub fn board(state: S<'_>) -> ApiResult<Board> {
    state.with(|l, now| l.board(now))
}

// ---- workflow actions ------------------------------------------------------------

#[tauri::command(rename_all = "snake_case")]
pub fn accept(
    state: S<'_>,
    operator: String,
    id: i64,
    opinion: String,
    class: Option<String>,
    common: Option<bool>,
) -> ApiResult<Case> {
    let class = class.filter(|c| !c.trim().is_empty());
    state.acting(&operator, |l, op, now| {
        l.accept_flagged(
            id,
            &opinion,
            class.as_deref(),
            common.unwrap_or(false),
            op,
            now,
        )
    })
}

/// 标记为共性问题 (the next joint meeting's agenda).
#[tauri::command(rename_all = "snake_case")]
pub fn mark_common(state: S<'_>, operator: String, id: i64, reason: String) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.mark_common(id, &reason, op, now))
}

/// 备案: the department's signed report (with the scan, when picked).
#[tauri::command(rename_all = "snake_case")]
pub fn file_report(state: S<'_>, operator: String, id: i64, input: FilingInput) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.file_report(id, &input, op, now))
}

/// 记录领导小组决定 (leader).
#[tauri::command(rename_all = "snake_case")]
pub fn decide(state: S<'_>, operator: String, id: i64, input: DecisionInput) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.decide(id, &input, op, now))
}

// ---- meetings --------------------------------------------------------------------

#[tauri::command(rename_all = "snake_case")]
pub fn meetings(state: S<'_>) -> ApiResult<Vec<Meeting>> {
    state.with(|l, _| l.meetings())
}

/// The next meeting's agenda: 共性问题 not yet taken up, and escalated cases.
#[tauri::command(rename_all = "snake_case")]
pub fn meeting_agenda(state: S<'_>) -> ApiResult<Vec<AgendaCase>> {
    state.with(|l, _| l.meeting_agenda())
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_meeting(state: S<'_>, operator: String, input: MeetingInput) -> ApiResult<Meeting> {
    state.acting(&operator, |l, op, now| l.add_meeting(&input, op, now))
}

/// Makes the PDF of a meeting's 会议纪要 and opens it; returns the file's path.
#[tauri::command(async, rename_all = "snake_case")]
pub fn print_minutes<R: Runtime>(app: AppHandle<R>, state: S<'_>, id: i64) -> ApiResult<String> {
    let (meeting, settings, dir) =
        state.with(|l, _| Ok((l.meeting(id)?, l.settings()?, prints_dir(l))))?;
    let path = crate::print::render_minutes(&meeting, &settings, state.fonts()?, &dir)?;
    show_document(&app, &path);
    Ok(path.display().to_string())
}

#[tauri::command(rename_all = "snake_case")]
pub fn bureau_reply(state: S<'_>, operator: String, id: i64, text: String) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.bureau_reply(id, &text, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn meet(state: S<'_>, operator: String, id: i64, input: MeetInput) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.meet(id, &input, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn reject(state: S<'_>, operator: String, id: i64, input: RejectInput) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.reject(id, &input, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn await_material(state: S<'_>, operator: String, id: i64, what: String) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.await_material(id, &what, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn resume(state: S<'_>, operator: String, id: i64, note: String) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.resume(id, &note, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn preview_assignment(state: S<'_>, id: i64, input: AssignInput) -> ApiResult<AssignPreview> {
    state.with(|l, now| l.preview_assignment(id, &input, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn assign(state: S<'_>, operator: String, id: i64, input: AssignInput) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.assign(id, &input, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn reassign(state: S<'_>, operator: String, id: i64, input: AssignInput) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.reassign(id, &input, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn sheet_returned(state: S<'_>, operator: String, id: i64) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.sheet_returned(id, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn progress(
    state: S<'_>,
    operator: String,
    id: i64,
    text: String,
    feedback: bool,
) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| {
        l.progress(id, &text, feedback, op, now)
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn urge(state: S<'_>, operator: String, id: i64, input: UrgeInput) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.urge(id, &input, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn escalate(state: S<'_>, operator: String, id: i64, reason: String) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.escalate(id, &reason, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn reply(state: S<'_>, operator: String, id: i64, input: ReplyInput) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.reply(id, &input, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn evaluate(state: S<'_>, operator: String, id: i64, input: EvaluateInput) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.evaluate(id, &input, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn reopen(
    state: S<'_>,
    operator: String,
    id: i64,
    reason: String,
    until: Option<NaiveDate>,
) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| {
        l.reopen(id, &reason, until, op, now)
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn close(state: S<'_>, operator: String, id: i64, note: String) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.close(id, &note, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn edit_case(
    state: S<'_>,
    operator: String,
    id: i64,
    input: NewCase,
    reason: String,
) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.edit(id, &input, &reason, op, now))
}

#[tauri::command(rename_all = "snake_case")]
pub fn void(state: S<'_>, operator: String, id: i64, reason: String) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.void(id, &reason, op, now))
}

// ---- attachments -----------------------------------------------------------------

#[tauri::command(rename_all = "snake_case")]
pub fn attach(
    state: S<'_>,
    operator: String,
    id: i64,
    path: PathBuf,
    kind: String,
) -> ApiResult<Case> {
    state.acting(&operator, |l, op, now| l.attach(id, &path, &kind, op, now))
}

/// Opens an attachment in the system's viewer.
#[tauri::command(rename_all = "snake_case")]
pub fn open_attachment<R: Runtime>(
    app: AppHandle<R>,
    state: S<'_>,
    attachment_id: i64,
) -> ApiResult<()> {
    let path = state.with(|l, _| l.attachment_path(attachment_id))?;
    open_path(&app, &path)
}

pub(crate) fn open_path<R: Runtime>(app: &AppHandle<R>, path: &std::path::Path) -> ApiResult<()> {
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| ApiError::new("file.open", format!("无法打开文件 {}：{e}", path.display())))
}

/// Opens a document the app just wrote; if no viewer can open it, the file is still
/// there, so this is only logged (the UI shows the path either way).
fn show_document<R: Runtime>(app: &AppHandle<R>, path: &std::path::Path) {
    if let Err(e) = open_path(app, path) {
        tracing::warn!(path = %path.display(), error = %e.message, "no viewer opened the document");
    }
}

// ---- calendar --------------------------------------------------------------------

#[tauri::command(rename_all = "snake_case")]
pub fn calendar_month(state: S<'_>, year: i32, month: u32) -> ApiResult<MonthGrid> {
    if !(1..=12).contains(&month) {
        return Err(ApiError::new("validation", "月份应为 1–12"));
    }
    state.with(|l, _| Ok(l.calendar()?.month_grid(year, month)))
}

/// Marks a day `holiday`, `workday`, or (`kind` null) back to the plain Mon–Fri rule.
/// Returns how many running deadlines moved.
#[tauri::command(rename_all = "snake_case")]
pub fn set_calendar_day(
    state: S<'_>,
    login: Login,
    date: String,
    kind: Option<DayKind>,
    name: String,
) -> ApiResult<usize> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| ApiError::new("validation", format!("日期“{date}”应为 YYYY-MM-DD")))?;
    let mark = kind.map(|kind| DayMark { kind, name });
    state.admin(&login, "修改工作日历", |l, op, now| {
        l.set_calendar_day(date, mark, op, now)
    })
}

/// Result of importing a year of holidays from a file.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export_to = "bindings/")]
pub struct CalendarImport {
    pub year: i32,
    pub days: usize,
    pub moved_deadlines: usize,
}

/// Imports one year from a holiday-cn JSON file or a CSV (`date,kind,name`) file.
#[tauri::command(async, rename_all = "snake_case")]
pub fn import_calendar(state: S<'_>, login: Login, path: PathBuf) -> ApiResult<CalendarImport> {
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ApiError::new("file.read", format!("无法读取文件 {}：{e}", path.display())))?;
    let zhitong_calendar::YearTable { year, marks } =
        zhitong_calendar::parse_year_file(&text, None)
            .map_err(|e| ApiError::new("calendar.import", e.to_string()))?;
    let days = marks.len();
    let source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    state.admin(&login, "导入节假日安排", |l, op, now| {
        let moved = l.import_calendar_year(year, marks, &source, op, now)?;
        Ok(CalendarImport {
            year,
            days,
            moved_deadlines: moved,
        })
    })
}

// ---- printing --------------------------------------------------------------------

/// Makes the PDF of one of a case's documents and opens it in the system's PDF viewer;
/// returns the file's path.
#[tauri::command(async, rename_all = "snake_case")]
pub fn print<R: Runtime>(
    app: AppHandle<R>,
    state: S<'_>,
    id: i64,
    document: DocKind,
) -> ApiResult<String> {
    let (case, settings, calendar, departments, dir, now) = state.with(|l, now| {
        Ok((
            l.case(id)?,
            l.settings()?,
            l.calendar()?,
            l.departments()?,
            prints_dir(l),
            now,
        ))
    })?;
    let path = crate::print::render(
        document,
        &case,
        &settings,
        &calendar,
        &departments,
        state.fonts()?,
        now,
        &dir,
    )?;
    show_document(&app, &path);
    Ok(path.display().to_string())
}

/// Makes one PDF of every assignment sheet of a day (today when `date` is empty), for
/// the leader to sign in one go, and opens it.
#[tauri::command(async, rename_all = "snake_case")]
pub fn print_assignments<R: Runtime>(
    app: AppHandle<R>,
    state: S<'_>,
    date: Option<String>,
) -> ApiResult<String> {
    let (cases, settings, dir, day) = state.with(|l, now| {
        let day = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                zhitong_store::StoreError::Domain(zhitong_domain::DomainError::invalid(
                    "date",
                    format!("日期“{d}”格式不对，应为 YYYY-MM-DD"),
                ))
            })?,
            None => now.date_naive(),
        };
        Ok((l.cases_assigned_on(day)?, l.settings()?, prints_dir(l), day))
    })?;
    let path = crate::print::render_assignments(&cases, &settings, state.fonts()?, day, &dir)?;
    show_document(&app, &path);
    Ok(path.display().to_string())
}

/// Makes the PDF of the 督办看板 as it stands now (A4 landscape, for a leaders' meeting)
/// and opens it; returns the file's path.
#[tauri::command(async, rename_all = "snake_case")]
pub fn print_board<R: Runtime>(app: AppHandle<R>, state: S<'_>) -> ApiResult<String> {
    let (board, settings, dir) =
        state.with(|l, now| Ok((l.board(now)?, l.settings()?, prints_dir(l))))?;
    let path = crate::print::render_board(&board, &settings, state.fonts()?, &dir)?;
    show_document(&app, &path);
    Ok(path.display().to_string())
}

// ---- reports ----------------------------------------------------------------------

fn report_error(e: zhitong_report::ReportError) -> ApiError {
    ApiError::new(e.code(), e.to_string())
}

/// The figures of a period: `2026`, `2026-Q1`, `2026-03`, `2026-W10` or
/// `2026-03-01..2026-04-01`.
#[tauri::command(async, rename_all = "snake_case")]
pub fn summary(state: S<'_>, period: String) -> ApiResult<zhitong_report::Summary> {
    let period = zhitong_report::Period::parse(&period).map_err(report_error)?;
    state
        .with(|l, now| Ok(zhitong_report::summarize(l, period, now)))?
        .map_err(report_error)
}

/// The summary of a period, its issuer, the prints folder and today.
fn report_input(
    state: &S<'_>,
    period: &str,
) -> ApiResult<(zhitong_report::Summary, String, PathBuf, NaiveDate)> {
    let period = zhitong_report::Period::parse(period).map_err(report_error)?;
    let (summary, issuer, dir, today) = state.with(|l, now| {
        Ok((
            zhitong_report::summarize(l, period, now),
            l.settings()?.service_center,
            prints_dir(l),
            now.date_naive(),
        ))
    })?;
    Ok((summary.map_err(report_error)?, issuer, dir, today))
}

fn report_file_name(s: &zhitong_report::Summary, ext: &str) -> String {
    format!("{}{}.{ext}", s.period_label, s.period.report_name())
}

/// Makes the PDF report of a period under `prints/`, opens it and returns its path.
#[tauri::command(async, rename_all = "snake_case")]
pub fn report_pdf<R: Runtime>(
    app: AppHandle<R>,
    state: S<'_>,
    period: String,
) -> ApiResult<String> {
    let (s, issuer, dir, today) = report_input(&state, &period)?;
    let bytes =
        zhitong_report::pdf::render(&s, state.fonts()?, today, &issuer).map_err(report_error)?;
    let path = crate::print::write(&dir, &report_file_name(&s, "pdf"), &bytes)?;
    open_path(&app, &path)?;
    Ok(path.display().to_string())
}

/// Makes the Excel summary of a period under `prints/`, opens it and returns its path.
#[tauri::command(async, rename_all = "snake_case")]
pub fn report_xlsx<R: Runtime>(
    app: AppHandle<R>,
    state: S<'_>,
    period: String,
) -> ApiResult<String> {
    let (s, _, dir, _) = report_input(&state, &period)?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| ApiError::new("file.write", format!("无法创建 {}：{e}", dir.display())))?;
    let path = dir.join(report_file_name(&s, "xlsx"));
    zhitong_report::xlsx::write_summary(&s, &path).map_err(report_error)?;
    open_path(&app, &path)?;
    Ok(path.display().to_string())
}

fn prints_dir(l: &zhitong_store::Ledger) -> std::path::PathBuf {
    l.data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("prints")
}

// ---- recovery ---------------------------------------------------------------------

/// Replaces a ledger that failed its start-up checks with the newest good backup;
/// returns the backup used. The damaged file is kept beside it.
#[tauri::command(async, rename_all = "snake_case")]
pub fn recover_ledger(state: S<'_>) -> ApiResult<String> {
    state.recover()
}

// ---- sign-in ------------------------------------------------------------------------

/// Checks the PIN of a staff member who has one (staff without a PIN just choose their
/// name); the UI then acts as that operator.
#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_in(state: S<'_>, name: String, pin: String) -> ApiResult<Staff> {
    state.with(|l, _| {
        let staff = l
            .staff()?
            .into_iter()
            .find(|s| s.name == name.trim() && s.active)
            .ok_or_else(|| zhitong_store::StoreError::StaffNotFound(name.clone()))?;
        if staff.has_pin && !l.verify_pin(&staff.name, &pin)? {
            return Err(
                zhitong_domain::DomainError::invalid("pin", "PIN 不正确，请重新输入").into(),
            );
        }
        Ok(staff)
    })
}
