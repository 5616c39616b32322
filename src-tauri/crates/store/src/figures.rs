//! The rows the period reports (周报/月报/季报/年报) are computed from, read through the
//! indexes: only the cases that one of the asked periods needs (received, closed,
//! replied, evaluated or escalated in it) and those overdue at `now`, and only the urges
//! made in one of the periods; the enterprise and summary texts only of the cases the
//! circulation notice lists. Guarantees: every value is typed; an unknown code in the
//! file is damage (`ledger.corrupt`), never a default. Void cases never appear.

use std::collections::{HashMap, HashSet};

use rusqlite::params_from_iter;
use zhitong_domain::{CaseState, Instant, Outcome, Satisfaction};

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
    /// 问题摘要, read only for a case the circulation notice (通报) can list: overdue
    /// now or rated 不满意; empty otherwise.
    pub summary: String,
    /// The enterprise's name, read as `summary` is.
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
    /// A handling or letter deadline was met late or is still unmet (`cases.late`, kept
    /// by triggers on the deadlines, migration 008).
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

/// `{col} >= ?a AND {col} < ?b` for each of `windows`, their bounds appended to `args`.
fn in_windows(col: &str, windows: &[Window], args: &mut Vec<Ts>) -> Vec<String> {
    windows
        .iter()
        .map(|&(from, to)| {
            args.push(Ts(from));
            args.push(Ts(to));
            let n = args.len();
            format!("({col} >= ?{} AND {col} < ?{n})", n - 1)
        })
        .collect()
}

/// The columns of a case the figures read, in [`figure_case`]'s order; `c` is the case.
const CASE_COLUMNS: &str = "c.id, c.reg_no, c.received_at, c.nature, c.channel, c.category,
    c.state, c.accepted_at IS NOT NULL, c.closed_at, c.reply_at, c.outcome,
    c.escalated, c.escalated_at, c.eval_result, c.eval_deemed, c.eval_at,
    c.eval_quality, c.eval_attitude, c.eval_efficiency, c.lead_department_id,
    c.next_due_at, c.urge_count, c.late";

/// The statement reading the cases of `windows` (received, closed, replied, evaluated or
/// escalated in one of them), with its parameters. The conditions are one `OR`, which
/// SQLite answers with one range per index and a row set of the ids found (a `UNION` of
/// subqueries sorted every id into a temporary tree first).
fn cases_sql(windows: &[Window]) -> (String, Vec<Ts>) {
    let mut args: Vec<Ts> = Vec::new();
    let picks: Vec<String> = PERIOD_COLUMNS
        .iter()
        .flat_map(|col| in_windows(&format!("c.{col}"), windows, &mut args))
        .collect();
    // Only the cases table (lateness is its `late` column, migration 008): the
    // enterprise's name and the summary are read afterwards for the few cases the notice
    // lists, the department's name comes from the departments table read once, and the
    // order is made in Rust.
    // Joining and sorting tens of thousands of wide rows in SQLite took most of the time.
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases c WHERE ({}) AND c.state <> '{}'",
        picks.join(" OR "),
        code(CaseState::Void)
    );
    (sql, args)
}

/// The statement reading the cases overdue at `?1`, with their enterprise's name and
/// summary (the 通报 lists them): a case being handled or replied (B) whose running
/// deadline passed, or an accepted one whose limit counts from receipt (待交办, 002
/// 第10条). Every column is in cases_open (migration 009), so no case row is read: the
/// overdue cases are spread over the whole table, a page apiece. `INDEXED BY`: without
/// it SQLite takes cases_state_due for its two-column range and then reads each row.
fn overdue_sql() -> String {
    let states: Vec<String> = [
        CaseState::Accepted,
        CaseState::Assigned,
        CaseState::InProgress,
        CaseState::Replied,
    ]
    .iter()
    .map(|s| format!("'{}'", code(*s)))
    .collect();
    format!(
        "SELECT {CASE_COLUMNS}, c.summary, e.name
         FROM cases c INDEXED BY cases_open JOIN enterprises e ON e.id = c.enterprise_id
         WHERE c.state NOT IN ('closed', 'void', 'rejected')
           AND c.state IN ({}) AND c.next_due_at < ?1",
        states.join(", ")
    )
}

/// One case from a row whose first columns are [`CASE_COLUMNS`].
fn figure_case(r: &rusqlite::Row, departments: &HashMap<i64, String>) -> Result<FigureCase> {
    let lead: Option<i64> = r.get(19)?;
    Ok(FigureCase {
        reg_no: r.get(1)?,
        received_at: r.get::<_, Ts>(2)?.0,
        nature: r.get(3)?,
        channel: r.get(4)?,
        category: r.get(5)?,
        summary: String::new(),
        enterprise: String::new(),
        state: r.get::<_, Col<CaseState>>(6)?.0,
        accepted: r.get(7)?,
        closed_at: r.get::<_, Option<Ts>>(8)?.map(|t| t.0),
        reply_at: r.get::<_, Option<Ts>>(9)?.map(|t| t.0),
        outcome: r.get::<_, Option<Col<Outcome>>>(10)?.map(|c| c.0),
        escalated: r.get(11)?,
        escalated_at: r.get::<_, Option<Ts>>(12)?.map(|t| t.0),
        evaluation: r.get::<_, Option<Col<Satisfaction>>>(13)?.map(|c| c.0),
        eval_deemed: r.get(14)?,
        eval_at: r.get::<_, Option<Ts>>(15)?.map(|t| t.0),
        stars: [r.get(16)?, r.get(17)?, r.get(18)?],
        lead: match lead {
            None => None,
            Some(id) => Some(
                departments
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| crate::StoreError::Corrupt(format!("责任单位编号{id}")))?,
            ),
        },
        next_due_at: r.get::<_, Option<Ts>>(20)?.map(|t| t.0),
        urge_count: r.get(21)?,
        late: r.get(22)?,
    })
}

/// The statement reading the urges made in `windows`, with its parameters.
fn urges_sql(windows: &[Window]) -> (String, Vec<Ts>) {
    let mut args: Vec<Ts> = Vec::new();
    let picks = in_windows("u.at", windows, &mut args);
    let sql = format!(
        "SELECT u.at, d.name, u.counted FROM urges u JOIN cases c ON c.id = u.case_id
         LEFT JOIN departments d ON d.id = u.department_id
         WHERE ({}) AND c.state <> '{}'",
        picks.join(" OR "),
        code(CaseState::Void)
    );
    (sql, args)
}

impl Ledger {
    /// The cases and urges the figures of `windows` need, at `now` (see the module doc).
    pub fn figure_rows(&self, windows: &[Window], now: Instant) -> Result<FigureRows> {
        let departments: HashMap<i64, String> = self
            .conn
            .prepare_cached("SELECT id, name FROM departments")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // The overdue cases first, with their texts; a case also in a period is kept once.
        let mut cases: Vec<(i64, FigureCase)> = Vec::new();
        let mut stmt = self.conn.prepare_cached(&overdue_sql())?;
        let mut rows = stmt.query([Ts(now)])?;
        while let Some(r) = rows.next()? {
            let mut c = figure_case(r, &departments)?;
            c.summary = r.get(23)?;
            c.enterprise = r.get(24)?;
            cases.push((r.get(0)?, c));
        }
        drop(rows);
        let overdue: HashSet<i64> = cases.iter().map(|(id, _)| *id).collect();
        if !windows.is_empty() {
            let (sql, args) = cases_sql(windows);
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query(params_from_iter(args.iter()))?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                if !overdue.contains(&id) {
                    cases.push((id, figure_case(r, &departments)?));
                }
            }
        }
        cases.sort_by(|(a, x), (b, y)| x.received_at.cmp(&y.received_at).then(a.cmp(b)));
        self.fill_unsatisfied_texts(&mut cases, &overdue)?;
        let cases = cases.into_iter().map(|(_, c)| c).collect();

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

    /// Reads the enterprise's name and the summary of the cases rated 不满意 that the
    /// circulation notice lists (the overdue ones, in `have`, came with theirs), in one
    /// statement.
    fn fill_unsatisfied_texts(
        &self,
        cases: &mut [(i64, FigureCase)],
        have: &HashSet<i64>,
    ) -> Result<()> {
        let listed = |id: &i64, c: &FigureCase| {
            c.evaluation == Some(Satisfaction::Unsatisfied) && !have.contains(id)
        };
        let ids: Vec<String> = cases
            .iter()
            .filter(|(id, c)| listed(id, c))
            .map(|(id, _)| id.to_string())
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, e.name, c.summary FROM cases c
             JOIN enterprises e ON e.id = c.enterprise_id
             WHERE c.id IN (SELECT value FROM json_each(?1))",
        )?;
        let mut texts: HashMap<i64, (String, String)> = stmt
            .query_map([format!("[{}]", ids.join(","))], |r| {
                Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, c) in cases.iter_mut() {
            if let Some((enterprise, summary)) = texts.remove(id) {
                c.enterprise = enterprise;
                c.summary = summary;
            }
        }
        Ok(())
    }
}

/// The headline figures of one period that the 上期 and 去年同期 comparisons show, counted
/// by SQLite through the period indexes (no case row leaves the database). Each count
/// is defined as in the summary (see `zhitong_report::summary`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PeriodCounts {
    /// Received in the period.
    pub received: i64,
    /// Of those, accepted (and not rejected).
    pub accepted: i64,
    /// Of the accepted, closed now.
    pub accepted_closed: i64,
    /// Closed in the period.
    pub closed: i64,
    /// Of those, with no handling or letter deadline met late or still running past due.
    pub closed_on_time: i64,
    /// Evaluated in the period, deemed satisfaction included.
    pub evaluated: i64,
    /// Of those, satisfied (deemed included).
    pub satisfied: i64,
    /// Urges made in the period.
    pub urges: i64,
    /// Cases escalated in the period.
    pub escalations: i64,
}

/// The statements of [`Ledger::period_counts`]: one per timestamp column, each reading
/// one index range. `?1`/`?2` are the period's bounds. (`+c.state` keeps SQLite from
/// walking every closed case through cases_state_due instead of the period's range.)
fn counts_sql() -> [String; 5] {
    let void = code(CaseState::Void);
    let (rejected, closed) = (code(CaseState::Rejected), code(CaseState::Closed));
    let satisfied = code(Satisfaction::Satisfied);
    [
        format!(
            "SELECT COUNT(*),
                    COALESCE(SUM(c.accepted_at IS NOT NULL AND c.state <> '{rejected}'), 0),
                    COALESCE(SUM(c.accepted_at IS NOT NULL AND c.state = '{closed}'), 0)
             FROM cases c WHERE c.received_at >= ?1 AND c.received_at < ?2
               AND c.state <> '{void}'"
        ),
        format!(
            "SELECT COUNT(*), COALESCE(SUM(NOT c.late), 0), 0
             FROM cases c WHERE c.closed_at >= ?1 AND c.closed_at < ?2
               AND +c.state = '{closed}'"
        ),
        format!(
            "SELECT COUNT(*), COALESCE(SUM(c.eval_deemed OR c.eval_result = '{satisfied}'), 0), 0
             FROM cases c WHERE c.eval_at >= ?1 AND c.eval_at < ?2
               AND c.eval_result IS NOT NULL AND c.state <> '{void}'"
        ),
        format!(
            "SELECT COUNT(*), 0, 0 FROM urges u JOIN cases c ON c.id = u.case_id
             WHERE u.at >= ?1 AND u.at < ?2 AND c.state <> '{void}'"
        ),
        format!(
            "SELECT COUNT(*), 0, 0 FROM cases c
             WHERE c.escalated_at >= ?1 AND c.escalated_at < ?2 AND c.state <> '{void}'"
        ),
    ]
}

impl Ledger {
    /// The comparison figures of `window` (see [`PeriodCounts`]), in five statements.
    pub fn period_counts(&self, window: Window) -> Result<PeriodCounts> {
        let (from, to) = (Ts(window.0), Ts(window.1));
        let mut got = [[0i64; 3]; 5];
        for (sql, out) in counts_sql().iter().zip(&mut got) {
            let mut stmt = self.conn.prepare_cached(sql)?;
            *out = stmt.query_row(rusqlite::params![from, to], |r| {
                Ok([r.get(0)?, r.get(1)?, r.get(2)?])
            })?;
        }
        let [[received, accepted, accepted_closed], [closed, closed_on_time, _], [evaluated, satisfied, _], [urges, ..], [escalations, ..]] =
            got;
        Ok(PeriodCounts {
            received,
            accepted,
            accepted_closed,
            closed,
            closed_on_time,
            evaluated,
            satisfied,
            urges,
            escalations,
        })
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
        let (sql, args) = cases_sql(&windows);
        let p = plan(&l.conn, &sql, &args);
        for index in [
            "cases_received",
            "cases_closed",
            "cases_replied",
            "cases_evaluated",
            "cases_escalated",
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

    #[test]
    fn the_overdue_cases_are_read_from_the_open_case_index_alone() {
        let l = Ledger::open_in_memory().unwrap();
        let p = plan(&l.conn, &overdue_sql(), &[Ts(at(2026, 4, 2))]);
        assert!(
            p.iter()
                .any(|d| d.contains("USING COVERING INDEX cases_open")),
            "every column a report reads of an overdue case is in cases_open (migration \
             009), so none of their scattered table rows is read: {p:#?}"
        );
        assert!(
            !p.iter().any(|d| d.contains("TEMP B-TREE")),
            "nothing is sorted in SQLite (the order is made in Rust): {p:#?}"
        );
    }

    #[test]
    fn the_comparison_counts_read_one_index_range_each() {
        let l = Ledger::open_in_memory().unwrap();
        let args = [Ts(at(2025, 1, 1)), Ts(at(2026, 1, 1))];
        let indexes = [
            "cases_received",
            "cases_closed",
            "cases_evaluated",
            "urges_at",
            "cases_escalated",
        ];
        for (sql, index) in counts_sql().iter().zip(indexes) {
            let p = plan(&l.conn, sql, &args);
            assert!(
                p.iter().any(|d| d.contains(index)),
                "counted through {index}: {p:#?}"
            );
            // Escalations are few: reading their rows costs nothing.
            if ["cases_received", "cases_closed", "cases_evaluated"].contains(&index) {
                assert!(
                    p.iter()
                        .filter(|d| d.starts_with("SEARCH"))
                        .all(|d| d.contains("COVERING")),
                    "{index}: the count reads index entries only, no case or deadline row: {p:#?}"
                );
            }
            assert!(
                !p.iter().any(|d| d.starts_with("SCAN")),
                "no case outside the period is read: {p:#?}"
            );
        }
    }
}
