//! Import of an existing ledger (台账) kept in Excel or CSV, after the report crate has
//! mapped and parsed its cells into [`ImportRow`]s. Guarantees: every row goes through
//! the registration validation (`NewCase::validated`) and the department list; the whole
//! file is imported in ONE transaction — all rows or none, unless bad rows are skipped on
//! request; a dry run does exactly the same work and rolls it back, so it reports the
//! same bad rows an import would; every imported case gets an `import` event (and its
//! progress notes as `progress` events) like any registration; a row already imported
//! (same 登记编号, or the same cells when the file has no number) is skipped, never
//! duplicated.

use chrono::Datelike;
use rusqlite::{params, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::{
    numbering, CaseState, DepartmentKind, Instant, NewCase, Outcome, Satisfaction, Settings,
};

use crate::read::satisfaction_id;
use crate::registry::{department_by_name, upsert_contact, upsert_enterprise};
use crate::{audit, next_seq, ts, Ledger, Operator, Result};

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
pub struct ImportReport {
    pub total: usize,
    /// Rows written (or that would be, on a dry run).
    pub imported: usize,
    pub existing: Vec<SkippedRow>,
    pub bad: Vec<BadRow>,
    /// Whether the transaction was committed (false on a dry run, or when bad rows
    /// stopped the import).
    pub committed: bool,
    pub dry_run: bool,
}

impl ImportReport {
    /// One Chinese sentence for the clerk.
    pub fn headline(&self) -> String {
        let verb = if self.dry_run { "试导入" } else { "导入" };
        let mut s = format!(
            "{verb}共 {} 行：可导入 {} 行，已在台账中跳过 {} 行，有问题 {} 行",
            self.total,
            self.imported,
            self.existing.len(),
            self.bad.len()
        );
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

/// Splits `YYYY-MM-DD HH:MM ` off the start of a progress line.
fn dated_line(line: &str) -> (Option<Instant>, &str) {
    let head: String = line.chars().take(16).collect();
    if head.len() == 16 {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(&head, "%Y-%m-%d %H:%M") {
            if let Some(at) = t.and_local_timezone(zhitong_domain::china()).single() {
                return (Some(at), line[16..].trim_start());
            }
        }
    }
    (None, line)
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
        // Key → first row number; a map, so a 100 000-row ledger is checked in one pass.
        let mut seen: std::collections::HashMap<String, usize> =
            std::collections::HashMap::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let key = if row.reg_no.trim().is_empty() {
                format!("row:{}", row.hash)
            } else {
                format!("reg:{}", row.reg_no.trim())
            };
            if let Some(first) = seen.get(&key) {
                report.bad.push(BadRow {
                    row_number: row.row_number,
                    reasons: vec![if row.reg_no.trim().is_empty() {
                        format!("与第 {first} 行内容完全相同，重复登记")
                    } else {
                        format!("登记编号“{}”与第 {first} 行重复", row.reg_no.trim())
                    }],
                });
                progress(i + 1, rows.len());
                continue;
            }
            seen.insert(key.clone(), row.row_number);
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM case_import_keys WHERE key = ?1)
                     OR EXISTS (SELECT 1 FROM cases WHERE reg_no = ?2 AND ?2 <> '')",
                params![key, row.reg_no.trim()],
                |r| r.get(0),
            )?;
            if exists {
                report.existing.push(SkippedRow {
                    row_number: row.row_number,
                    reg_no: row.reg_no.trim().to_string(),
                });
                progress(i + 1, rows.len());
                continue;
            }
            tx.execute_batch("SAVEPOINT import_row")?;
            match import_one(&tx, &settings, row, &key, opts, op, now) {
                Ok(()) => {
                    tx.execute_batch("RELEASE import_row")?;
                    report.imported += 1;
                }
                Err(reasons) => {
                    tx.execute_batch("ROLLBACK TO import_row; RELEASE import_row")?;
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
            }
        } else {
            tx.commit()?;
            report.committed = true;
        }
        Ok(report)
    }
}

/// Writes one row; on failure returns every reason (the caller rolls the row back).
fn import_one(
    tx: &Transaction,
    settings: &Settings,
    row: &ImportRow,
    key: &str,
    opts: &ImportOptions,
    op: &Operator,
    now: Instant,
) -> std::result::Result<(), Vec<String>> {
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
                    "责任单位“{}”不在部门列表中，请先在“设置 → 部门”中添加，或核对名称",
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
            if row.reply_at.is_none() {
                reasons.push(format!("状态为“{}”但没有答复日期", state.label()));
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
    write_row(tx, settings, &row, &case, lead, state, key, opts, op, now)
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
    opts: &ImportOptions,
    op: &Operator,
    now: Instant,
) -> Result<()> {
    let enterprise_id = upsert_enterprise(tx, &v.enterprise, now)?;
    let contact_id = upsert_contact(tx, enterprise_id, &v.contact)?;
    let year = v.received_at.year();
    let given = row.reg_no.trim();
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
    let closed_at = (state == CaseState::Closed)
        .then(|| row.closed_at.or(row.reply_at).unwrap_or(now))
        .map(ts);
    let ev = row.evaluation.as_ref();
    let eval_at = ev.map(|_| ts(row.closed_at.or(row.reply_at).unwrap_or(now)));
    let rejected = state == CaseState::Rejected;
    tx.execute(
        "INSERT INTO cases (reg_no, reg_year, reg_seq, received_at, channel, nature, category,
            summary, description, wanted_department, screening_opinion, enterprise_id,
            contact_id, state, accepted_at, outcome, reply_at, reply_way, reply_text,
            eval_result, eval_quality, eval_attitude, eval_efficiency, eval_deemed, eval_at,
            reject_reason, reject_detail, reject_told, rejected_at, closed_at,
            created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?31)",
        params![
            reg_no,
            reg_year,
            reg_seq,
            ts(v.received_at),
            v.channel,
            v.nature,
            v.category,
            v.summary,
            v.description,
            v.wanted_department,
            v.screening_opinion,
            enterprise_id,
            contact_id,
            state.id(),
            accepted_at,
            row.outcome.map(|o| format!("{o:?}")),
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
        ],
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
             VALUES (?1, ?2, ?3, '原台账', ?4, ?5, '由台账文件导入')",
            params![id, assign_no, d.id, route, ts(assigned_at)],
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
    audit(
        tx,
        Some(id),
        now,
        op,
        "import",
        &format!(
            "从台账文件导入（{} 第{}行）：{reg_no}，{}反映（{}·{}），状态“{}”",
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
        audit(
            tx,
            Some(id),
            at.unwrap_or(now),
            op,
            "progress",
            text,
            None,
            None,
        )?;
    }
    Ok(())
}
