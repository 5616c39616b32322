//! The ledger (台账) as a spreadsheet with the columns a clerk keeps today — 登记编号,
//! 反映时间, 企业, 联系人, 电话, 类别, 问题摘要, 责任单位, 交办日期, 办结时限, 办理过程,
//! 办理结果, 答复日期, 评价 — followed by the columns that make the file importable
//! without loss (渠道, 性质, 问题描述, 信用代码, 状态, 办结日期). Guarantees: honours the
//! `CaseQuery` filter and sort (paging ignored: every matching case); the text written
//! for each cell is exactly what [`crate::import`] reads back.

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::{china, Instant};
use zhitong_store::{CaseQuery, Ledger};

use crate::error::{ReportError, Result};
use crate::Progress;

/// Column titles in file order; the first 14 are the clerk's ledger.
pub const LEDGER_COLUMNS: [&str; 20] = [
    "登记编号",
    "反映时间",
    "企业",
    "联系人",
    "电话",
    "类别",
    "问题摘要",
    "责任单位",
    "交办日期",
    "办结时限",
    "办理过程",
    "办理结果",
    "答复日期",
    "评价",
    "反映渠道",
    "诉求性质",
    "企业反映困难问题",
    "统一社会信用代码",
    "状态",
    "办结日期",
];

/// One ledger line, every cell as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LedgerRow {
    pub reg_no: String,
    pub received_at: String,
    pub enterprise: String,
    pub contact: String,
    pub phone: String,
    pub category: String,
    pub summary: String,
    pub lead: String,
    pub assigned_on: String,
    pub due: String,
    pub process: String,
    pub result: String,
    pub replied_on: String,
    pub evaluation: String,
    pub channel: String,
    pub nature: String,
    pub description: String,
    pub credit_code: String,
    pub state: String,
    pub closed_on: String,
}

impl LedgerRow {
    /// The cells in [`LEDGER_COLUMNS`] order.
    pub fn cells(&self) -> [&str; 20] {
        [
            &self.reg_no,
            &self.received_at,
            &self.enterprise,
            &self.contact,
            &self.phone,
            &self.category,
            &self.summary,
            &self.lead,
            &self.assigned_on,
            &self.due,
            &self.process,
            &self.result,
            &self.replied_on,
            &self.evaluation,
            &self.channel,
            &self.nature,
            &self.description,
            &self.credit_code,
            &self.state,
            &self.closed_on,
        ]
    }
}

fn parse(s: Option<String>) -> Option<Instant> {
    s.and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
        .map(|t| t.with_timezone(&china()))
}

/// `2026-03-05 14:30`.
pub fn datetime_text(t: Instant) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// `2026-03-05`.
pub fn date_text(t: Instant) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// A deadline: the date alone when it is the end of a day, else date and time.
pub fn due_text(t: Instant) -> String {
    if t.format("%H:%M:%S").to_string() == "23:59:59" {
        date_text(t)
    } else {
        datetime_text(t)
    }
}

/// 评价 cell: `满意（服务质量5星，服务态度5星，服务效率4星）`, `视作满意`, `不满意`.
pub fn evaluation_text(result: &str, deemed: bool, stars: [Option<i64>; 3]) -> String {
    let label = match result {
        "satisfied" => "满意",
        "average" => "一般",
        "unsatisfied" => "不满意",
        _ => return String::new(),
    };
    if deemed {
        return "视作满意".into();
    }
    let parts: Vec<String> = ["服务质量", "服务态度", "服务效率"]
        .iter()
        .zip(stars)
        .filter_map(|(n, s)| s.map(|s| format!("{n}{s}星")))
        .collect();
    if parts.is_empty() {
        label.into()
    } else {
        format!("{label}（{}）", parts.join("，"))
    }
}

/// The ledger lines of every case matching `query` (sorted as the query says).
pub fn ledger_rows(
    ledger: &Ledger,
    query: &CaseQuery,
    now: Instant,
    progress: Progress<'_>,
) -> Result<Vec<LedgerRow>> {
    let mut q = query.clone();
    q.offset = 0;
    q.limit = 0;
    let page = ledger.list(&q, now)?;
    let total = page.rows.len();
    let conn = ledger.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT c.reg_no, c.received_at, e.name, ct.name, ct.phone, c.category, c.summary,
            d.name,
            (SELECT assigned_at FROM assignments a WHERE a.case_id = c.id AND a.superseded_at IS NULL
               ORDER BY a.id DESC LIMIT 1),
            (SELECT MIN(due_at) FROM deadlines dl WHERE dl.case_id = c.id
               AND dl.kind IN ('handling', 'letter') AND dl.superseded_at IS NULL),
            (SELECT group_concat(line, char(10)) FROM
               (SELECT substr(ev.at, 1, 10) || ' ' || substr(ev.at, 12, 5) || ' ' || ev.summary AS line
                FROM events ev WHERE ev.case_id = c.id AND ev.action IN ('progress', 'urge')
                ORDER BY ev.at, ev.id)),
            c.outcome, c.reply_text, c.reply_at, c.eval_result, c.eval_deemed,
            c.eval_quality, c.eval_attitude, c.eval_efficiency, c.channel, c.nature,
            c.description, COALESCE(e.credit_code, ''), c.state, c.closed_at,
            c.reject_reason, c.reject_detail
         FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
         JOIN contacts ct ON ct.id = c.contact_id
         LEFT JOIN departments d ON d.id = c.lead_department_id
         WHERE c.id = ?1",
    )?;
    let mut out = Vec::with_capacity(total);
    for (i, r) in page.rows.iter().enumerate() {
        let row = stmt.query_row([r.id], |x| {
            let state: String = x.get(23)?;
            let state = zhitong_domain::CaseState::parse(&state)
                .map(|s| s.label().to_string())
                .unwrap_or(state);
            let outcome: Option<String> = x.get(11)?;
            let reply: String = x.get(12)?;
            let reject: Option<String> = x.get(25)?;
            let reject_detail: String = x.get(26)?;
            let result = match (outcome, reject) {
                (_, Some(_)) => format!("不予受理：{reject_detail}"),
                (Some(o), _) if reply.is_empty() => format!("{o}类"),
                (Some(o), _) => format!("{o}类：{reply}"),
                (None, None) => String::new(),
            };
            let eval: Option<String> = x.get(14)?;
            Ok(LedgerRow {
                reg_no: x.get(0)?,
                received_at: parse(x.get(1)?).map(datetime_text).unwrap_or_default(),
                enterprise: x.get(2)?,
                contact: x.get(3)?,
                phone: x.get(4)?,
                category: x.get(5)?,
                summary: x.get(6)?,
                lead: x.get::<_, Option<String>>(7)?.unwrap_or_default(),
                assigned_on: parse(x.get(8)?).map(date_text).unwrap_or_default(),
                due: parse(x.get(9)?).map(due_text).unwrap_or_default(),
                process: x.get::<_, Option<String>>(10)?.unwrap_or_default(),
                result,
                replied_on: parse(x.get(13)?).map(date_text).unwrap_or_default(),
                evaluation: eval
                    .map(|e| {
                        evaluation_text(
                            &e,
                            x.get(15).unwrap_or(false),
                            [
                                x.get(16).unwrap_or(None),
                                x.get(17).unwrap_or(None),
                                x.get(18).unwrap_or(None),
                            ],
                        )
                    })
                    .unwrap_or_default(),
                channel: x.get(19)?,
                nature: x.get(20)?,
                description: x.get(21)?,
                credit_code: x.get(22)?,
                state,
                closed_on: parse(x.get(24)?).map(date_text).unwrap_or_default(),
            })
        })?;
        out.push(row);
        progress(i + 1, total);
    }
    Ok(out)
}

fn write_err(path: &Path, e: impl std::fmt::Display) -> ReportError {
    ReportError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Writes the ledger as CSV (UTF-8 with BOM). Returns the number of cases written.
pub fn export_csv(
    ledger: &Ledger,
    query: &CaseQuery,
    now: Instant,
    path: &Path,
    progress: Progress<'_>,
) -> Result<usize> {
    let rows = ledger_rows(ledger, query, now, progress)?;
    let mut text = String::from(crate::csv::BOM);
    text.push_str(&crate::csv::line(&LEDGER_COLUMNS));
    for r in &rows {
        text.push_str(&crate::csv::line(&r.cells()));
    }
    std::fs::write(path, text).map_err(|e| write_err(path, e))?;
    Ok(rows.len())
}

/// Column widths in characters, in [`LEDGER_COLUMNS`] order.
const WIDTHS: [f64; 20] = [
    26.0, 17.0, 24.0, 9.0, 15.0, 10.0, 30.0, 14.0, 11.0, 11.0, 40.0, 30.0, 11.0, 16.0, 10.0, 8.0,
    40.0, 20.0, 10.0, 11.0,
];

/// Writes the ledger as an XLSX workbook: a title line, then the header and one row per
/// case (header frozen, filter on). Returns the number of cases written.
pub fn export_xlsx(
    ledger: &Ledger,
    query: &CaseQuery,
    now: Instant,
    path: &Path,
    progress: Progress<'_>,
) -> Result<usize> {
    let rows = ledger_rows(ledger, query, now, progress)?;
    let park = ledger.settings()?.park_name;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("台账")?;
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_font_name("宋体");
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("D9E1F2")
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_font_name("宋体");
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_name("宋体")
        .set_num_format("@");
    let last_col = (LEDGER_COLUMNS.len() - 1) as u16;
    ws.merge_range(0, 0, 0, 13, &format!("{park}企业反映困难问题台账"), &title)?;
    ws.write_string(
        0,
        14,
        format!("导出时间：{}", datetime_text(now.with_timezone(&china()))),
    )?;
    for (c, (name, w)) in LEDGER_COLUMNS.iter().zip(WIDTHS).enumerate() {
        ws.write_string_with_format(1, c as u16, *name, &head)?;
        ws.set_column_width(c as u16, w)?;
    }
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.cells().iter().enumerate() {
            ws.write_string_with_format(i as u32 + 2, c as u16, *v, &cell)?;
        }
    }
    ws.set_freeze_panes(2, 1)?;
    ws.autofilter(1, 0, rows.len() as u32 + 1, last_col)?;
    wb.save(path).map_err(|e| write_err(path, e))?;
    Ok(rows.len())
}
