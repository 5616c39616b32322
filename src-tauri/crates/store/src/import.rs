//! Import of an existing ledger (台账) kept in Excel or CSV, after the report crate has
//! mapped and parsed its cells into [`ImportRow`]s. Guarantees: every row goes through
//! the registration validation (`NewCase::validated`) and the department list; the whole
//! file is imported in ONE transaction — all rows or none, unless bad rows are skipped on
//! request; a dry run does exactly the same work and rolls it back, so it reports the
//! same bad rows an import would; every imported case gets an `import` event (and its
//! progress notes as `progress` events) like any registration; a row is skipped as already
//! imported only when its 登记编号, enterprise and 反映时间 all match a case in the ledger
//! (or, without a number, its cells match a row imported before) — a number that belongs
//! to another case is a conflict the clerk resolves, never a silent skip; departments the
//! file names and the ledger lacks are listed once and created only on request; a date the
//! file does not have stays unknown (不详) and is never invented.

use chrono::Datelike;
use rusqlite::{params, ToSql, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::{
    numbering, when, CaseState, DepartmentKind, Instant, NewCase, Outcome, Satisfaction, Settings,
};

use crate::read::satisfaction_id;
use crate::registry::{content, department_by_name};
use crate::tables::Events;
use crate::{next_seq, ts, Ledger, Operator, Result};

/// One ledger row, mapped to the fields the ledger keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportRow {
    /// 1-based row number in the file (header rows counted), for messages.
    pub row_number: usize,
    /// 登记编号 as written in the file; empty when the file has none (a new one is given).
    pub reg_no: String,
    pub case: NewCase,
    /// 责任单位 (lead department); empty when not assigned.
    pub lead: String,
    #[ts(type = "string | null")]
    pub assigned_at: Option<Instant>,
    /// 办结时限.
    #[ts(type = "string | null")]
    pub due_at: Option<Instant>,
    /// 办理过程: one progress note per line; a line may start with its date and time.
    pub process: String,
    pub outcome: Option<Outcome>,
    /// 办理结果 text (what the enterprise was answered).
    pub result_text: String,
    /// 答复日期.
    #[ts(type = "string | null")]
    pub reply_at: Option<Instant>,
    pub evaluation: Option<ImportedEvaluation>,
    /// 状态 when the file says it; otherwise derived from the other fields.
    pub state: Option<CaseState>,
    #[ts(type = "string | null")]
    pub closed_at: Option<Instant>,
    /// SHA-256 of the row's mapped cells: the re-import key when there is no 登记编号.
    pub hash: String,
    /// Problems the reader found in the cells (unreadable dates…), reported as bad.
    pub issues: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedEvaluation {
    pub result: Satisfaction,
    /// 视作满意 (no evaluation within the window).
    pub deemed: bool,
    pub quality: Option<u8>,
    pub attitude: Option<u8>,
    pub efficiency: Option<u8>,
    /// The file's own words when they are not one of the three levels (较满意, 基本满意…),
    /// kept as the evaluation's comment.
    #[serde(default)]
    pub original: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ImportOptions {
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// Import the good rows and report the bad ones (default: any bad row → nothing).
    pub skip_bad: bool,
    /// The file name, recorded with each imported case.
    pub source: String,
    /// Create the 责任单位 the file names and the department list lacks (one audit event
    /// each, in the same transaction). Without it those rows are problem rows and the
    /// missing names are listed once in [`ImportReport::missing_departments`].
    pub create_departments: bool,
    /// What to do with a row whose 登记编号 belongs to a different case.
    pub on_conflict: OnConflict,
}

/// The clerk's choice for a row whose 登记编号 is already another case's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OnConflict {
    /// Not chosen yet: the row is a problem row that says so.
    #[default]
    Report,
    /// Give the row a new number; its old number is kept in the timeline.
    Renumber,
    /// Leave the row out (listed in [`ImportReport::conflicts`]).
    Skip,
}

/// Why a line of the file is not a case (it is listed, never reported as an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NotCaseKind {
    Blank,
    /// 合计、小计、总计、共计.
    Total,
    /// The header repeated (per month or quarter).
    Header,
    /// A title, a 第二季度 separator, or a note under the table (注：…, 填表人：…).
    Note,
}

impl NotCaseKind {
    pub fn label(self) -> &'static str {
        match self {
            NotCaseKind::Blank => "空行",
            NotCaseKind::Total => "合计行",
            NotCaseKind::Header => "重复的标题行",
            NotCaseKind::Note => "标题或说明",
        }
    }
}

/// A line of the file skipped because it is not a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NotCaseRow {
    pub row_number: usize,
    pub kind: NotCaseKind,
    /// The line's first text, for the clerk to recognise it (empty for a blank row).
    pub text: String,
}

/// A row whose 登记编号 belongs to a different case in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConflictRow {
    pub row_number: usize,
    pub reg_no: String,
    /// The case that holds the number: 企业 and 反映时间.
    pub existing: String,
    /// The new number given ([`OnConflict::Renumber`]); empty when not imported.
    pub renumbered_as: String,
}

/// A row that cannot be imported, and every reason why (Chinese, for the clerk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BadRow {
    pub row_number: usize,
    pub reasons: Vec<String>,
}

/// A row skipped because its case is already in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SkippedRow {
    pub row_number: usize,
    pub reg_no: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct ImportReport {
    pub total: usize,
    /// Rows written (or that would be, on a dry run).
    pub imported: usize,
    pub existing: Vec<SkippedRow>,
    pub bad: Vec<BadRow>,
    /// Lines that are not cases (blank, 合计, repeated header, notes), filled in by the
    /// reader of the file.
    pub not_cases: Vec<NotCaseRow>,
    /// 责任单位 named in the file and missing from the department list (each once).
    pub missing_departments: Vec<String>,
    /// Departments created by this import (or that would be, on a dry run).
    pub created_departments: Vec<String>,
    pub conflicts: Vec<ConflictRow>,
    /// Cases imported replied or closed whose file gives no 答复日期/办结日期 (不详).
    pub undated: usize,
    /// The XLSX of the problem rows written beside the file (`skip_bad`), if any.
    pub problems_file: String,
    /// [`ImportReport::headline`] as it was when the import finished, for the UI.
    pub summary: String,
    /// Whether the transaction was committed (false on a dry run, or when bad rows
    /// stopped the import).
    pub committed: bool,
    pub dry_run: bool,
}

impl ImportReport {
    /// Chinese sentences for the clerk: the missing departments once, then
    /// 可导入 N 行，跳过 K 行（合计、空行），有问题 M 行, then what was done.
    pub fn headline(&self) -> String {
        let verb = if self.dry_run { "试导入" } else { "导入" };
        let mut s = String::new();
        if !self.missing_departments.is_empty() {
            s.push_str(&format!(
                "部门列表中缺少 {} 个责任单位：{}（可选择自动添加这些部门后再导入）。",
                self.missing_departments.len(),
                self.missing_departments.join("、")
            ));
        }
        if !self.created_departments.is_empty() {
            s.push_str(&format!(
                "{}部门 {} 个：{}。",
                if self.committed {
                    "已新增"
                } else {
                    "将新增"
                },
                self.created_departments.len(),
                self.created_departments.join("、")
            ));
        }
        let mut kinds: Vec<&str> = Vec::new();
        for r in &self.not_cases {
            if !kinds.contains(&r.kind.label()) {
                kinds.push(r.kind.label());
            }
        }
        s.push_str(&format!(
            "{verb}：可导入 {} 行，跳过 {} 行",
            self.imported,
            self.not_cases.len()
        ));
        if !kinds.is_empty() {
            s.push_str(&format!("（{}）", kinds.join("、")));
        }
        s.push_str(&format!("，有问题 {} 行", self.bad.len()));
        if !self.existing.is_empty() {
            s.push_str(&format!(
                "，已在台账中 {} 行（不重复导入）",
                self.existing.len()
            ));
        }
        let renumbered = self
            .conflicts
            .iter()
            .filter(|c| !c.renumbered_as.is_empty())
            .count();
        if !self.conflicts.is_empty() {
            s.push_str(&format!(
                "，登记编号与台账中其他案件冲突 {} 行",
                self.conflicts.len()
            ));
            if renumbered > 0 {
                s.push_str(&format!("（{renumbered} 行改用新编号，原编号记入备注）"));
            }
        }
        if self.undated > 0 {
            s.push_str(&format!(
                "；其中 {} 件已答复或办结但原台账没有日期，日期记为不详",
                self.undated
            ));
        }
        if self.dry_run {
            s.push_str("（未写入台账）");
        } else if self.committed && self.imported == 0 {
            s.push_str("，没有需要写入的新案件");
        } else if self.committed {
            s.push_str("，已写入台账");
        } else {
            s.push_str("，因有问题行未写入任何数据（可修改后重试，或选择跳过问题行）");
        }
        s
    }
}

/// Parses a number rendered from `format` back into (year, seq).
pub fn parse_number(format: &str, number: &str) -> Option<(i32, i64)> {
    let y = format.find("{year}")?;
    let s = format.find("{seq")?;
    if s < y {
        return None;
    }
    let s_end = format[s..].find('}')? + s + 1;
    let (prefix, between, suffix) = (&format[..y], &format[y + 6..s], &format[s_end..]);
    let rest = number.trim().strip_prefix(prefix)?;
    let year_digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let rest = rest[year_digits.len()..].strip_prefix(between)?;
    let seq_digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if rest[seq_digits.len()..] != *suffix {
        return None;
    }
    Some((year_digits.parse().ok()?, seq_digits.parse().ok()?))
}

/// The state a row lands in: the file's 状态, or the furthest step its fields show.
fn derived_state(row: &ImportRow) -> CaseState {
    if let Some(s) = row.state {
        return s;
    }
    match (row.outcome, &row.evaluation, row.lead.is_empty()) {
        (Some(Outcome::A | Outcome::C), Some(_), _) => CaseState::Closed,
        (Some(_), _, _) => CaseState::Replied,
        (None, _, false) if row.process.trim().is_empty() => CaseState::Assigned,
        (None, _, false) => CaseState::InProgress,
        (None, _, true) => CaseState::Registered,
    }
}

/// Splits a leading date and time (`2026-03-03 10:00 `, as clerks write them) off the
/// start of a progress line.
fn dated_line(line: &str) -> (Option<Instant>, &str) {
    let mut words = line.splitn(3, ' ');
    let (Some(day), Some(time)) = (words.next(), words.next()) else {
        return (None, line);
    };
    let head = &line[..day.len() + 1 + time.len()];
    if !time.contains(':') {
        return (None, line);
    }
    match when::parse(head, chrono::NaiveTime::MIN, None) {
        Some(at) => (Some(at), line[head.len()..].trim_start()),
        None => (None, line),
    }
}

/// Who holds a row's key in the ledger.
enum Holder {
    None,
    /// The same case (number, enterprise and 反映时间 match, or the same cells).
    Same,
    /// Another case holds the number: its 企业 and 反映时间, for the message.
    Other(String),
}

fn holder(tx: &Transaction, row: &ImportRow, key: &str) -> Result<Holder> {
    let reg = row.reg_no.trim();
    if reg.is_empty() {
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM case_import_keys WHERE key = ?1)",
            [key],
            |r| r.get(0),
        )?;
        return Ok(if known { Holder::Same } else { Holder::None });
    }
    // The case imported from this number before (perhaps renumbered), then the case
    // that carries the number now.
    let candidates: Vec<(String, String)> = tx
        .prepare(
            "SELECT e.name, c.received_at FROM case_import_keys k
               JOIN cases c ON c.id = k.case_id JOIN enterprises e ON e.id = c.enterprise_id
              WHERE k.key = ?1 OR k.key = ?1 || '|' || ?3
             UNION ALL
             SELECT e.name, c.received_at FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
              WHERE c.reg_no = ?2",
        )?
        .query_map(params![key, reg, row.hash], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let received = ts(row.case.received_at);
    let name = row.case.enterprise.name.trim();
    if candidates
        .iter()
        .any(|(e, at)| e.trim() == name && *at == received)
    {
        return Ok(Holder::Same);
    }
    Ok(match candidates.last() {
        None => Holder::None,
        Some((e, at)) => Holder::Other(format!(
            "{e}，反映时间 {}",
            at.get(..16).unwrap_or(at).replace('T', " ")
        )),
    })
}

/// 责任单位 the rows name that the department list lacks, each once, in file order.
fn missing_departments(tx: &Transaction, rows: &[ImportRow]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for row in rows {
        let name = row.lead.trim();
        if name.is_empty() || out.iter().any(|n| n == name) {
            continue;
        }
        if department_by_name(tx, name).is_err() {
            out.push(name.to_string());
        }
    }
    Ok(out)
}

/// A department named in an old ledger: a 部/办/室 of the park is internal, any other
/// unit (供电所, 建设交通局…) a district-level one reached by letter. The kind can be
/// changed later in 设置 → 部门.
fn create_department(tx: &Transaction, name: &str, op: &Operator, now: Instant) -> Result<()> {
    let internal = ["部", "办", "室", "办公室"]
        .iter()
        .any(|s| name.ends_with(s));
    let kind = if internal {
        DepartmentKind::Internal
    } else {
        DepartmentKind::District
    };
    crate::registry::insert_department(tx, name, kind, "", "")?;
    Events(tx).record(
        None,
        now,
        op,
        "department.add",
        &format!("新增部门 {name}（导入台账时按责任单位添加）"),
        None,
        Some(serde_json::json!({ "name": name, "kind": kind })),
    )
}

impl Ledger {
    /// Imports mapped ledger rows in one transaction (see the module doc). `progress`
    /// is called with (rows done, rows in all) after each row.
    pub fn import_cases(
        &mut self,
        rows: &[ImportRow],
        opts: &ImportOptions,
        op: &Operator,
        now: Instant,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportReport> {
        let settings = self.settings()?;
        let mut report = ImportReport {
            total: rows.len(),
            dry_run: opts.dry_run,
            ..Default::default()
        };
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        let missing = missing_departments(&tx, rows)?;
        if opts.create_departments {
            for name in &missing {
                create_department(&tx, name, op, now)?;
            }
            report.created_departments = missing;
        } else {
            report.missing_departments = missing;
        }
        // Key → first row number; a map, so a 100 000-row ledger is checked in one pass.
        let mut seen: std::collections::HashMap<String, usize> =
            std::collections::HashMap::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let reg = row.reg_no.trim();
            let key = if reg.is_empty() {
                format!("row:{}", row.hash)
            } else {
                format!("reg:{reg}")
            };
            if let Some(first) = seen.get(&key) {
                report.bad.push(BadRow {
                    row_number: row.row_number,
                    reasons: vec![if reg.is_empty() {
                        format!("与第 {first} 行内容完全相同，重复登记")
                    } else {
                        format!("登记编号“{reg}”与第 {first} 行重复")
                    }],
                });
                progress(i + 1, rows.len());
                continue;
            }
            seen.insert(key.clone(), row.row_number);
            let mut renumber = false;
            match holder(&tx, row, &key)? {
                Holder::None => {}
                Holder::Same => {
                    report.existing.push(SkippedRow {
                        row_number: row.row_number,
                        reg_no: reg.to_string(),
                    });
                    progress(i + 1, rows.len());
                    continue;
                }
                Holder::Other(existing) => {
                    let mut c = ConflictRow {
                        row_number: row.row_number,
                        reg_no: reg.to_string(),
                        existing: existing.clone(),
                        renumbered_as: String::new(),
                    };
                    match opts.on_conflict {
                        OnConflict::Renumber => renumber = true,
                        OnConflict::Skip => {
                            report.conflicts.push(c);
                            progress(i + 1, rows.len());
                            continue;
                        }
                        OnConflict::Report => {
                            report.bad.push(BadRow {
                                row_number: row.row_number,
                                reasons: vec![format!(
                                    "登记编号“{reg}”已是台账中另一件案件（{existing}）的编号；\
                                     请选择“改用新编号”（原编号记入备注）或“跳过这些行”"
                                )],
                            });
                            report.conflicts.push(c);
                            progress(i + 1, rows.len());
                            continue;
                        }
                    }
                    c.renumbered_as = "?".into();
                    report.conflicts.push(c);
                }
            }
            let key = if renumber {
                format!("{key}|{}", row.hash)
            } else {
                key
            };
            tx.execute_batch("SAVEPOINT import_row")?;
            match import_one(&tx, &settings, row, &key, renumber, opts, op, now) {
                Ok((reg_no, undated)) => {
                    tx.execute_batch("RELEASE import_row")?;
                    report.imported += 1;
                    report.undated += usize::from(undated);
                    if renumber {
                        if let Some(c) = report.conflicts.last_mut() {
                            c.renumbered_as = reg_no;
                        }
                    }
                }
                Err(reasons) => {
                    tx.execute_batch("ROLLBACK TO import_row; RELEASE import_row")?;
                    if renumber {
                        if let Some(c) = report.conflicts.last_mut() {
                            c.renumbered_as.clear();
                        }
                    }
                    report.bad.push(BadRow {
                        row_number: row.row_number,
                        reasons,
                    });
                }
            }
            progress(i + 1, rows.len());
        }
        if opts.dry_run || (!report.bad.is_empty() && !opts.skip_bad) {
            tx.rollback()?;
            if !opts.dry_run {
                report.imported = 0;
                report.undated = 0;
                for c in &mut report.conflicts {
                    c.renumbered_as.clear();
                }
            }
        } else {
            tx.commit()?;
            report.committed = true;
        }
        report.summary = report.headline();
        Ok(report)
    }
}

/// Writes one row; on failure returns every reason (the caller rolls the row back).
#[allow(clippy::too_many_arguments)]
fn import_one(
    tx: &Transaction,
    settings: &Settings,
    row: &ImportRow,
    key: &str,
    renumber: bool,
    opts: &ImportOptions,
    op: &Operator,
    now: Instant,
) -> std::result::Result<(String, bool), Vec<String>> {
    let mut reasons = row.issues.clone();
    let case = match row.case.validated(settings, now) {
        Ok(c) => Some(c),
        Err(e) => {
            reasons.extend(e.issues().iter().map(|i| i.message.clone()));
            if e.issues().is_empty() {
                reasons.push(e.to_string());
            }
            None
        }
    };
    let lead = if row.lead.trim().is_empty() {
        None
    } else {
        match department_by_name(tx, &row.lead) {
            Ok(d) => Some(d),
            Err(_) => {
                reasons.push(format!(
                    "责任单位“{}”不在部门列表中（缺少的部门已列在最前面，可选择自动添加，或核对名称）",
                    row.lead.trim()
                ));
                None
            }
        }
    };
    let state = derived_state(row);
    match state {
        CaseState::Void | CaseState::AwaitingMaterial => reasons.push(format!(
            "状态“{}”的案件不能导入，请在台账中处理后再导入",
            state.label()
        )),
        CaseState::Assigned | CaseState::InProgress if lead.is_none() && reasons.is_empty() => {
            reasons.push(format!("状态为“{}”但没有填写责任单位", state.label()))
        }
        CaseState::Replied | CaseState::Closed => {
            if row.outcome.is_none() {
                reasons.push(format!(
                    "状态为“{}”但办理结果没有写明 A、B、C 类",
                    state.label()
                ));
            }
            if lead.is_none() && reasons.is_empty() {
                reasons.push(format!("状态为“{}”但没有填写责任单位", state.label()));
            }
        }
        _ => {}
    }
    if row.outcome == Some(Outcome::B) && state == CaseState::Closed {
        reasons.push("B类（正在解决）的案件不能是已办结状态".into());
    }
    // A bare date (midnight) on the day of receipt means "that day": never before receipt.
    let mut row = row.clone();
    if let Some(c) = case.as_ref() {
        let received = c.received_at;
        for t in [&mut row.assigned_at, &mut row.reply_at, &mut row.closed_at] {
            if let Some(v) = *t {
                if v < received && v.date_naive() == received.date_naive() {
                    *t = Some(received);
                }
            }
        }
        if row.reply_at.is_some_and(|r| r < received) {
            reasons.push("答复日期早于反映时间".into());
        }
        if row.assigned_at.is_some_and(|a| a < received) {
            reasons.push("交办日期早于反映时间".into());
        }
    }
    let Some(case) = case.filter(|_| reasons.is_empty()) else {
        return Err(reasons);
    };
    let undated = matches!(state, CaseState::Replied | CaseState::Closed)
        && row.reply_at.is_none()
        && row.closed_at.is_none();
    write_row(
        tx, settings, &row, &case, lead, state, key, renumber, opts, op, now,
    )
    .map(|no| (no, undated))
    .map_err(|e| vec![e.to_string()])
}

#[allow(clippy::too_many_arguments)]
fn write_row(
    tx: &Transaction,
    settings: &Settings,
    row: &ImportRow,
    v: &NewCase,
    lead: Option<zhitong_domain::Department>,
    state: CaseState,
    key: &str,
    renumber: bool,
    opts: &ImportOptions,
    op: &Operator,
    now: Instant,
) -> Result<String> {
    let content = content(tx, v, now)?;
    let year = v.received_at.year();
    let given = if renumber { "" } else { row.reg_no.trim() };
    let parsed = parse_number(&settings.reg_no_format, given).filter(|(y, s)| {
        !tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM cases WHERE reg_year = ?1 AND reg_seq = ?2)",
            params![y, s],
            |r| r.get::<_, bool>(0),
        )
        .unwrap_or(true)
    });
    let (reg_no, reg_year, reg_seq) = match parsed {
        Some((y, s)) => {
            tx.execute(
                "INSERT INTO sequences (kind, year, last) VALUES ('reg', ?1, ?2)
                 ON CONFLICT (kind, year) DO UPDATE SET last = MAX(last, excluded.last)",
                params![y, s],
            )?;
            (given.to_string(), y, s)
        }
        None => {
            let seq = next_seq(tx, "reg", year)?;
            let no = if given.is_empty() {
                numbering::render(&settings.reg_no_format, year, seq)?
            } else {
                given.to_string()
            };
            (no, year, seq)
        }
    };
    let assigned_at = row.assigned_at.unwrap_or(v.received_at);
    let accepted_at = (!matches!(state, CaseState::Registered | CaseState::Rejected))
        .then(|| ts(lead.as_ref().map(|_| assigned_at).unwrap_or(v.received_at)));
    // A date the file does not give stays unknown (NULL): never `now`.
    let closed_at = (state == CaseState::Closed)
        .then(|| row.closed_at.or(row.reply_at))
        .flatten()
        .map(ts);
    let ev = row.evaluation.as_ref();
    let eval_at = ev.and_then(|_| row.closed_at.or(row.reply_at)).map(ts);
    let rejected = state == CaseState::Rejected;
    let head = params![reg_no, reg_year, reg_seq];
    let rest = params![
        state.id(),
        accepted_at,
        row.outcome.map(crate::sql::Col),
        row.reply_at.filter(|_| !rejected).map(ts),
        if row.reply_at.is_some() && !rejected {
            "原台账"
        } else {
            ""
        },
        if rejected {
            ""
        } else {
            row.result_text.as_str()
        },
        ev.map(|e| satisfaction_id(e.result)),
        ev.and_then(|e| e.quality),
        ev.and_then(|e| e.attitude),
        ev.and_then(|e| e.efficiency),
        ev.is_some_and(|e| e.deemed),
        eval_at,
        ev.map(|e| e.original.as_str()).unwrap_or(""),
        rejected.then_some("other"),
        if rejected {
            row.result_text.as_str()
        } else {
            ""
        },
        if rejected {
            "导入前已告知企业"
        } else {
            ""
        },
        rejected.then(|| ts(row.reply_at.unwrap_or(v.received_at))),
        closed_at,
        ts(now),
    ];
    tx.execute(
        "INSERT INTO cases (reg_no, reg_year, reg_seq, received_at, channel, nature, category,
            summary, description, wanted_department, screening_opinion, enterprise_id,
            contact_id, state, accepted_at, outcome, reply_at, reply_way, reply_text,
            eval_result, eval_quality, eval_attitude, eval_efficiency, eval_deemed, eval_at,
            eval_comment, reject_reason, reject_detail, reject_told, rejected_at, closed_at,
            created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?32)",
        head.iter()
            .copied()
            .chain(content.iter().map(|c| c as &dyn ToSql))
            .chain(rest.iter().copied())
            .collect::<Vec<_>>()
            .as_slice(),
    )?;
    let id = tx.last_insert_rowid();
    if let Some(d) = &lead {
        let y = assigned_at.year();
        let assign_no =
            numbering::render(&settings.assign_no_format, y, next_seq(tx, "assign", y)?)?;
        let route = match d.kind {
            DepartmentKind::District => "district_letter",
            DepartmentKind::Internal => "leader_in_charge",
        };
        tx.execute(
            "INSERT INTO assignments (case_id, assign_no, lead_id, handling_class, route, assigned_at, note)
             VALUES (?1, ?2, ?3, '原台账', ?4, ?5, ?6)",
            params![
                id,
                assign_no,
                d.id,
                route,
                ts(assigned_at),
                if row.assigned_at.is_some() {
                    "由台账文件导入"
                } else {
                    "由台账文件导入；交办日期不详（原台账未记载，按反映时间记）"
                }
            ],
        )?;
        let aid = tx.last_insert_rowid();
        if let Some(due) = row.due_at {
            let days = (due.date_naive() - assigned_at.date_naive())
                .num_days()
                .max(0);
            tx.execute(
                "INSERT INTO deadlines (case_id, assignment_id, kind, label, start_at, amount, unit,
                    due_at, met_at)
                 VALUES (?1, ?2, 'handling', '办结时限（原台账）', ?3, ?4, 'days', ?5, ?6)",
                params![
                    id,
                    aid,
                    ts(assigned_at),
                    days,
                    ts(due),
                    row.reply_at.map(ts)
                ],
            )?;
        }
    }
    crate::actions::refresh_derived(tx, id)?;
    tx.execute(
        "INSERT INTO case_import_keys (key, case_id, source, row_number, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![key, id, opts.source, row.row_number as i64, ts(now)],
    )?;
    let mut unknown = Vec::new();
    if matches!(state, CaseState::Replied | CaseState::Closed) && row.reply_at.is_none() {
        unknown.push("答复日期");
    }
    if state == CaseState::Closed && row.closed_at.is_none() && row.reply_at.is_none() {
        unknown.push("办结日期");
    }
    if lead.is_some() && row.assigned_at.is_none() {
        unknown.push("交办日期");
    }
    let mut notes = String::new();
    if !unknown.is_empty() {
        notes.push_str(&format!("；{}不详（原台账未记载）", unknown.join("、")));
    }
    if renumber {
        notes.push_str(&format!(
            "；原台账登记编号“{}”已被台账中另一件案件使用，改编为 {reg_no}",
            row.reg_no.trim()
        ));
    }
    Events(tx).record(
        Some(id),
        now,
        op,
        "import",
        &format!(
            "从台账文件导入（{} 第{}行）：{reg_no}，{}反映（{}·{}），状态“{}”{notes}",
            if opts.source.is_empty() {
                "未命名文件"
            } else {
                &opts.source
            },
            row.row_number,
            v.enterprise.name,
            v.nature,
            v.category,
            state.label()
        ),
        None,
        serde_json::to_value(row).ok(),
    )?;
    for line in row.process.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (at, text) = dated_line(line);
        Events(tx).record(
            Some(id),
            at.unwrap_or(now),
            op,
            "progress",
            text,
            None,
            None,
        )?;
    }
    Ok(reg_no)
}

impl Ledger {
    /// Cases received in `[from, to)` that came from an old ledger replied or closed with
    /// no 答复日期/办结日期 (不详). No period holds their closing, so reports count them
    /// apart and say how many lack a date.
    pub fn undated_imports(&self, from: Instant, to: Instant) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM cases
              WHERE received_at >= ?1 AND received_at < ?2
                AND ((state = 'closed' AND closed_at IS NULL)
                  OR (state = 'replied' AND reply_at IS NULL))",
            params![ts(from), ts(to)],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }
}
