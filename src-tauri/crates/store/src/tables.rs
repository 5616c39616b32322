//! Typed calls on the tables every workflow step writes (events, deadlines, urges),
//! reached from an open transaction: `tx.events().record(…)`, `tx.deadlines().add(…)`.
//! They take domain values (kinds, instants, operators) and keep the SQL in one place.

use rusqlite::{params, Transaction};
use zhitong_calendar::Due;
use zhitong_domain::Instant;

use crate::calendar::span_cols;
use crate::sql::{Col, Ts};
use crate::{Operator, Result};

/// The audit trail and each case's timeline. Rows are never changed (triggers refuse it).
pub(crate) struct Events<'t>(pub(crate) &'t Transaction<'t>);

impl Events<'_> {
    /// Records one audit event: who, when, what, and the record before → after.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record(
        &self,
        case_id: Option<i64>,
        at: Instant,
        op: &Operator,
        action: &str,
        summary: &str,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> Result<()> {
        self.0.execute(
            "INSERT INTO events (case_id, at, operator, action, summary, before, after)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                case_id,
                Ts(at),
                op.name,
                action,
                summary,
                before.map(|v| v.to_string()),
                after.map(|v| v.to_string()),
            ],
        )?;
        Ok(())
    }
}

/// Deadlines keep their start and span so they can be recomputed; a running one is
/// neither met nor superseded.
pub(crate) struct Deadlines<'t>(pub(crate) &'t Transaction<'t>);

impl Deadlines<'_> {
    /// Inserts the plan's deadline `d` of the case (of its current assignment `assignment_id`
    /// when `d.of_assignment`), whose due time `due` was computed from its start and span.
    pub(crate) fn add(
        &self,
        case_id: i64,
        assignment_id: Option<i64>,
        d: &zhitong_domain::workflow::NewDeadline,
        due: &Due,
    ) -> Result<i64> {
        let (kind, label, start, span) = (d.kind, &d.label, d.start, d.span);
        let assignment_id = assignment_id.filter(|_| d.of_assignment);
        let (amount, unit) = span_cols(span);
        self.0.execute(
            "INSERT INTO deadlines (case_id, assignment_id, kind, label, start_at, amount, unit,
                 due_at, provisional)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                case_id,
                assignment_id,
                Col(kind),
                label,
                Ts(start),
                amount,
                unit,
                Ts(due.at),
                due.provisional
            ],
        )?;
        Ok(self.0.last_insert_rowid())
    }

    /// Marks the running deadlines `ids` met at `at` (the plan names them).
    pub(crate) fn meet(&self, ids: &[i64], at: Instant) -> Result<()> {
        self.set(ids, "met_at", at)
    }

    /// Supersedes the running deadlines `ids` (转办, a new reply); the rows stay as history.
    pub(crate) fn supersede(&self, ids: &[i64], at: Instant) -> Result<()> {
        self.set(ids, "superseded_at", at)
    }

    fn set(&self, ids: &[i64], column: &'static str, at: Instant) -> Result<()> {
        let mut stmt = self.0.prepare_cached(&format!(
            "UPDATE deadlines SET {column} = ?1 WHERE id = ?2
               AND met_at IS NULL AND superseded_at IS NULL"
        ))?;
        for id in ids {
            stmt.execute(params![Ts(at), id])?;
        }
        Ok(())
    }
}

/// 催办 records. `counted` urges (overdue, spaced by the urge interval) count towards
/// escalation, per assignment: a 转办 starts the count again.
pub(crate) struct Urges<'t>(pub(crate) &'t Transaction<'t>);

/// One urge as written.
pub(crate) struct NewUrge<'a> {
    pub case_id: i64,
    pub assignment_id: Option<i64>,
    pub department_id: Option<i64>,
    pub at: Instant,
    pub way: &'a str,
    pub by: &'a str,
    pub content: &'a str,
    pub counted: bool,
}

impl Urges<'_> {
    pub(crate) fn add(&self, u: &NewUrge) -> Result<i64> {
        self.0.execute(
            "INSERT INTO urges (case_id, assignment_id, department_id, at, way, by_staff, content, counted)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                u.case_id,
                u.assignment_id,
                u.department_id,
                Ts(u.at),
                u.way,
                u.by,
                u.content,
                u.counted
            ],
        )?;
        Ok(self.0.last_insert_rowid())
    }

    /// How many counted urges the assignment has had.
    pub(crate) fn counted(&self, case_id: i64, assignment_id: Option<i64>) -> Result<u32> {
        Ok(self.0.query_row(
            "SELECT COUNT(*) FROM urges WHERE case_id = ?1 AND counted = 1 AND assignment_id IS ?2",
            params![case_id, assignment_id],
            |r| r.get(0),
        )?)
    }

    /// When the assignment was last urged with a counted urge.
    pub(crate) fn last_counted_at(
        &self,
        case_id: i64,
        assignment_id: Option<i64>,
    ) -> Result<Option<Instant>> {
        let last: Option<Ts> = self.0.query_row(
            "SELECT MAX(at) FROM urges WHERE case_id = ?1 AND counted = 1 AND assignment_id IS ?2",
            params![case_id, assignment_id],
            |r| r.get(0),
        )?;
        Ok(last.map(|t| t.0))
    }
}
