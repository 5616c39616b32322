//! The rows the period reports (周报/月报/季报/年报) are computed from, read through the
//! indexes: only the cases that one of the asked periods needs (received, closed,
//! replied, evaluated or escalated in it) and those overdue at `now`, and only the urges
//! made in one of the periods. Guarantees: every value is typed; an unknown code in the
//! file is damage (`ledger.corrupt`), never a default. Void cases never appear.

use rusqlite::params_from_iter;
use zhitong_domain::{CaseState, DeadlineKind, Instant, Outcome, Satisfaction};

use crate::sql::{code, Col, Ts};
use crate::{Ledger, Result};

/// A half-open period `[from, to)`.
pub type Window = (Instant, Instant);

/// One case as the period figures need it.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureCase {
    pub reg_no: String,
    pub received_at: Instant,
    pub nature: String,
    pub channel: String,
    pub category: String,
    pub summary: String,
    pub enterprise: String,
    pub state: CaseState,
    pub accepted: bool,
    pub closed_at: Option<Instant>,
    pub reply_at: Option<Instant>,
    pub outcome: Option<Outcome>,
    pub escalated: bool,
    pub escalated_at: Option<Instant>,
    pub evaluation: Option<Satisfaction>,
    pub eval_deemed: bool,
    pub eval_at: Option<Instant>,
    /// Quality, attitude, efficiency (1–5), when rated.
    pub stars: [Option<i64>; 3],
    /// The current lead department (after any 转办).
    pub lead: Option<String>,
    /// The earliest running handling or letter deadline.
    pub next_due_at: Option<Instant>,
    /// Counted urges of the current assignment.
    pub urge_count: i64,
    /// A handling or letter deadline was met late, or is still running past due.
    pub late: bool,
}

/// One urge as the period figures need it.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureUrge {
    pub at: Instant,
    /// The department that was urged.
    pub department: Option<String>,
    /// Counted towards escalation.
    pub counted: bool,
}

/// What [`Ledger::figure_rows`] returns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FigureRows {
    /// In order of receipt.
    pub cases: Vec<FigureCase>,
    pub urges: Vec<FigureUrge>,
}

/// The timestamp columns that put a case in a period; each has an index.
const PERIOD_COLUMNS: [&str; 5] = [
    "received_at",
    "closed_at",
    "reply_at",
    "eval_at",
    "escalated_at",
];

/// The statement reading the cases of `windows` and the overdue-now cases, with its
/// parameters.
/// `SELECT id FROM {table} WHERE {col}` in one of `windows`, a statement per window,
/// its bounds appended to `args`.
fn in_windows(table: &str, col: &str, windows: &[Window], args: &mut Vec<Ts>) -> Vec<String> {
    windows
        .iter()
        .map(|&(from, to)| {
            args.push(Ts(from));
            args.push(Ts(to));
            let n = args.len();
            format!(
                "SELECT id FROM {table} WHERE {col} >= ?{} AND {col} < ?{n}",
                n - 1
            )
        })
        .collect()
}

fn cases_sql(windows: &[Window], now: Instant) -> (String, Vec<Ts>) {
    let mut args: Vec<Ts> = Vec::new();
    let mut picks: Vec<String> = PERIOD_COLUMNS
        .iter()
        .flat_map(|col| in_windows("cases", col, windows, &mut args))
        .collect();
    // Overdue now: a case being handled or replied (B) whose running deadline passed, or
    // an accepted one whose limit counts from receipt (待交办, 002 第10条).
    args.push(Ts(now));
    for state in [
        CaseState::Accepted,
        CaseState::Assigned,
        CaseState::InProgress,
        CaseState::Replied,
    ] {
        picks.push(format!(
            "SELECT id FROM cases WHERE state = '{}' AND next_due_at < ?{}",
            code(state),
            args.len()
        ));
    }
    let kinds = format!(
        "'{}', '{}'",
        code(DeadlineKind::Handling),
        code(DeadlineKind::Letter)
    );
    let sql = format!(
        "SELECT c.reg_no, c.received_at, c.nature, c.channel, c.category, c.summary, e.name,
                c.state, c.accepted_at IS NOT NULL, c.closed_at, c.reply_at, c.outcome,
                c.escalated, c.escalated_at, c.eval_result, c.eval_deemed, c.eval_at,
                c.eval_quality, c.eval_attitude, c.eval_efficiency, d.name, c.next_due_at,
                c.urge_count,
                EXISTS (SELECT 1 FROM deadlines dl WHERE dl.case_id = c.id
                        AND dl.kind IN ({kinds}) AND dl.superseded_at IS NULL
                        AND (dl.met_at IS NULL OR dl.met_at > dl.due_at))
         FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
         LEFT JOIN departments d ON d.id = c.lead_department_id
         WHERE c.id IN ({}) AND c.state <> '{}'
         ORDER BY c.received_at, c.id",
        picks.join(" UNION "),
        code(CaseState::Void)
    );
    (sql, args)
}

/// The statement reading the urges made in `windows`, with its parameters.
fn urges_sql(windows: &[Window]) -> (String, Vec<Ts>) {
    let mut args: Vec<Ts> = Vec::new();
    let picks = in_windows("urges", "at", windows, &mut args);
    let sql = format!(
        "SELECT u.at, d.name, u.counted FROM urges u JOIN cases c ON c.id = u.case_id
         LEFT JOIN departments d ON d.id = u.department_id
         WHERE u.id IN ({}) AND c.state <> '{}'",
        picks.join(" UNION "),
        code(CaseState::Void)
    );
    (sql, args)
}

impl Ledger {
    /// The cases and urges the figures of `windows` need, at `now` (see the module doc).
    pub fn figure_rows(&self, windows: &[Window], now: Instant) -> Result<FigureRows> {
        let (sql, args) = cases_sql(windows, now);
        let mut stmt = self.conn.prepare(&sql)?;
        let cases = stmt
            .query_map(params_from_iter(args.iter()), |r| {
                Ok(FigureCase {
                    reg_no: r.get(0)?,
                    received_at: r.get::<_, Ts>(1)?.0,
                    nature: r.get(2)?,
                    channel: r.get(3)?,
                    category: r.get(4)?,
                    summary: r.get(5)?,
                    enterprise: r.get(6)?,
                    state: r.get::<_, Col<CaseState>>(7)?.0,
                    accepted: r.get(8)?,
                    closed_at: r.get::<_, Option<Ts>>(9)?.map(|t| t.0),
                    reply_at: r.get::<_, Option<Ts>>(10)?.map(|t| t.0),
                    outcome: r.get::<_, Option<Col<Outcome>>>(11)?.map(|c| c.0),
                    escalated: r.get(12)?,
                    escalated_at: r.get::<_, Option<Ts>>(13)?.map(|t| t.0),
                    evaluation: r.get::<_, Option<Col<Satisfaction>>>(14)?.map(|c| c.0),
                    eval_deemed: r.get(15)?,
                    eval_at: r.get::<_, Option<Ts>>(16)?.map(|t| t.0),
                    stars: [r.get(17)?, r.get(18)?, r.get(19)?],
                    lead: r.get(20)?,
                    next_due_at: r.get::<_, Option<Ts>>(21)?.map(|t| t.0),
                    urge_count: r.get(22)?,
                    late: r.get(23)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        let urges = if windows.is_empty() {
            Vec::new()
        } else {
            let (sql, args) = urges_sql(windows);
            let mut stmt = self.conn.prepare(&sql)?;
            let rows = stmt
                .query_map(params_from_iter(args.iter()), |r| {
                    Ok(FigureUrge {
                        at: r.get::<_, Ts>(0)?.0,
                        department: r.get(1)?,
                        counted: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows
        };
        Ok(FigureRows { cases, urges })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::plan;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> Instant {
        zhitong_domain::china()
            .with_ymd_and_hms(y, m, d, 0, 0, 0)
            .unwrap()
    }

    #[test]
    fn a_period_reads_its_cases_and_urges_through_the_indexes() {
        let l = Ledger::open_in_memory().unwrap();
        let windows = [
            (at(2026, 3, 1), at(2026, 4, 1)),
            (at(2026, 2, 1), at(2026, 3, 1)),
        ];
        let (sql, args) = cases_sql(&windows, at(2026, 4, 2));
        let p = plan(&l.conn, &sql, &args);
        for index in [
            "cases_received",
            "cases_closed",
            "cases_replied",
            "cases_evaluated",
            "cases_escalated",
            "cases_state_due",
        ] {
            assert!(
                p.iter().any(|d| d.contains(index)),
                "the period conditions use {index}: {p:#?}"
            );
        }
        assert!(
            !p.iter().any(|d| d.starts_with("SCAN")),
            "no case is read that no period needs: {p:#?}"
        );
        let (sql, args) = urges_sql(&windows);
        let p = plan(&l.conn, &sql, &args);
        assert!(
            p.iter().any(|d| d.contains("urges_at")),
            "urges by their time: {p:#?}"
        );
        assert!(
            !p.iter().any(|d| d.starts_with("SCAN")),
            "no urge outside the periods is read: {p:#?}"
        );
    }
}
