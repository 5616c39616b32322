//! Runs the domain scheduler over the ledger: loads the open cases in two queries, and
//! applies its automatic steps (deemed satisfaction, escalation after the urge limit) as
//! audited events.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zhitong_domain::schedule::{self, Agenda, AgendaItem, Board, OpenCase};
use zhitong_domain::{CaseState, Instant};

use crate::read::state_from;
use crate::{parse_ts, parse_ts_opt, Ledger, Result};

/// What one scheduler tick did and found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TickReport {
    #[ts(type = "string")]
    pub at: Instant,
    /// Cases deemed satisfied now (登记编号).
    pub deemed_satisfied: Vec<String>,
    /// Cases escalated now because they reached the urge limit.
    pub escalated: Vec<String>,
    /// Automatic steps that failed, one per case; the tick went on with the others.
    pub failed: Vec<TickFailure>,
    /// Everything overdue after the tick (the shell notifies about new ones).
    pub overdue: Vec<AgendaItem>,
    pub urge_due: Vec<AgendaItem>,
}

/// One case the scheduler could not process, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TickFailure {
    pub case_id: i64,
    pub reg_no: String,
    /// The step that failed: 视作满意, 提交领导小组督办 or 读取案件.
    pub step: String,
    pub message: String,
}

/// Every open case with what the scheduler needs of it, from the covering index
/// cases_open (migration 008). Both subqueries are one seek in an index of migration 007
/// (urges_case_assignment, assignments_case_current).
const OPEN_CASES: &str = "
    SELECT c.id, c.reg_no, e.name, c.summary, c.state, d.name, c.urge_count, c.escalated,
           -- The last urge of the current assignment: 转办 starts the count
           -- again, and the new department has not been urged yet.
           (SELECT MAX(u.at) FROM urges u WHERE u.case_id = c.id
              AND u.assignment_id IS (SELECT a.id FROM assignments a
                                      WHERE a.case_id = c.id AND a.superseded_at IS NULL)),
           c.outcome IS NOT NULL AND c.outcome <> 'B' AND c.eval_result IS NULL,
           c.eval_result IS 'unsatisfied'
    FROM cases c JOIN enterprises e ON e.id = c.enterprise_id
    LEFT JOIN departments d ON d.id = c.lead_department_id
    WHERE c.state NOT IN ('closed', 'void', 'rejected')
    ORDER BY c.id";

/// The running deadlines of the open cases. The open cases' ids come from the
/// cases_state_due index alone (the open states by name: `NOT IN` cannot seek), so no
/// case row is read for its state; then each open case's running deadlines from
/// deadlines_running_case alone (migration 008).
const RUNNING_DEADLINES: &str = "
    SELECT d.case_id, d.kind, d.label, d.due_at, d.provisional FROM deadlines d
    WHERE d.met_at IS NULL AND d.superseded_at IS NULL
      AND d.case_id IN (SELECT id FROM cases WHERE state IN (
          'registered', 'accepted', 'awaiting_material', 'assigned', 'in_progress', 'replied'))";

impl Ledger {
    /// The open cases as the scheduler sees them. A case whose rows cannot be read is
    /// left out and logged, so one damaged case does not hide the others.
    pub fn open_cases(&self) -> Result<Vec<OpenCase>> {
        Ok(self.open_cases_checked()?.0)
    }

    /// The open cases, and those left out because their rows could not be read.
    fn open_cases_checked(&self) -> Result<(Vec<OpenCase>, Vec<TickFailure>)> {
        let conn = self.conn();
        let mut stmt = conn.prepare(OPEN_CASES)?;
        let raw: Vec<(
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
            u32,
            bool,
            Option<String>,
            bool,
            bool,
        )> = stmt
            .query_map([], |r| r.try_into())?
            .collect::<rusqlite::Result<_>>()?;
        let mut deadlines: HashMap<i64, Vec<(String, Instant, bool)>> = HashMap::new();
        let mut evals: HashMap<i64, Instant> = HashMap::new();
        let mut dstmt = conn.prepare(RUNNING_DEADLINES)?;
        let drows: Vec<(i64, String, String, String, bool)> = dstmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut broken: HashMap<i64, String> = HashMap::new();
        for (case_id, kind, label, due, prov) in drows {
            let due = match parse_ts(&due) {
                Ok(d) => d,
                Err(e) => {
                    broken.insert(case_id, e.to_string());
                    continue;
                }
            };
            if kind == "evaluation" {
                evals.insert(case_id, due);
            } else {
                deadlines
                    .entry(case_id)
                    .or_default()
                    .push((label, due, prov));
            }
        }
        let mut open = Vec::with_capacity(raw.len());
        let mut failed = Vec::new();
        for (id, reg_no, enterprise, summary, state, lead, urges, escalated, last, rating, unsat) in
            raw
        {
            let read = (|| -> Result<OpenCase> {
                if let Some(e) = broken.remove(&id) {
                    return Err(crate::StoreError::Corrupt(e));
                }
                let state = state_from(&state)?;
                Ok(OpenCase {
                    id,
                    reg_no: reg_no.clone(),
                    enterprise,
                    summary,
                    state,
                    lead,
                    deadlines: if state == CaseState::AwaitingMaterial {
                        vec![] // paused: the clock does not run
                    } else {
                        deadlines.remove(&id).unwrap_or_default()
                    },
                    evaluation_due: evals.remove(&id),
                    counted_urges: urges,
                    last_urge_at: parse_ts_opt(last)?,
                    escalated,
                    awaiting_rating: rating,
                    unsatisfied: unsat,
                })
            })();
            match read {
                Ok(c) => open.push(c),
                Err(e) => {
                    tracing::error!(case = id, %reg_no, error = %e, "open case cannot be read");
                    failed.push(TickFailure {
                        case_id: id,
                        reg_no,
                        step: "读取案件".into(),
                        message: e.to_string(),
                    });
                }
            }
        }
        Ok((open, failed))
    }

    /// 工作台: what is due at `now`.
    pub fn agenda(&self, now: Instant) -> Result<Agenda> {
        let cases = self.open_cases()?;
        let (calendar, settings) = (self.calendar()?, self.settings()?);
        let mut a = schedule::agenda(&cases, &calendar, &settings, now);
        let unfiled = crate::decide::awaiting_filing(self.conn(), &settings)?;
        a.awaiting_filing = schedule::items(
            cases.iter().filter(|c| unfiled.contains(&c.id)),
            &calendar,
            &settings,
            now,
        );
        Ok(a)
    }

    /// 督办看板 at `now`.
    pub fn board(&self, now: Instant) -> Result<Board> {
        let cases = self.open_cases()?;
        let mut b = schedule::board(&cases, &self.calendar()?, &self.settings()?, now);
        crate::decide::name_on_board(self, &mut b)?;
        Ok(b)
    }

    /// One scheduler tick: deems unrated replies satisfied and escalates cases at the
    /// urge limit, each case as its own audited transaction. A case that fails is
    /// reported in [`TickReport::failed`] and logged; the tick goes on with the others.
    pub fn tick(&mut self, now: Instant) -> Result<TickReport> {
        let (cases, mut failed) = self.open_cases_checked()?;
        let a = schedule::agenda(&cases, &self.calendar()?, &self.settings()?, now);
        let mut deemed = Vec::new();
        for it in &a.deem_satisfied {
            match self.deem_satisfied(it.case_id, now) {
                Ok(_) => deemed.push(it.reg_no.clone()),
                Err(e) => failed.push(failure(it, "视作满意", &e)),
            }
        }
        let mut escalated = Vec::new();
        for it in &a.escalation_due {
            match self.escalate_by_rule(it.case_id, now) {
                Ok(_) => escalated.push(it.reg_no.clone()),
                Err(e) => failed.push(failure(it, "提交领导小组督办", &e)),
            }
        }
        let after = if deemed.is_empty() && escalated.is_empty() {
            a
        } else {
            self.agenda(now)?
        };
        Ok(TickReport {
            at: now,
            deemed_satisfied: deemed,
            escalated,
            failed,
            overdue: after.overdue,
            urge_due: after.urge_due,
        })
    }
}

fn failure(it: &AgendaItem, step: &str, e: &crate::StoreError) -> TickFailure {
    tracing::error!(case = it.case_id, reg_no = %it.reg_no, step, error = %e, "scheduler step failed");
    TickFailure {
        case_id: it.case_id,
        reg_no: it.reg_no.clone(),
        step: step.into(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::plan;

    #[test]
    fn the_open_cases_are_read_through_their_indexes() {
        let l = Ledger::open_in_memory().unwrap();
        let none: [i64; 0] = [];
        let p = plan(&l.conn, OPEN_CASES, &none);
        for (index, why) in [
            (
                "COVERING INDEX cases_open",
                "only the open cases are read, from the index alone (migration 008)",
            ),
            (
                "COVERING INDEX urges_case_assignment",
                "the last urge of the current assignment is one seek",
            ),
            (
                "COVERING INDEX assignments_case_current",
                "the current assignment is one seek",
            ),
        ] {
            assert!(p.iter().any(|d| d.contains(index)), "{why}: {p:#?}");
        }
        let p = plan(&l.conn, RUNNING_DEADLINES, &none);
        assert!(
            p.iter()
                .any(|d| d.contains("COVERING INDEX cases_state_due (state=?)")),
            "the open cases' ids come from an index, no case row is read: {p:#?}"
        );
        assert!(
            p.iter()
                .any(|d| d.contains("COVERING INDEX deadlines_running_case (case_id=?)")),
            "only the open cases' running deadlines are read, from the index alone: {p:#?}"
        );
    }

    #[test]
    fn the_running_deadlines_are_those_of_every_open_state() {
        for state in CaseState::ALL {
            assert_eq!(
                RUNNING_DEADLINES.contains(&format!("'{}'", state.id())),
                state.is_open(),
                "{state:?}: the statement names exactly the open states"
            );
        }
    }
}
