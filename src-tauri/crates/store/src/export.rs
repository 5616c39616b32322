//! The facts of each case that the ledger file (台账 XLSX/CSV) carries, read for every
//! case a [`CaseQuery`] matches, in its order, a run of cases at a time so that an export
//! of a large ledger never holds more than [`CHUNK`] cases beyond what the caller keeps. Guarantees:
//! values are typed (the caller formats them); an unknown code is damage, not a default.

use std::collections::HashMap;

use rusqlite::params_from_iter;
use zhitong_domain::{CaseState, DeadlineKind, Instant, Outcome, RejectReason, Satisfaction};

use crate::query::{filter_sql, Filter};
use crate::sql::{code, Col, Ts};
use crate::{CaseQuery, Ledger, Result, StoreError};

/// One case as the ledger file shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerLine {
    pub reg_no: String,
    pub received_at: Instant,
    pub enterprise: String,
    pub credit_code: String,
    pub contact: String,
    pub phone: String,
    pub channel: String,
    pub nature: String,
    pub category: String,
    pub summary: String,
    pub description: String,
    /// The current lead department.
    pub lead: Option<String>,
    /// When the current assignment was made.
    pub assigned_at: Option<Instant>,
    /// The earliest running handling or letter deadline.
    pub due_at: Option<Instant>,
    /// 办理过程: progress notes and urges, oldest first.
    pub process: Vec<(Instant, String)>,
    pub outcome: Option<Outcome>,
    pub reply_text: String,
    pub reply_at: Option<Instant>,
    pub evaluation: Option<Satisfaction>,
    pub eval_deemed: bool,
    /// Quality, attitude, efficiency (1–5), when rated.
    pub stars: [Option<i64>; 3],
    pub state: CaseState,
    pub closed_at: Option<Instant>,
    pub rejection: Option<(RejectReason, String)>,
}

/// Cases whose process notes are read together, by one statement.
const CHUNK: usize = 1000;

/// The progress notes and urges of the cases in the JSON array `?1`, from the
/// events_process index alone (migration 009: it carries the note's text).
const PROCESS_NOTES: &str = "SELECT case_id, at, summary FROM events
     WHERE case_id IN (SELECT value FROM json_each(?1))
       AND action IN ('progress', 'urge')
     ORDER BY case_id, at, id";

impl Ledger {
    /// Calls `each(line, done, total)` for every case `query` matches (its filter and
    /// sort; paging ignored), in order. One statement reads the lines; the process notes
    /// of each run of [`CHUNK`] cases are read by one more.
    /// An error `each` returns stops the walk and is returned as it is.
    pub fn for_each_ledger_line<E: From<StoreError>>(
        &self,
        query: &CaseQuery,
        now: Instant,
        mut each: impl FnMut(LedgerLine, usize, usize) -> std::result::Result<(), E>,
    ) -> std::result::Result<usize, E> {
        let Filter {
            where_sql,
            order,
            args,
            ..
        } = filter_sql(query, now);
        let total: i64 = self
            .conn
            .query_row(
                &format!("SELECT COUNT(*) FROM cases c{where_sql}"),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )
            .map_err(StoreError::from)?;
        let total = usize::try_from(total).unwrap_or(0);
        let lines = lines_sql(&where_sql, &order);
        let mut stmt = self.conn.prepare(&lines).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(params_from_iter(args.iter()))
            .map_err(StoreError::from)?;
        let mut chunk: Vec<(i64, LedgerLine)> = Vec::with_capacity(CHUNK.min(total));
        let mut done = 0;
        while let Some(x) = rows.next().map_err(StoreError::from)? {
            chunk.push((x.get(0).map_err(StoreError::from)?, line_from(x)?));
            if chunk.len() == CHUNK {
                self.pass_on(&mut chunk, &mut done, total, &mut each)?;
            }
        }
        self.pass_on(&mut chunk, &mut done, total, &mut each)?;
        Ok(done)
    }

    /// Adds the process notes to the lines of `chunk` and hands them to `each`, in order.
    fn pass_on<E: From<StoreError>>(
        &self,
        chunk: &mut Vec<(i64, LedgerLine)>,
        done: &mut usize,
        total: usize,
        each: &mut impl FnMut(LedgerLine, usize, usize) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        if chunk.is_empty() {
            return Ok(());
        }
        let ids = format!(
            "[{}]",
            chunk
                .iter()
                .map(|(id, _)| id.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        let mut notes = self.process_notes(&ids)?;
        for (id, mut line) in chunk.drain(..) {
            line.process = notes.remove(&id).unwrap_or_default();
            *done += 1;
            each(line, *done, total.max(*done))?;
        }
        Ok(())
    }

    /// The 办理过程 of the cases `ids` (a JSON array), by case, oldest first.
    fn process_notes(&self, ids: &str) -> Result<HashMap<i64, Vec<(Instant, String)>>> {
        let mut notes: HashMap<i64, Vec<(Instant, String)>> = HashMap::new();
        let mut process = self.conn.prepare_cached(PROCESS_NOTES)?;
        let mut rows = process.query([ids])?;
        while let Some(r) = rows.next()? {
            notes
                .entry(r.get(0)?)
                .or_default()
                .push((r.get::<_, Ts>(1)?.0, r.get(2)?));
        }
        Ok(notes)
    }
}

/// The statement reading the ledger lines that `where_sql` selects, in `order`. The
/// current assignment's time and the earliest running deadline are one seek each in a
/// covering index (assignments_case_current, deadlines_case).
fn lines_sql(where_sql: &str, order: &str) -> String {
    let kinds = format!(
        "'{}', '{}'",
        code(DeadlineKind::Handling),
        code(DeadlineKind::Letter)
    );
    format!(
        "SELECT c.id, c.reg_no, c.received_at, e.name, ct.name, ct.phone, c.category,
            c.summary, d.name,
            (SELECT assigned_at FROM assignments a WHERE a.case_id = c.id
               AND a.superseded_at IS NULL ORDER BY a.id DESC LIMIT 1),
            (SELECT MIN(due_at) FROM deadlines dl WHERE dl.case_id = c.id
               AND dl.kind IN ({kinds}) AND dl.superseded_at IS NULL),
            c.outcome, c.reply_text, c.reply_at, c.eval_result, c.eval_deemed,
            c.eval_quality, c.eval_attitude, c.eval_efficiency, c.channel, c.nature,
            c.description, COALESCE(e.credit_code, ''), c.state, c.closed_at,
            c.reject_reason, c.reject_detail
         FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
         JOIN contacts ct ON ct.id = c.contact_id
         LEFT JOIN departments d ON d.id = c.lead_department_id{where_sql}
         ORDER BY {order}"
    )
}

/// One ledger line from the row of [`Ledger::for_each_ledger_line`]'s statement (its
/// process notes come separately).
fn line_from(x: &rusqlite::Row) -> Result<LedgerLine> {
    let reject: Option<Col<RejectReason>> = x.get(25)?;
    Ok(LedgerLine {
        reg_no: x.get(1)?,
        received_at: x.get::<_, Ts>(2)?.0,
        enterprise: x.get(3)?,
        contact: x.get(4)?,
        phone: x.get(5)?,
        category: x.get(6)?,
        summary: x.get(7)?,
        lead: x.get(8)?,
        assigned_at: x.get::<_, Option<Ts>>(9)?.map(|t| t.0),
        due_at: x.get::<_, Option<Ts>>(10)?.map(|t| t.0),
        process: Vec::new(),
        outcome: x.get::<_, Option<Col<Outcome>>>(11)?.map(|c| c.0),
        reply_text: x.get(12)?,
        reply_at: x.get::<_, Option<Ts>>(13)?.map(|t| t.0),
        evaluation: x.get::<_, Option<Col<Satisfaction>>>(14)?.map(|c| c.0),
        eval_deemed: x.get(15)?,
        stars: [x.get(16)?, x.get(17)?, x.get(18)?],
        channel: x.get(19)?,
        nature: x.get(20)?,
        description: x.get(21)?,
        credit_code: x.get(22)?,
        state: x.get::<_, Col<CaseState>>(23)?.0,
        closed_at: x.get::<_, Option<Ts>>(24)?.map(|t| t.0),
        rejection: reject.map(|r| r.0).zip(x.get::<_, Option<String>>(26)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::plan;

    #[test]
    fn a_ledger_line_reads_no_assignment_or_deadline_row() {
        let l = Ledger::open_in_memory().unwrap();
        let Filter {
            where_sql,
            order,
            args,
            ..
        } = filter_sql(
            &CaseQuery::default(),
            chrono::TimeZone::with_ymd_and_hms(&zhitong_domain::china(), 2026, 6, 15, 10, 0, 0)
                .unwrap(),
        );
        let p = plan(&l.conn, &lines_sql(&where_sql, &order), &args);
        for index in [
            "COVERING INDEX assignments_case_current (case_id=? AND superseded_at=?)",
            "COVERING INDEX deadlines_case (case_id=? AND kind=? AND superseded_at=?)",
        ] {
            assert!(
                p.iter().any(|d| d.contains(index)),
                "交办日期 and 办结时限 come from {index} (migration 008): {p:#?}"
            );
        }
    }

    #[test]
    fn the_process_notes_read_only_notes_and_urges() {
        let l = Ledger::open_in_memory().unwrap();
        let p = plan(&l.conn, PROCESS_NOTES, &["[1,2,3]"]);
        assert!(
            p.iter()
                .any(|d| d.contains("USING COVERING INDEX events_process (case_id=?)")),
            "only the progress and urge events of the chunk's cases are read, and only \
             from the index (migration 009): an event row carries ~800 bytes of \
             snapshots and sits on a page of its own: {p:#?}"
        );
        assert!(
            !p.iter().any(|d| d.contains("TEMP B-TREE")),
            "the index gives the column's order, nothing is sorted: {p:#?}"
        );
    }
}
